"""What each liaison point did with its events in a period (``lawbridge_point_indicators``): the
scorecard and the obligations board ("每季度至少1次代表接待日") read these, for every point at once.

An event counts as *held* when it started in the period, has started by now, is live and was not
cancelled; it counts for the point it lives under (its parent page). Participants are the people
checked in at the event (签到人次, events/attendance.py) when anyone was; otherwise what the organiser
entered in the event's report (参加人数; none entered counts 0).

- ``events_held``, ``event_participants``: all kinds of event together;
- ``events:<type>``: events held of one kind (``events:reception`` 代表接待日, ``events:training``
  培训…), one code per kind in ``EVENT_TYPES`` so that obligations can name any of them;
- ``training_person_times`` (培训人次): participants of 培训 events. Only ``training``: a 普法讲座
  (``lecture``) is legal education for residents, not the point's own study or training, and
  counting it would let one large lecture stand in for a year of training.

One grouped query (events by parent point and kind, each event's check-ins summed in a subquery)
whatever the number of points or events; only the
site's default language, so a translated event is not counted twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.plugins import PointIndicator

from .models import EVENT_TYPES, POINTS_INSTALLED, EventAttendance, EventNoticePage

__all__ = ["TRAINING_TYPES", "point_indicators"]

TRAINING_TYPES = ("training",)


def _rows(start: dt.date, end: dt.date):
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = min(dt.datetime.combine(end, dt.time.min, tzinfo=tz), timezone.now())
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("pk")[:1]
    checked_in = (
        EventAttendance.objects.present()
        .filter(event_id=OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(total=Sum("people"))
        .values("total")[:1]
    )
    return (
        EventNoticePage.objects.live()
        .filter(
            locale__language_code=settings.LANGUAGE_CODE,
            cancelled=False,
            start__gte=since,
            start__lt=until,
        )
        .annotate(
            point_id=Subquery(parent),
            # Check-ins, when there are any, replace the typed figure (None: nobody checked in).
            counted=Coalesce(Subquery(checked_in), "participants", output_field=IntegerField()),
        )
        .values("point_id", "event_type")
        .annotate(n=Count("pk"), people=Coalesce(Sum("counted"), 0))
        .order_by()
    )


def point_indicators(start: dt.date, end: dt.date) -> list[PointIndicator]:
    if not POINTS_INSTALLED:
        return []  # events then live under an index page: there is no point to credit
    held: dict[int, int] = {}
    people: dict[int, int] = {}
    training: dict[int, int] = {}
    by_type: dict[str, dict[int, int]] = {key: {} for key, _label in EVENT_TYPES}
    for row in _rows(start, end):
        point = row["point_id"]
        if point is None:
            continue
        held[point] = held.get(point, 0) + row["n"]
        people[point] = people.get(point, 0) + row["people"]
        if row["event_type"] in TRAINING_TYPES:
            training[point] = training.get(point, 0) + row["people"]
        if row["event_type"] in by_type:
            by_type[row["event_type"]][point] = row["n"]
    indicators = [
        PointIndicator("events_held", _("举办活动场次"), _("场"), held),
        PointIndicator("event_participants", _("活动参加人次"), _("人次"), people),
        PointIndicator("training_person_times", _("培训人次"), _("人次"), training),
    ]
    for key, label in EVENT_TYPES:
        indicators.append(
            PointIndicator(
                f"events:{key}", _("%(type)s场次") % {"type": label}, _("场"), by_type[key]
            )
        )
    return indicators
