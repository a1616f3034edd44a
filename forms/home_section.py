"""The home page's second section (after the open drafts): the calls for suggestions and
questionnaires that take answers now, closing soonest first; long-running ones last."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.plugins import HomeSection

from .models import Opinion, OpinionFormPage
from .workflow import UNCOUNTED_STATUSES


def open_calls(locale_id, at=None) -> list[OpinionFormPage]:
    at = at or timezone.now()
    return list(
        OpinionFormPage.objects.live()
        .public()
        .filter(locale_id=locale_id)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=at))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gte=at))
        .order_by(F("closes_at").asc(nulls_last=True), "pk")
        .defer("intro", "thank_you_text")
    )


def answers_received(pages) -> dict:
    """Answers each page has received, by translation key (answers to any translation count for
    all of them), in one query; withdrawn and invalid ones not counted."""
    rows = (
        Opinion.objects.filter(page__translation_key__in=[page.translation_key for page in pages])
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("page__translation_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["page__translation_key"]: row["n"] for row in rows}


def open_calls_home_section(request, page) -> HomeSection | None:
    calls = open_calls(page.locale_id)
    if not calls:
        return None
    counts = answers_received(calls)
    today = timezone.localdate()
    rows = [
        {
            "page": call,
            "answers": counts.get(call.translation_key, 0),
            "days_left": (timezone.localdate(call.closes_at) - today).days
            if call.closes_at
            else None,
        }
        for call in calls
    ]
    return HomeSection(
        template_name="forms/home_section.html",
        title=_("征集意见和问卷"),
        context={"calls": rows},
    )
