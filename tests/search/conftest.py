import json
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAWS = FIXTURES / "laws"
SEARCH_FIXTURES = FIXTURES / "search"

ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇]+条)\s*(.*)$")


def law_articles(filename: str) -> tuple[str, list[tuple[str, str]]]:
    """(law title, [(第N条, text)]) of a regulation in tests/fixtures/laws/."""
    lines = (LAWS / filename).read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip()
    articles: list[tuple[str, str]] = []
    for line in lines[1:]:
        line = line.strip()
        match = ARTICLE.match(line)
        if match:
            articles.append((match.group(1), match.group(2)))
        elif articles and line and not line.startswith(("<!--", "#")):
            label, text = articles[-1]
            articles[-1] = (label, text + line)
    return title, articles


def make_page(parent, title, introduction="", body="", slug=None, publish=True):
    from home.models import StandardPage

    page = StandardPage(
        title=title,
        slug=slug or f"p-{abs(hash((title, introduction))) % 10**10}",
        introduction=introduction[:500],
        body=json.dumps([{"type": "paragraph", "value": f"<p>{body}</p>"}]) if body else [],
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


# Search quality: test_quality.py records, per query, the rank of each expected result; the
# summary below prints precision@5 in the normal pytest output.
QUALITY: dict[str, dict] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not QUALITY:
        return
    from django.db import connection

    n = len(QUALITY)
    found = sum(1 for r in QUALITY.values() if r["relevant_in_top5"] > 0)
    p_at_5 = sum(r["relevant_in_top5"] / 5 for r in QUALITY.values()) / n
    norm_p_at_5 = sum(r["relevant_in_top5"] / min(5, r["relevant"]) for r in QUALITY.values()) / n
    mrr = sum(1 / r["first_rank"] if r["first_rank"] else 0 for r in QUALITY.values()) / n
    write = terminalreporter.write_line
    terminalreporter.section(f"search quality ({connection.vendor})")
    write(f"queries: {n}; an expected result in the top 5: {found}/{n} ({found / n:.0%})")
    write(f"precision@5: {p_at_5:.3f} (relevant results in the top 5 / 5)")
    write(f"precision@5 normalised: {norm_p_at_5:.3f} (/ min(5, relevant results per query))")
    write(f"mean reciprocal rank: {mrr:.3f}")
    for query, r in QUALITY.items():
        if r["relevant_in_top5"] == 0:
            write(f"  missed: {query!r} -> top 5 {r['top5']}")
