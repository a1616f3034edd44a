"""From a parsed document to pages and versions, keeping every article's key across versions.

Used by the admin import view, ``manage.py import_draft`` and the demo content. The parser
(``core.legal_text``) and the matcher (``drafts.diff``) stay pure Python; this module is where
they meet the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends import get_search_backends_with_name

from core.legal_text import ParsedDraft, items_from_parsed, normalize_spaces

from .diff import ArticleRef, diff_versions, match_articles
from .models import DraftIndexPage, DraftVersion, PublishedArticle, RegulationDraftPage
from .models.text import HEADING_TYPES

logger = logging.getLogger(__name__)


def _key() -> str:
    return str(uuid.uuid4())


def assign_keys(items: list[dict], previous: list[dict] | None) -> list[dict]:
    """Give every item a key; an article keeps the key of the same article in ``previous``."""
    previous = previous or []
    old_articles = [i for i in previous if i.get("type") == "article"]
    new_articles = [i for i in items if i["type"] == "article"]
    mapping = match_articles(
        [normalize_spaces(a["text"]) for a in old_articles],
        [normalize_spaces(a["text"]) for a in new_articles],
    )
    for j, article in enumerate(new_articles):
        article["key"] = old_articles[mapping[j]]["key"] if j in mapping else _key()
    headings = {
        (i["type"], i.get("number"), i.get("title")): i["key"]
        for i in previous
        if i.get("type") in HEADING_TYPES and i.get("key")
    }
    used = set()
    for item in items:
        if item["type"] in HEADING_TYPES:
            key = headings.get((item["type"], item["number"], item["title"]))
            item["key"] = key if key and key not in used else _key()
            used.add(item["key"])
        elif item["type"] == "note":
            item["key"] = _key()
    return items


def body_from_items(items: list[dict]) -> list[dict]:
    """Raw StreamField data whose block ids are the items' keys."""
    raw = []
    for item in items:
        if item["type"] == "article":
            value = {"number": item["number"], "text": item["text"]}
        elif item["type"] in HEADING_TYPES:
            value = {"number": item["number"], "title": item["title"]}
        else:
            value = item["text"]
        raw.append({"type": item["type"], "value": value, "id": item["key"]})
    return raw


def snapshot(parsed: ParsedDraft | None, items: list[dict]) -> dict:
    return {
        "title": parsed.title if parsed else "",
        "items": items,
        "unplaced": list(parsed.unplaced) if parsed else [],
        "warnings": list(parsed.warnings) if parsed else [],
    }


def _unique_slug(parent, base: str) -> str:
    base = slugify(base, allow_unicode=True)[:60] or "draft"
    slug, n = base, 1
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass
class ImportResult:
    page: RegulationDraftPage
    version: DraftVersion
    published: bool


