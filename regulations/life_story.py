"""What this plugin knows of a regulation's life (``core.plugins.LIFE_STORY_HOOK``): its 公布 and
施行, each amendment (修正, 修订), and each evaluation opened and concluded. A regulation ties in
the draft it came from and its evaluations, so a story started from any of them finds the others.

A few queries per call whatever the number of events: the regulations named (themselves, by
a draft they came from, or by an evaluation of theirs), their versions, their evaluations."""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from core.plugins import StoryEvent

from .models import EvaluationPage, RegulationPage, RegulationVersion
from .status import VERSION_KIND_LABELS, display_label

# The regulation's own 公布 and 施行 are told instead of the 公布施行 its draft recorded for the
# same day (core.plugins.StoryEvent.precedence).
IN_FORCE_PRECEDENCE = 1


def _regulations(ids: set[int]) -> list[RegulationPage]:
    # An evaluation's regulation is its parent: the path one step shorter (a subquery, so the
    # regulations named in any of the three ways come in one query).
    parents = (
        EvaluationPage.objects.filter(pk__in=ids)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values("parent_path")
    )
    named = RegulationPage.objects.filter(
        Q(pk__in=ids) | Q(source_draft_id__in=ids) | Q(path__in=Subquery(parents))
    ).values("translation_key")
    # Every translation of a regulation named, so the story can be told in the reader's language
    # whichever page it started from (``_in_one_language`` keeps one).
    return list(
        RegulationPage.objects.live()
        .public()
        .select_related("locale")
        .filter(translation_key__in=Subquery(named))
        .order_by("pk")  # the first found, when the reader's language has none, is the source
    )


def _in_one_language(regulations: list[RegulationPage]) -> list[RegulationPage]:
    """A regulation and its translations are one regulation: the story tells it once, in the
    reader's language when there is one (else the first found), with that page's evaluations.
    A story started from the English page reaches the Chinese one through the draft they share;
    without this every 公布, 施行 and evaluation was told once per language."""
    active = get_language()
    chosen: dict = {}
    for regulation in regulations:
        kept = chosen.get(regulation.translation_key)
        if kept is None or (
            regulation.locale.language_code == active and kept.locale.language_code != active
        ):
            chosen[regulation.translation_key] = regulation
    return list(chosen.values())


def regulation_story(page_ids: frozenset[int]) -> list[StoryEvent]:
    found = _regulations(set(page_ids))
    if not found:
        return []
    events: list[StoryEvent] = []
    # Every translation's id ties in, so a story started from any of them finds the same events.
    keys = {r.translation_key: set() for r in found}
    for r in found:
        keys[r.translation_key] |= {r.pk, r.source_draft_id} - {None}
    regulations = _in_one_language(found)
    tied = {r.pk: frozenset(keys[r.translation_key]) for r in regulations}
    by_key = {r.translation_key: r for r in regulations}
    first_dates = {}
    rows = (
        RegulationVersion.objects.filter(page__translation_key__in=list(by_key))
        .order_by("page__translation_key", "pk")
        .values_list("page__translation_key", "kind", "label", "promulgated_on", "note")
    )
    numbers: dict = {}
    for key, kind, label, promulgated_on, note in rows:
        regulation = by_key[key]
        numbers[key] = numbers.get(key, 0) + 1
        if numbers[key] == 1:
            first_dates[regulation.pk] = promulgated_on
            continue
        if promulgated_on is None:
            continue
        url = regulation.version_url(numbers[key])
        detail = " ".join(p for p in (str(VERSION_KIND_LABELS.get(kind, "")), note) if p)
        events.append(
            StoryEvent(
                promulgated_on,
                "amendment",
                display_label(label),
                detail,
                url,
                tied[regulation.pk],
            )
        )
    for regulation in regulations:
        url = regulation.get_url() or ""
        promulgated = regulation.promulgated_on or first_dates.get(regulation.pk)
        if promulgated:
            detail = regulation.document_number or regulation.promulgated_by
            events.append(
                StoryEvent(
                    promulgated,
                    "in_force",
                    gettext("公布"),
                    detail,
                    url,
                    tied[regulation.pk],
                    precedence=IN_FORCE_PRECEDENCE,
                )
            )
        if regulation.effective_on:
            events.append(
                StoryEvent(
                    regulation.effective_on,
                    "in_force",
                    gettext("施行"),
                    "",
                    url,
                    tied[regulation.pk],
                    precedence=IN_FORCE_PRECEDENCE,
                )
            )
    under = reduce(
        operator.or_,
        (Q(path__startswith=r.path, depth=r.depth + 1) for r in regulations),
    )
    parents = {r.path: r for r in regulations}
    for evaluation in EvaluationPage.objects.live().public().filter(under):
        regulation = parents.get(evaluation.path[: -Page.steplen])
        ids = frozenset({evaluation.pk} | (tied[regulation.pk] if regulation else set()))
        url = evaluation.get_url() or ""
        if evaluation.opens_at:
            events.append(
                StoryEvent(
                    timezone.localdate(evaluation.opens_at),
                    "evaluation",
                    gettext("实施评估开始征求意见"),
                    evaluation.title,
                    url,
                    ids,
                )
            )
        if evaluation.published_conclusions:
            events.append(
                StoryEvent(
                    timezone.localdate(evaluation.closes_at),
                    "evaluation",
                    gettext("公布实施评估结论"),
                    evaluation.title,
                    url,
                    ids,
                )
            )
    return events
