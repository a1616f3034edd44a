"""The editor's guide (docs/guide/): one page per role, all reachable from the guide's index and
the README, and every label it quotes in 「…」 is one the admin can actually show.

The labels are checked against the catalogues the admin is drawn from, not against a rendered
admin: the project's own strings are written in Chinese (its msgids), Wagtail's and Django's come
from their zh_Hans catalogues, and group or workflow names are literals in the project's source.
A renamed menu or button therefore fails here until the guide follows it."""

import re
from functools import cache
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
GUIDE = ROOT / "docs" / "guide"

# One page per role (the group names are those the migrations and plugins create).
ROLE_PAGES = {
    "draft-editor.md": "草案编辑",
    "opinion-handler.md": "意见办理员",
    "personal-data.md": "个人信息管理员",
    "liaison.md": "法工委联络员",
    "point-staff.md": "联系点工作人员",
    "law-education.md": "普法编辑",
    "administrator.md": "系统管理员",
}

QUOTED = re.compile(r"「([^」]*)」")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _links(path: Path) -> set[str]:
    return set(LINK.findall(path.read_text(encoding="utf-8")))


@cache
def _known_labels() -> frozenset[str]:
    """Every string the admin can show in zh-hans: our msgids, Wagtail's and Django's zh_Hans
    translations."""
    known: set[str] = set()
    ours = [p for p in ROOT.glob("**/locale/en/LC_MESSAGES/django.po") if ".venv" not in p.parts]
    for path in ours:
        known.update(entry.msgid for entry in polib.pofile(str(path)))
    for package in (wagtail, django):
        for path in Path(package.__file__).parent.rglob("zh_Hans/LC_MESSAGES/*.po"):
            known.update(entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr)
    return frozenset(label.strip() for label in known if label.strip())


@cache
def _source_text() -> str:
    """Names that are data, not UI strings (groups, workflows): literals in our own code."""
    parts = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" not in path.parts and "tests" not in path.parts:
            parts.append(path.read_text(encoding="utf-8", errors="ignore"))
    return "\n".join(parts)


def label_exists(label: str) -> bool:
    label = label.strip()
    if not re.search(r"\w", label):
        return True  # an icon the text describes, such as 「⋯」 or 「+」
    known = _known_labels()
    if label in known or f'"{label}"' in _source_text():
        return True
    # Wagtail composes some buttons, e.g. "添加 %(model_name)s" → 「添加 报送批次」.
    words = label.split()
    return len(words) > 1 and all(word in known for word in words)


def _guide_pages() -> list[Path]:
    return [GUIDE / "README.md", *(GUIDE / name for name in ROLE_PAGES)]


@pytest.mark.parametrize("name", ROLE_PAGES)
def test_each_role_has_a_page_linked_from_the_guide_index(name):
    page = GUIDE / name
    assert page.is_file(), f"docs/guide/{name} is missing"
    assert ROLE_PAGES[name] in page.read_text(encoding="utf-8")
    assert name in _links(GUIDE / "README.md"), f"docs/guide/README.md does not link {name}"
    assert "README.md" in _links(page), f"{name} does not link back to the guide index"


def test_the_guide_is_linked_from_the_readme_docs_list():
    assert "docs/guide/README.md" in _links(ROOT / "README.md")


@pytest.mark.django_db
def test_every_office_group_is_in_the_guide_index():
    """A new role made by a migration or plugin needs its page (or a row) in the guide."""
    from django.contrib.auth.models import Group

    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    groups = Group.objects.values_list("name", flat=True)
    missing = [name for name in groups if name.split("：")[0] not in index]
    assert missing == []


@pytest.mark.parametrize("page", _guide_pages(), ids=lambda p: p.name)
def test_every_quoted_admin_label_exists_in_zh_hans(page):
    labels = QUOTED.findall(page.read_text(encoding="utf-8"))
    assert labels, f"{page.name} quotes no admin label"
    unknown = sorted({label for label in labels if not label_exists(label)})
    assert unknown == [], f"{page.name} quotes labels the admin does not show: {unknown}"


def test_the_label_check_rejects_a_label_that_is_not_there():
    assert label_exists("全部意见") and label_exists("更多动作") and label_exists("添加 报送批次")
    assert not label_exists("全部意见表")
    assert not label_exists("添加 不存在的东西")