@transaction.atomic
def create_draft(
    index: DraftIndexPage,
    parsed: ParsedDraft,
    *,
    title: str | None = None,
    slug: str | None = None,
    label: str = "征求意见稿",
    date: dt.date | None = None,
    user=None,
    publish: bool = False,
    source_name: str = "",
    **fields,
) -> ImportResult:
    """A new draft under ``index`` holding the parsed text (saved as a draft revision unless
    ``publish``)."""
    title = title or parsed.title or "未命名草案"
    items = assign_keys(items_from_parsed(parsed), None)
    page = RegulationDraftPage(
        title=title,
        slug=slug or _unique_slug(index, title),
        body=body_from_items(items),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    version = DraftVersion.objects.create(
        page=page,
        label=label,
        date=date or timezone.localdate(),
        structure=snapshot(parsed, items),
        source_name=source_name,
        pending=True,
        created_by=user if getattr(user, "pk", None) else None,
    )
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        version.refresh_from_db()
    return ImportResult(page, version, publish)


@transaction.atomic
def add_version(
    page: RegulationDraftPage,
    parsed: ParsedDraft,
    *,
    label: str,
    date: dt.date | None = None,
    note: str = "",
    user=None,
    publish: bool = False,
    source_name: str = "",
) -> ImportResult:
    """A new version of ``page``: articles keep their keys when they are the same article."""
    page = page.specific
    previous = current_items(page)
    items = assign_keys(items_from_parsed(parsed), previous)
    latest = page.get_latest_revision_as_object()
    latest.body = body_from_items(items)
    DraftVersion.objects.filter(page=page, pending=True).delete()
    version = DraftVersion.objects.create(
        page=page,
        label=label,
        date=date or timezone.localdate(),
        note=note,
        structure=snapshot(parsed, items),
        source_name=source_name,
        pending=True,
        created_by=user if getattr(user, "pk", None) else None,
    )
    revision = latest.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        version.refresh_from_db()
    return ImportResult(page, version, publish)


def current_items(page: RegulationDraftPage) -> list[dict]:
    version = page.draft_versions.filter(is_current=True).first()
    if version is not None:
        return version.items()
    return page.text_items


# ---------------------------------------------------------------------------
# Keeping versions and the search copy in step with the live page
# ---------------------------------------------------------------------------


def sync_versions(page: RegulationDraftPage) -> None:
    """Called when ``page`` is published: a pending version becomes current, and the current
    version's snapshot follows the published text (editors may have corrected it)."""
    own = DraftVersion.objects.filter(page=page)
    if not own.exists() and (
        DraftVersion.objects.filter(page__translation_key=page.translation_key).exists()
    ):
        return  # a translation: the source page owns the versions
    pending = own.filter(pending=True).order_by("-pk").first()
    if pending is not None:
        own.exclude(pk=pending.pk).update(is_current=False)
        own.filter(pending=True).exclude(pk=pending.pk).delete()
        pending.pending = False
        pending.is_current = True
        current = pending
    else:
        current = own.filter(is_current=True).first() or own.order_by("-date", "-pk").first()
    items = page.text_items
    if current is None:
        if not any(item["type"] == "article" for item in items):
            return
        current = DraftVersion(page=page, label="征求意见稿", date=timezone.localdate())
        current.is_current = True
    structure = dict(current.structure or {})
    structure["items"] = items
    current.structure = structure
    current.save()


def sync_published_articles(page: RegulationDraftPage) -> None:
    """Replace the page's searchable articles with its live text (indexed in one batch)."""
    PublishedArticle.objects.filter(page=page).delete()
    chapter = ""
    rows = []
    for position, item in enumerate(page.text_items):
        # The nearest heading above the article: a 编's articles (附则 of a code) have no chapter.
        if item["type"] in ("part", "chapter"):
            chapter = " ".join(p for p in (item["number"], item["title"]) if p)
        elif item["type"] == "article":
            rows.append(
                PublishedArticle(
                    page=page,
                    key=item["key"],
                    ordinal=item["ordinal"],
                    position=position,
                    number=item["number"],
                    chapter_title=chapter,
                    text=item["text"],
                )
            )
    rows = PublishedArticle.objects.bulk_create(rows)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(PublishedArticle, rows)
        except Exception:
            # Same policy as Wagtail's own indexing: an external search service being down
            # must not make publishing fail; a database backend error must.
            logger.exception("Indexing draft articles in the %r search backend failed", name)
            if not backend.catch_indexing_errors:
                raise


def remove_published_articles(page) -> None:
    PublishedArticle.objects.filter(page_id=page.pk).delete()


# ---------------------------------------------------------------------------
# Comparing versions
# ---------------------------------------------------------------------------


def refs(items: list[dict]) -> list[ArticleRef]:
    return [
        ArticleRef(item["key"], item["number"], item["text"])
        for item in items
        if item.get("type") == "article"
    ]


def compare_items(old: list[dict], new: list[dict]):
    return diff_versions(refs(old), refs(new))
