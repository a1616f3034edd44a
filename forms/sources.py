"""The opinions side of collection sources (``core.plugins.CollectionSource``): the opinion form's
address with a source token, the counts per point and source for the collection map, and the
token a form carries checked back into a source.

The points plugin issues and resolves sources; this module never looks at its tables."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from core.plugins import CollectionSource, SourceCount, collection_source

from .intake import source_page
from .models import Opinion
from .workflow import UNCOUNTED_STATUSES

__all__ = ["form_source", "opinion_form_url", "source_counts"]


def opinion_form_url(page, article_key: str = "", source_token: str = "") -> str:
    params = {k: v for k, v in (("article", article_key), ("source", source_token)) if v}
    url = reverse("opinions_new", args=[page.pk])
    return f"{url}?{urlencode(params)}" if params else url


def form_source(token, page) -> CollectionSource | None:
    """The source a form's ``source`` token names, if it is genuine and meant for this page (a
    code printed for one draft does not credit opinions on another)."""
    source = collection_source(token) if token else None
    if source is None:
        return None
    if source.page_id is not None and source.page_id not in {page.pk, source_page(page).pk}:
        return None
    return source


def source_counts(page) -> list[SourceCount]:
    """One grouped query: opinions on ``page`` (in any language) by point and source."""
    rows = (
        Opinion.objects.filter(page_id=source_page(page).pk)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("point_id", "source_kind", "source_label", "source_code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        SourceCount(
            row["point_id"], row["source_kind"], row["source_label"], row["n"], row["source_code"]
        )
        for row in rows
    ]
