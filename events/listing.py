"""The events index (活动通知): filters by type, point and month, the list of upcoming and past
events, and the month calendar; also the organising points of many events in one query, which
the iCalendar feeds share."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core.untranslated import in_language, source_page

from .models import EVENT_TYPES, POINT_MODEL, POINTS_INSTALLED, EventIndexPage, EventNoticePage

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
PAST_PER_PAGE = 10
WEEKDAYS = [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")]


# ---------------------------------------------------------------------------------------------
# Months


def _parse_month(value: str | None) -> date | None:
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 < year < 3000):
        return None
    return date(year, month, 1)


def _month_bounds(first: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last, time.min, tzinfo=tz),
    )


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# Points and locale


def points_in_language(locale_id) -> list:
    """The points of the index's language, and those not translated into it yet."""
    if not POINTS_INSTALLED:
        return []
    model = apps.get_model(POINT_MODEL)
    return list(in_language(model.objects.live().public(), locale_id).order_by("path"))


def attach_points(events) -> None:
    """Set ``point_page`` on each event with one query (its parent when that is a point)."""
    parent_paths = {e.path[: -Page.steplen] for e in events}
    parents = {}
    if POINTS_INSTALLED and parent_paths:
        model = apps.get_model(POINT_MODEL)
        parents = {p.path: p for p in model.objects.filter(path__in=parent_paths)}
    for event in events:
        point = parents.get(event.path[: -Page.steplen])
        event.point_page = point
        event.__dict__["organising_point"] = point


def events_locale(locale):
    """The locale whose events to show: ``locale`` if it has any, else the default language's
    (notices are written in Chinese by the points; an English tree may not translate them)."""
    if locale is None:
        return Locale.get_default()
    if EventNoticePage.objects.live().filter(locale=locale).exists():
        return locale
    return Locale.get_default()


# ---------------------------------------------------------------------------------------------
# The index page: list and month calendar


def _query(filters: dict, **extra) -> str:
    """A query string of the non-empty filters plus ``extra``."""
    return urlencode({k: v for k, v in {**filters, **extra}.items() if v})


def _feed_url(name: str, point) -> str:
    if name == "events_ical" and point is not None:
        return reverse("events_ical_point", args=[point.pk])
    return reverse(name)


def index_context(index: EventIndexPage, request) -> dict:
    now = timezone.now()
    # Notices are written in Chinese by the points: those not translated into the index's
    # language are listed in Chinese, marked as such (core.untranslated).
    events = in_language(EventNoticePage.objects.live().public(), index.locale_id)
    points = points_in_language(index.locale_id)
    point_ids = {str(p.pk): p for p in points}

    event_type = request.GET.get("type", "")
    if event_type not in dict(EVENT_TYPES):
        event_type = ""
    point_id = request.GET.get("point", "")
    point = point_ids.get(point_id)
    if point is None:
        point_id = ""
    month = _parse_month(request.GET.get("month"))
    view = "calendar" if request.GET.get("view") == "calendar" else "list"

    if event_type:
        events = events.filter(event_type=event_type)
    if point is not None:
        # A translated point's notices may still be the Chinese ones, under its source.
        source = source_page(point)
        where = events.child_of_q(point)
        events = events.filter(where | events.child_of_q(source) if source else where)

    filters = {"type": event_type, "point": point_id}
    context = {
        "event_types": EVENT_TYPES,
        "points": points,
        "selected_type": event_type,
        "selected_point": point_id,
        "selected_month": month.strftime("%Y-%m") if month else "",
        "view": view,
        "filtered": bool(event_type or point_id or month),
        "ical_url": _feed_url("events_ical", point),
        "rss_url": _feed_url("events_rss", None),
    }

    if view == "calendar":
        shown_month = month or timezone.localdate(now).replace(day=1)
        context.update(_calendar_context(events, shown_month, filters))
        return context

    if month is not None:
        start, end = _month_bounds(month)
        events = events.filter(start__lt=end, end__gte=start)
    upcoming = list(events.filter(end__gte=now).order_by("start"))
    past_qs = events.filter(end__lt=now).order_by("-start")
    paginator = Paginator(past_qs, PAST_PER_PAGE)
    past_page = paginator.get_page(request.GET.get("page"))
    past = list(past_page.object_list)
    attach_points(upcoming + past)
    context.update(
        upcoming=upcoming,
        past=past,
        past_page=past_page,
        page_query=_query(filters, month=context["selected_month"]),
        calendar_url="?" + _query(filters, view="calendar", month=context["selected_month"]),
    )
    return context


def _calendar_context(events, first: date, filters: dict) -> dict:
    start, end = _month_bounds(first)
    month_events = list(events.filter(start__lt=end, end__gte=start).order_by("start"))
    attach_points(month_events)
    by_day: dict[date, list] = {}
    for event in month_events:
        day = max(timezone.localdate(event.start), first)
        last = timezone.localdate(event.end)
        while day <= last and day < end.date():
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = []
    today = timezone.localdate()
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "events": by_day.get(day, []) if day.month == first.month else [],
                }
                for day in week
            ]
        )

    def link(month: date) -> str:
        return "?" + _query(filters, view="calendar", month=month.strftime("%Y-%m"))

    return {
        "month": first,
        "weeks": weeks,
        "weekdays": WEEKDAYS,
        "month_events": month_events,
        "prev_month_url": link(_shift_month(first, -1)),
        "next_month_url": link(_shift_month(first, 1)),
        "list_url": "?" + _query(filters, month=first.strftime("%Y-%m")),
    }
