"""The written answers to one short- or long-text question, for the office: near-identical
answers grouped the way opinions are (``core.near_duplicates``: normalised, fingerprinted,
MinHash LSH + edit-distance confirmation), biggest groups first, then the newest single answers.

Grouping all of a question's answers is the costly part (a second or two at 100,000 answers),
so the groups are cached under the number of answers and the newest answer's id: a new reply
regroups on the next view, paging through an unchanged list does not. The cache may be down:
then every view groups again, slower but the same.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from core.caches import CACHE_ERRORS
from core.near_duplicates import cluster_texts

from .models import Answer, source_page
from .questions import TEXT_KINDS, Question

__all__ = ["MEMBERS_SHOWN", "TextEntry", "entry_ids", "text_entries", "text_questions"]

MEMBERS_SHOWN = 5  # texts of a group shown under its first answer (the rest are counted)
CACHE_SECONDS = 3600


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


def _clusters(page, question: Question, answers, n: int, last: int) -> list[list[int]]:
    key = f"questionnaires:text-groups:{source_page(page).pk}:{question.id}:{n}:{last}"
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        found = None
    if found is not None:
        return found
    rows = answers.order_by().values_list("pk", "text").iterator(chunk_size=5000)
    clusters = cluster_texts(rows)
    with contextlib.suppress(CACHE_ERRORS):
        cache.set(key, clusters, CACHE_SECONDS)
    return clusters


def entry_ids(page, question: Question) -> list[tuple[int, list[int]]]:
    """``[(first answer id, [other ids of its group])]`` in display order: groups by size
    (largest first), then single answers, newest first."""
    answers = _answers(page, question)
    figures = answers.order_by().aggregate(n=Count("pk"), last=Max("pk"))
    if not figures["n"]:
        return []
    clusters = _clusters(page, question, answers, figures["n"], figures["last"])
    grouped = {pk for ids in clusters for pk in ids}
    entries = [(ids[0], ids[1:]) for ids in sorted(clusters, key=lambda ids: (-len(ids), ids[0]))]
    singles = answers.order_by("-pk").values_list("pk", flat=True)
    entries += [(pk, []) for pk in singles.iterator(chunk_size=5000) if pk not in grouped]
    return entries


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
