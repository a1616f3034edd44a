"""The articles a draft offers for comment (``core.interfaces.Commentable``), current or of an
older version: what an opinion is attached to, and how a link to it follows the article."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.interfaces import CommentTarget

from ..permalinks import version_article_url
from .anchors import article_anchor


def article_target(
    page, item: dict, version=None, page_url: str | None = None, routes=None
) -> CommentTarget:
    """``item`` of the current text (``version`` None: the current version), or of an older
    ``version``. A link follows the article by its key: to where it stands in the current
    text, or to its history when a later version deleted it. ``page_url`` is ``page.get_url()``
    when the caller has it already (a page of 50 articles asked for it three times each), and
    ``routes`` the page's ``ArticleRoutes`` when it builds many targets."""
    in_text = version is None
    version = version or page.current_version
    current = item if in_text else current_article(page, item["key"])
    if page_url is None:
        page_url = page.get_url() or ""
    if routes is not None:
        history = routes.history(item["key"])
    else:
        history = page_url + page.reverse_subpage("history", args=[item["key"]]) if page_url else ""
    if current is not None:
        url = f"{page_url}#{article_anchor(current['ordinal'])}" if page_url else ""
    else:
        url = history
    # The article as it read in that version, saying where it is now (drafts.permalinks).
    version_url = ""
    if version is not None and page_url and item.get("ordinal"):
        if routes is not None:
            version_url = routes.version_article(version, item["ordinal"])
        else:
            version_url = version_article_url(page, version, item["ordinal"], page_url=page_url)
    return CommentTarget(
        key=item["key"],
        label=item["number"],
        text=item["text"],
        url=url,
        version_id=version.pk if version is not None else None,
        version_label=version.label if version is not None else "",
        version_url=version_url or (f"{history}#version-{version.pk}" if version else history),
    )


def current_article(page, key: str) -> dict | None:
    return next((item for item in page.articles() if item["key"] == key), None)


def find_target(
    page, key: str, *, version_id: int | None = None, at: dt.datetime | None = None
) -> CommentTarget | None:
    """The article ``key`` as commented on: in the version asked for, else the version in force
    at ``at``, else the current text, else the latest version that had it."""
    key = str(key or "")

    def found_in(version):
        item = next((a for a in version.articles() if a.get("key") == key), None)
        return article_target(page, item, version) if item is not None else None

    if version_id is not None:
        version = next((v for v in page.version_rows if v.pk == version_id), None)
        target = found_in(version) if version is not None else None
        if target is not None:
            return target
    if at is not None:
        # The version in force that day: the one commented on by an opinion of that day.
        day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
        then = [v for v in page.version_rows if v.date <= day]
        target = found_in(then[-1]) if then else None
        if target is not None:
            return target
    item = current_article(page, key)
    if item is not None:
        return article_target(page, item)
    for version in reversed(page.version_rows):
        target = found_in(version)
        if target is not None:
            return target
    return None
