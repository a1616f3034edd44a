"""The written answers to one short- or long-text question, for the office: near-identical
answers grouped the way opinions are (``core.near_duplicates``: normalised, fingerprinted,
MinHash LSH + edit-distance confirmation), biggest groups first, then the newest single answers.

Grouping all of a question's answers is the costly part: half a minute for 40,000 answers that
are mostly one campaign's variants (bench/questionnaire_results.py). So it never runs in the office's
request beyond ``INLINE_LIMIT`` answers: the grouping is kept in the cache with the answers it
covered, and a newer answer starts a regrouping in the background (``tasks.group_text_answers``)
while the page shows the last grouping, with the answers that came since listed singly and
counted in a notice. Without a task worker (no ``TASKS`` setting) the task runs inline, as
before. The cache may be down: then a small question is grouped in the request and a large one
is listed ungrouped, saying so.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from core.caches import CACHE_ERRORS
from core.near_duplicates import cluster_texts

from .models import Answer, source_page
from .questions import TEXT_KINDS, Question

__all__ = [
    "MEMBERS_SHOWN",
    "Entries",
    "TextEntry",
    "entry_ids",
    "regroup",
    "text_entries",
    "text_questions",
]

logger = logging.getLogger(__name__)

MEMBERS_SHOWN = 5  # texts of a group shown under its first answer (the rest are counted)
INLINE_LIMIT = 5000  # answers grouped within the request (well under a second)
CACHE_SECONDS = 7 * 24 * 3600
PENDING_SECONDS = 600  # a grouping that takes longer may be started again


@dataclass
class TextEntry:
    id: int
    text: str
    created: object  # the reply's time
    similar: int = 0  # other answers in its group
    members: tuple[str, ...] = ()  # some of their texts, when they differ from this one


def text_questions(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.kind in TEXT_KINDS]


def _answers(page, question: Question):
    return Answer.objects.filter(reply__page=source_page(page), question=question.id).exclude(
        text=""
    )


def _key(page, question: Question) -> str:
    return f"questionnaires:text-groups:{source_page(page).pk}:{question.id}"


def _cached(key: str):
    try:
        return cache.get(key)
    except CACHE_ERRORS:
        return None


def regroup(page, question: Question) -> dict:
    """Group every answer to ``question`` now and keep the result; returns it."""
    answers = _answers(page, question)
    figures = answers.order_by().aggregate(n=Count("pk"), last=Max("pk"))
    rows = answers.order_by().values_list("pk", "text").iterator(chunk_size=5000)
    grouping = {"last": figures["last"] or 0, "clusters": cluster_texts(rows)}
    with contextlib.suppress(CACHE_ERRORS):
        cache.set(_key(page, question), grouping, CACHE_SECONDS)
        cache.delete(_key(page, question) + ":pending")
    return grouping


def _start_regrouping(page, question: Question) -> None:
    key = _key(page, question) + ":pending"
    try:
        if not cache.add(key, 1, PENDING_SECONDS):
            return  # already under way
    except CACHE_ERRORS:
        return
    from .tasks import group_text_answers

    try:
        group_text_answers.enqueue(page.pk, question.id)
    except Exception:  # noqa: BLE001 - a task queue that is down only delays the grouping
        logger.exception("could not queue the grouping of written answers")
        with contextlib.suppress(CACHE_ERRORS):
            cache.delete(key)


@dataclass
class Entries:
    items: list  # [(first answer id, [other ids of its group])], in display order
    ungrouped: int = 0  # answers newer than the grouping shown (listed singly meanwhile)
    grouping: bool = False  # a grouping is under way and none is available yet


def entry_ids(page, question: Question) -> Entries:
    """The answers in display order: groups by size (largest first), then single answers,
    newest first."""
    answers = _answers(page, question)
    figures = answers.order_by().aggregate(n=Count("pk"), last=Max("pk"))
    if not figures["n"]:
        return Entries([])
    grouping = _cached(_key(page, question))
    if grouping is None or grouping["last"] < figures["last"]:
        if figures["n"] <= INLINE_LIMIT:
            grouping = regroup(page, question)
        else:
            _start_regrouping(page, question)
            # With an inline task backend the grouping is ready now.
            grouping = _cached(_key(page, question)) or grouping
    clusters = grouping["clusters"] if grouping else []
    grouped = {pk for ids in clusters for pk in ids}
    items = [(ids[0], ids[1:]) for ids in sorted(clusters, key=lambda ids: (-len(ids), ids[0]))]
    singles = answers.order_by("-pk").values_list("pk", flat=True)
    items += [(pk, []) for pk in singles.iterator(chunk_size=5000) if pk not in grouped]
    if grouping is None:
        return Entries(items, grouping=True)
    newer = answers.filter(pk__gt=grouping["last"]).count() if grouping["last"] else 0
    return Entries(items, ungrouped=newer)


def text_entries(entries: list[tuple[int, list[int]]]) -> list[TextEntry]:
    """The texts of one page of ``entry_ids`` (one query)."""
    wanted = set()
    for first, others in entries:
        wanted.add(first)
        wanted.update(others[:MEMBERS_SHOWN])
    rows = {
        pk: (text, created)
        for pk, text, created in Answer.objects.filter(pk__in=wanted).values_list(
            "pk", "text", "reply__created"
        )
    }
    out = []
    for first, others in entries:
        if first not in rows:  # deleted meanwhile
            continue
        text, created = rows[first]
        shown = tuple(
            dict.fromkeys(
                rows[pk][0] for pk in others[:MEMBERS_SHOWN] if pk in rows and rows[pk][0] != text
            )
        )
        out.append(TextEntry(first, text, created, similar=len(others), members=shown))
    return out
