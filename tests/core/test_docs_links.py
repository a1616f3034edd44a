"""The README stays a short front door, and every relative link in it and in docs/ leads somewhere."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def markdown_files():
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_readme_is_short():
    # Figures, guides and operations belong in docs/; the README says what this is and where to go.
    assert len((ROOT / "README.md").read_bytes()) < 8 * 1024


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    missing = [
        target
        for target in LINK.findall(path.read_text(encoding="utf-8"))
        if "://" not in target
        and not target.startswith("mailto:")
        and not (path.parent / target).exists()
    ]
    assert not missing, f"{path.relative_to(ROOT)} links to missing files: {missing}"


def test_every_plugin_has_its_page_and_its_row_in_the_readme():
    """One page per plugin in docs/plugins/, and the README's plugin table links to it."""
    from django.conf import settings

    ours = [p for p in settings.LAWBRIDGE_OPTIONAL_PLUGINS if (ROOT / p / "apps.py").exists()]
    assert ours
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        row.split("|")[1]: row
        for row in readme.splitlines()
        if row.startswith("| `") and row.count("|") >= 4
    }
    missing_pages = [p for p in ours if not (ROOT / "docs" / "plugins" / f"{p}.md").exists()]
    unlinked = [
        p
        for p in ours
        if not any(
            f"`{p}/`" in cell and f"docs/plugins/{p}.md" in row for cell, row in rows.items()
        )
    ]
    assert not missing_pages, f"no docs/plugins/<name>.md for {missing_pages}"
    assert not unlinked, f"no README row linking to its page for {unlinked}"
