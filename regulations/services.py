"""From a parsed text (or a passed draft's articles) to regulation pages and versions, keeping
every article's key across amendments, and the searchable copy of the text in force.

Used by the admin import, the "生成现行法规" action on a passed draft and the demo content."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.text import slugify
from modelsearch.backends import get_search_backends_with_name

from core import page_cache

from .models import RegulationArticle, RegulationIndexPage, RegulationPage, RegulationVersion
from .status import PROMULGATION
from .text import assign_keys, chapter_titles

logger = logging.getLogger(__name__)


def unique_slug(index: RegulationIndexPage, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:60] or "fagui"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_regulation(
    index: RegulationIndexPage,
    items: list[dict],
    *,
    title: str,
    user=None,
    label: str = "",
    source_name: str = "",
    slug: str = "",
    **fields,
) -> RegulationPage:
    """A new regulation under ``index``, not live (an editor checks it, fills the dates and
    publishes), with its first version holding ``items``."""
    page = RegulationPage(
        title=title[:255], slug=slug or unique_slug(index, title), live=False, **fields
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    RegulationVersion.objects.create(
        page=page,
        kind=PROMULGATION,
        label=label or "公布",
        promulgated_on=page.promulgated_on,
        effective_on=page.effective_on,
        items=assign_keys(items),
        source_name=source_name[:255],
        created_by=user,
    )
    return page


@transaction.atomic
def add_version(
    page: RegulationPage,
    items: list[dict],
    *,
    kind: str,
    label: str,
    promulgated_on=None,
    effective_on=None,
    note: str = "",
    user=None,
    source_name: str = "",
) -> RegulationVersion:
    """An amendment (修正/修订): a new version that becomes the text in force. Articles keep
    their keys where the text or the number is the same (``text.assign_keys``)."""
    previous = page.current_version
    version = RegulationVersion.objects.create(
        page=page,
        kind=kind,
        label=label,
        promulgated_on=promulgated_on,
        effective_on=effective_on,
        note=note,
        items=assign_keys(items, previous.items if previous is not None else None),
        source_name=source_name[:255],
        created_by=user,
    )
    # The page's cached readings of its versions are stale now.
    for name in ("version_rows", "current_version"):
        page.__dict__.pop(name, None)
    if page.live:
        sync_articles(page)
        # A live page's text changed without a publish: drop the cached copies.
        page_cache.invalidate()
    return version


def sync_articles(page: RegulationPage) -> None:
    """Replace the page's searchable articles with its text in force (indexed in one batch)."""
    RegulationArticle.objects.filter(page=page).delete()
    items = page.text_items
    chapters = chapter_titles(items)
    rows = [
        RegulationArticle(
            page=page,
            key=item["key"],
            ordinal=item["ordinal"],
            position=position,
            number=item["number"][:30],
            chapter_title=chapters.get(item["key"], "")[:200],
            text=item["text"],
        )
        for position, item in enumerate(items)
        if item.get("type") == "article"
    ]
    rows = RegulationArticle.objects.bulk_create(rows)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(RegulationArticle, rows)
        except Exception:
            # As Wagtail's own indexing: an outside search service being down must not make
            # publishing fail; a database backend error must.
            logger.exception("Indexing regulation articles in the %r search backend failed", name)
            if not backend.catch_indexing_errors:
                raise


def remove_articles(page) -> None:
    RegulationArticle.objects.filter(page_id=page.pk).delete()
