"""Printing a point's collection codes: ``python -m bench printing [--codes 200] [--runs 3]``.

Renders each print layout (business cards ten to an A4 sheet, posters, table tents) for
``--codes`` codes in this process, through the same templates and ``core/pdf.py`` as the print
view, without a database: each code a distinct QR picture, a draft title, an article and a
collection site, as the view gives them. Prints the median of ``--runs`` renders per layout and
its pages. Target: a print run of ``MAX_PER_PRINT`` codes (200, the most one request prints) in
every layout within 10 s, the time a member of point staff waits for the download.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

TARGET_S = 10


def contexts(count: int) -> dict[str, dict]:
    from types import SimpleNamespace

    from liaison_points import codes
    from liaison_points.codes_admin import LAYOUTS, _qr_data_uri, sheets_of

    draft = SimpleNamespace(title="滨州市文明行为促进条例（草案）")
    cards = []
    for i in range(count):
        code = f"{i:08d}".translate(str.maketrans("0123456789", "ABCDEFGHJK"))
        cards.append(
            {
                "code": SimpleNamespace(page=draft, article_label=f"第{i + 1}条", kind="grid"),
                "pretty": codes.pretty(code),
                "qr": _qr_data_uri(f"https://lawbridge.example.gov.cn/c/{code}"),
                "url": f"https://lawbridge.example.gov.cn/c/{code}",
                "source": "幸福里网格",
            }
        )
    point = SimpleNamespace(title="市中街道基层立法联系点", phone="0543-1234567")
    common = {"point": point, "entry_url": "https://lawbridge.example.gov.cn/c/"}
    return {layout: {**common, "sheets": sheets_of(layout, cards)} for layout in LAYOUTS}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench printing")
    parser.add_argument("--codes", type=int, default=200)  # codes_admin.MAX_PER_PRINT
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.dev")
    import django

    django.setup()
    from django.utils import translation

    from core import pdf

    translation.activate("zh-hans")
    if not pdf.installed_cjk_font():
        print("no CJK font installed (fonts-noto-cjk): the figures would not be production's")
        return 1
    print(f"{args.codes} codes, median of {args.runs} renders per layout")
    print(f"{'layout':8} {'pages':>6} {'median s':>9} {'max s':>7}")
    worst = 0.0
    for layout, context in contexts(args.codes).items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            document = pdf.render_document(f"liaison_points/pdf/{layout}.html", context)
            document.write_pdf()
            times.append(time.perf_counter() - start)
        pages = len(document.pages)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{layout:8} {pages:>6} {median:>9.2f} {max(times):>7.2f}")
    verdict = "within" if worst <= TARGET_S else "OVER"
    print(f"slowest layout {worst:.2f} s: {verdict} the {TARGET_S} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
