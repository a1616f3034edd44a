"""What a draft page shows beside its text and only a publish changes: its attachments, related
points and 普法 articles, and topics.

Four small queries that the page reads again after every publish (``core/published_memo.py``);
each is compiled once per process (``core/upstream/prepared_query.py``), because building them
cost more than five times what running them did.
"""

from __future__ import annotations

from core.translation import as_read_in
from core.upstream.prepared_query import PreparedQuery

from .related import DraftAttachment, DraftRelatedArticle, DraftRelatedPoint
from .topics import DraftTopic

_PAGE = -2_000_000_021  # a page id no page has (core/upstream/prepared_query.py)

_ATTACHMENTS = PreparedQuery(
    lambda page_id: DraftAttachment.objects.filter(page_id=page_id).select_related("document"),
    page_id=_PAGE,
)
_POINTS = PreparedQuery(
    lambda page_id: DraftRelatedPoint.objects.filter(page_id=page_id).select_related("point"),
    page_id=_PAGE,
)
_ARTICLES = PreparedQuery(
    lambda page_id: DraftRelatedArticle.objects.filter(page_id=page_id).select_related("article"),
    page_id=_PAGE,
)
_TOPICS = PreparedQuery(
    lambda page_id: DraftTopic.objects.filter(regulationdraftpage=page_id), page_id=_PAGE
)


def published_links(page_id: int, locale_id: int) -> dict:
    """The page's links as its template lists them (in the editor's order; topics by name, in
    the page's language where translated)."""
    return {
        "attachments": _ATTACHMENTS.objects(page_id=page_id),
        "points": [rel.point for rel in _POINTS.objects(page_id=page_id) if rel.point],
        "law_articles": [
            rel.article
            for rel in _ARTICLES.objects(page_id=page_id)
            if rel.article and rel.article.live
        ],
        "topics": as_read_in(_TOPICS.objects(page_id=page_id), locale_id),
    }
