"""The committee's decision file at scale: ``python -m bench decisions --size 100000``.

Builds a throw-away database (a temporary SQLite file, or ``test_…`` on PostgreSQL; the database
named by DATABASE_URL is never touched) with one draft and ``--size`` opinions forwarded to the
committee (one in ten with an e-mail address, so queueing notifications is part of the cost; a
worker sends them, as in production), writes a
decision sheet for all of them (回执码 | 修改意见 | 采纳情况 | 答复), then times, in forked children
so peak memory can be read per run:

* preview (``decision_import.preview``: stream the sheet, check every row against the database),
* apply (``decision_import.apply_file``: one transaction, a transition and history row per opinion,
  notifications after commit), the opinions reset to 已转交法工委 between runs,

at a tenth of the rows and at all of them, so that flat memory shows as equal growth. Figures are
medians of ``--runs`` runs. Target: preview and apply each under 120 s at 100,000 rows.

Figures on the 2-core development machine, SQLite, load average 3–5 (other jobs running), medians
of 3 runs — 10,000 rows: preview 6.5 s (+32 MB peak), apply 19.7 s (+34 MB); 100,000 rows (a
1.9 MB sheet): preview 40.6 s (+47 MB), apply 81.9 s (+49 MB). The memory that grows with rows is
the set of receipt codes seen (a code twice in one file is an error): about 15 MB per 100,000.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

TARGET_S = 120


def _vm(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])  # kB
    return 0


def load(page, size: int, chunk: int = 5000) -> list[str]:
    from django.utils import timezone

    from bench.opinions import code_for
    from forms.models import Opinion

    offset = Opinion.objects.count() + 10_000
    now = timezone.now()
    codes = []
    for start in range(0, size, chunk):
        rows = []
        for i in range(start, min(start + chunk, size)):
            code = code_for(offset + i)
            codes.append(code)
            rows.append(
                Opinion(
                    page_id=page.pk,
                    page_title=page.title,
                    text=f"建议第{i}号：明确处罚标准，增加听证程序。",
                    fingerprint=f"bench-{i}",
                    category="public",
                    channel="web",
                    language="zh-hans",
                    email=f"r{i}@example.com" if i % 10 == 0 else "",
                    privacy_consent=True,
                    publish_consent="none",
                    status="forwarded",
                    receipt_code=code,
                    submit_time=now,
                )
            )
        Opinion.objects.bulk_create(rows, batch_size=chunk)
        print(f"\r  loaded {start + len(rows):,}/{size:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return codes


def write_sheet(codes, path: str) -> None:
    import xlsxwriter

    words = ["采纳", "部分采纳", "未采纳"]
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["回执码", "修改意见", "采纳情况", "答复"])
    for n, code in enumerate(codes, start=1):
        reply = f"经研究，您提出的第{n}号意见已由法制工作委员会审议，感谢您的参与。"
        sheet.write_row(n, 0, [code, "建议明确处罚标准。", words[n % 3], reply])
    workbook.close()


def reset(page_id: int) -> None:
    from forms.models import DecisionFile, Opinion, StatusChange

    StatusChange.objects.filter(opinion__page_id=page_id).delete()
    DecisionFile.objects.all().delete()
    Opinion.objects.filter(page_id=page_id).update(status="forwarded", reply="", replied_at=None)


def in_child(what: str, path: str, user_id: int, sha: str) -> tuple[float, float, int]:
    """Run preview or apply in a forked child: (seconds, peak RSS growth MB, rows changed)."""
    from django.db import connections

    connections.close_all()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            from django.contrib.auth import get_user_model

            from forms import decision_import

            user = get_user_model().objects.get(pk=user_id)
            rss_before = _vm("VmRSS:")
            began = time.perf_counter()
            from django.core.files import File

            with File(open(path, "rb")) as handle:  # noqa: SIM115 - closed by File
                rows = decision_import.read_rows(handle)
                if what == "preview":
                    plan = decision_import.preview(rows, user)
                else:
                    plan = decision_import.apply_file(rows, user, sha256=sha, name="bench.xlsx")
            seconds = time.perf_counter() - began
            growth = max(0, _vm("VmHWM:") - rss_before) / 1024
            assert plan.errors == 0, plan.sample_errors[:3]
            if what == "apply":
                from django_tasks import default_task_backend

                queued = len(default_task_backend.results)
                assert queued >= plan.changes // 10, queued
            os.write(write_fd, f"{seconds} {growth} {plan.changes}".encode())
        except BaseException:  # noqa: BLE001 - report it before os._exit
            import traceback

            traceback.print_exc()
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    data = os.read(read_fd, 200).decode().split()
    os.close(read_fd)
    if not data:
        raise SystemExit(f"the {what} child failed")
    return float(data[0]), float(data[1]), int(data[2])


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench decisions")
    parser.add_argument("--size", type=int, default=100_000, help="rows (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawbridge.settings.test")
    import django

    django.setup()
    from django.db import connection

    # As in production, notifications are queued for a worker (here: kept in memory, not sent);
    # the inline backend of the test settings would send 10,000 e-mails inside the request.
    from django.test.utils import override_settings

    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ).enable()

    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = os.path.join(tempfile.gettempdir(), "lb_bench_decisions.sqlite3")
    else:
        test_settings["NAME"] = "lb_bench_decisions"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> int:
    from django.contrib.auth import get_user_model
    from django.test.utils import setup_test_environment

    from tests.factories import DraftFactory

    setup_test_environment()
    page = DraftFactory(articles=5)
    user = get_user_model().objects.create_superuser("bench", "", "bench")
    codes = load(page, args.size)
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for size in sorted({max(1, args.size // 10), args.size}):
            path = os.path.join(folder, f"decisions-{size}.xlsx")
            write_sheet(codes[:size], path)
            mb = os.path.getsize(path) / 1024 / 1024
            for what in ("preview", "apply"):
                runs = []
                for n in range(args.runs):
                    reset(page.pk)
                    runs.append(in_child(what, path, user.pk, f"bench-{size}-{n}"))
                seconds = statistics.median(r[0] for r in runs)
                growth = statistics.median(r[1] for r in runs)
                changed = runs[0][2]
                ok = seconds < TARGET_S
                failed |= size == args.size and not ok
                print(
                    f"{what:8} {size:>9,} rows ({mb:.1f} MB): median {seconds:7.1f} s, "
                    f"peak memory +{growth:6.1f} MB, {changed:,} changed "
                    f"[{'ok' if ok else 'SLOW'} < {TARGET_S} s]"
                )
    return 1 if failed else 0
