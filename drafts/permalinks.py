"""Links to a draft's articles and versions that keep working when a later version renumbers.

Three addresses under a draft page (its routes in ``drafts.models.draft_page``):

- ``articles/<key>/``: an article by its stable key (the block id the API's ``structure``
  gives). In the current text it redirects to the article's anchor; deleted by a later version,
  it shows the article as it last read and which version deleted it. Any key the draft ever had
  answers; an unknown key is a 404.
- ``versions/<n>/``: the full text of version ``n``, read-only, with the anchors of the reading
  page. ``n`` counts the published versions in the order the draft page lists them (by date,
  1 = the first, ``RegulationDraftPage.versions()``). New versions come last, so numbers stay;
  importing a version dated before an existing one would move the later ones up by one.
- ``versions/<n>/articles/<ordinal>/``: the article that was 第<ordinal>条 in version ``n``, as it
  read then, and where it is now — what a citation "一审稿第五条" means years later.

Published versions are public and may be cached with the page (``core.page_cache``: a publish
drops every cached page). A pending version (imported, not yet published) is numbered after the
published ones and shown only to users who may edit the page, in responses marked private.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch

# Submodules, not the ``drafts.models`` package: its comment targets link here while it loads.
from .models.anchors import (
    article_anchor,
    article_lines,
    article_ordinal,
    heading_level,
    is_subpart,
)
from .models.text import HEADING_TYPES
from .models.versions import DraftVersion

__all__ = [
    "MAX_NUMBER",
    "ArticleNow",
    "NumberedVersion",
    "article_entry",
    "article_now",
    "can_see_pending",
    "find_version",
    "last_reading",
    "numbered_versions",
    "subpage_url",
    "version_article",
    "version_article_url",
    "version_items",
    "version_number",
]

MAX_NUMBER = 999_999  # the routes accept at most six digits: a longer number is a 404


@dataclass(frozen=True)
class NumberedVersion:
    number: int  # its place in the URL: versions/<number>/
    version: DraftVersion
    pending: bool = False


@dataclass(frozen=True)
class ArticleNow:
    """Where an article of some version stands in the current text."""

    item: dict | None  # the article in the current text, None once deleted
    url: str  # its anchor in the current text, or its history when deleted
    version: DraftVersion | None  # the current version (the one that says so)
    removed_in: DraftVersion | None = None  # the version that deleted it, when known


def can_see_pending(request, page) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return page.permissions_for_user(user).can_edit()


def _pending_versions(page) -> list[DraftVersion]:
    return list(
        DraftVersion.objects.filter(
            page__translation_key=page.translation_key, pending=True
        ).order_by("pk")
    )


def numbered_versions(page, *, pending: bool = False, text: bool = True) -> list[NumberedVersion]:
    """Every published version, numbered, then the pending ones if asked. ``text=False`` for
    a list of labels: the page's cached rows, without loading every version's text."""
    published = page.versions() if text else page.version_rows
    rows = [NumberedVersion(n, v) for n, v in enumerate(published, 1)]
    if pending:
        start = len(rows) + 1
        rows += [NumberedVersion(start + i, v, True) for i, v in enumerate(_pending_versions(page))]
    return rows


def find_version(page, number: int, request) -> NumberedVersion | None:
    """Version ``number`` as the requester may see it, or None."""
    published = page.version_rows  # cached on the page, structure deferred
    if 1 <= number <= len(published):
        version = DraftVersion.objects.get(pk=published[number - 1].pk)
        return NumberedVersion(number, version)
    if number > len(published) and can_see_pending(request, page):
        pending = _pending_versions(page)
        index = number - len(published) - 1
        if index < len(pending):
            return NumberedVersion(number, pending[index], True)
    return None


def version_number(page, version) -> int | None:
    for number, row in enumerate(page.version_rows, 1):
        if row.pk == version.pk:
            return number
    return None


def subpage_url(page, page_url: str | None, name: str, *args) -> str:
    """``page_url`` + the route; empty when the page has no URL or the arguments cannot form
    one (a key that is not a UUID, which no route accepts)."""
    if not page_url:
        return ""
    try:
        return page_url + page.reverse_subpage(name, args=[str(a) for a in args])
    except NoReverseMatch:
        return ""


def version_article_url(
    page, version, ordinal: int, request=None, page_url: str | None = None
) -> str:
    """Where 第<ordinal>条 of a published ``version`` can be read; empty for a pending one.
    ``page_url``: the page's URL when the caller has it already."""
    number = version_number(page, version)
    if not number:
        return ""
    if page_url is None:
        page_url = page.get_url(request)
    return subpage_url(page, page_url, "version_article", number, ordinal)


