"""The events a liaison point held in a period, for other plugins (``lawbridge_point_activities``):
a consultation task's step cites the forum or reception day where residents were heard.

Events live under their point's page, so "a point's events" are the point's child event pages:
one query, whatever the number of events. Cancelled events are not evidence of anything."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from core.plugins import PointActivity

from .models import EventNoticePage

__all__ = ["activities"]


def _aware(day, end_of_day=False):
    moment = datetime.combine(day, time.max if end_of_day else time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def activities(point_page, start, end) -> list[PointActivity]:
    events = (
        EventNoticePage.objects.child_of(point_page)
        .filter(cancelled=False, start__gte=_aware(start), start__lte=_aware(end, True))
        .order_by("start")
        .only("id", "title", "start", "event_type", "participants")
    )
    return [
        PointActivity(
            id=event.pk,
            title=event.title,
            url=reverse("wagtailadmin_pages:edit", args=[event.pk]),
            date=timezone.localtime(event.start).date(),
            kind=str(event.get_event_type_display()),
            participants=event.participants,
        )
        for event in events
    ]