def _ordinal(item: dict, position: int) -> int:
    return item.get("ordinal") or article_ordinal(item.get("number", ""), position)


def version_article(version, ordinal: int) -> dict | None:
    """The article numbered ``ordinal`` in ``version`` (the first, if an import repeated it)."""
    for position, item in enumerate(version.articles(), 1):
        if _ordinal(item, position) == ordinal:
            return item
    return None


def article_now(page, key: str, numbered: list[NumberedVersion], request=None) -> ArticleNow:
    """Where the article ``key`` is in the current text, or which version deleted it."""
    current_version = page.current_version
    current = next((item for item in page.articles() if item["key"] == key), None)
    if current is not None:
        return ArticleNow(current, page.article_url(current["ordinal"], request), current_version)
    removed_in = None
    held = False
    for row in numbered:
        if row.pending:
            continue
        has = any(a.get("key") == key for a in row.version.articles())
        if held and not has and removed_in is None:
            removed_in = row.version
        if has:
            held, removed_in = True, None
    history = subpage_url(page, page.get_url(request), "history", key)
    return ArticleNow(None, history, current_version, removed_in or current_version)


def last_reading(numbered: list[NumberedVersion], key: str) -> tuple[NumberedVersion, dict] | None:
    """The latest version holding the article ``key``, and the article as it read there."""
    for row in reversed(numbered):
        item = next((a for a in row.version.articles() if a.get("key") == key), None)
        if item is not None:
            return row, item
    return None


def article_entry(item: dict, position: int) -> dict:
    """An article of a version ready to render (anchor and lines as on the reading page)."""
    ordinal = _ordinal(item, position)
    entry = dict(item)
    entry["ordinal"] = ordinal
    entry["anchor"] = article_anchor(ordinal)
    entry["lines"] = article_lines(ordinal, item.get("text", ""))
    return entry


def version_items(page, version, *, is_current: bool, page_url: str) -> list[dict]:
    """Every item of ``version`` ready to render like the reading page; an article of an older
    version also says its number now (``now_number``, ``now_url`` in the current text) or that
    it is gone (``now_removed``)."""
    now = {} if is_current else {item["key"]: item for item in page.articles()}
    items = []
    position = 0
    for item in version.items():
        kind = item.get("type")
        if kind == "article":
            position += 1
            entry = article_entry(item, position)
            entry["history_url"] = subpage_url(page, page_url, "history", item.get("key", ""))
            if not is_current:
                current = now.get(item.get("key"))
                entry["now_removed"] = current is None
                if current is not None and current["number"] != item.get("number"):
                    entry["now_number"] = current["number"]
                    entry["now_url"] = f"{page_url}#{article_anchor(current['ordinal'])}"
        elif kind in HEADING_TYPES:
            entry = dict(item)
            entry["anchor"] = f"{kind}-{item.get('key', '')}"
            entry["subpart"] = kind == "part" and is_subpart(item.get("number", ""))
            entry["level"] = heading_level(item)
        else:
            entry = {"type": "note", "text": item.get("text", "")}
        items.append(entry)
    return items


class ArticleRoutes:
    """A page's per-article URLs (an article's history, an article of a published version),
    each route reversed once per page and filled in per article: a draft of 200 articles
    reversed the same routes hundreds of times on one reading."""

    _KEY = "00000000-0000-0000-0000-000000000000"  # any UUID: the history route takes one

    def __init__(self, page, page_url: str):
        self.page = page
        self.page_url = page_url or ""
        self._history = page.reverse_subpage("history", args=[self._KEY]) if page_url else ""
        # Placeholders in the route's own part only, never in the page's path.
        self._version = (
            page.reverse_subpage("version_article", args=["111111", "222222"]) if page_url else ""
        )
        self._numbers = {row.pk: n for n, row in enumerate(page.version_rows, 1)}

    def history(self, key: str) -> str:
        if not self._history:
            return ""
        if len(key) != len(self._KEY):  # not a UUID: the route would not take it
            return subpage_url(self.page, self.page_url, "history", key)
        return self.page_url + self._history.replace(self._KEY, key)

    def version_article(self, version, ordinal: int) -> str:
        number = self._numbers.get(version.pk)
        if not number or not self._version:
            return ""
        route = self._version.replace("111111", str(number)).replace("222222", str(ordinal))
        return self.page_url + route
