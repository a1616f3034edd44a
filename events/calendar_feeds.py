"""Events for calendar apps and feed readers: iCalendar (RFC 5545, built with the icalendar
library) for all events, one point's or one event's ("添加到日历"), and the RSS feed."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.params import bounded_int

from .listing import attach_points, events_locale
from .models import POINT_MODEL, POINTS_INSTALLED, EventIndexPage, EventNoticePage


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "lawbridge.local"


def _current_locale():
    return events_locale(Locale.objects.filter(language_code=translation.get_language()).first())


# ---------------------------------------------------------------------------------------------
# iCalendar


def _absolute(request, url: str) -> str:
    if url.startswith("http"):
        return url
    return request.build_absolute_uri(url)


def build_calendar(events, name: str, request) -> bytes:
    from icalendar import Calendar, Event, vText

    cal = Calendar()
    cal.add("prodid", "-//LawBridge 立法连心桥//Events//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    tz = timezone.get_default_timezone()
    host = _host()
    stamp = timezone.now()
    attach_points(events)
    for event in events:
        item = Event()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start.astimezone(tz))
        item.add("dtend", event.end.astimezone(tz))
        item.add("summary", event.title)
        location = event.place
        item.add("location", vText(location))
        description = [event.get_event_type_display()]
        if event.summary:
            description.append(event.summary)
        if event.point_page is not None:
            description.append(gettext("主办：%(point)s") % {"point": event.point_page.title})
        if event.body:
            description.append(strip_tags(event.body))
        url = _absolute(request, event.get_url(request) or "")
        description.append(url)
        item.add("description", "\n".join(description))
        item.add("url", url)
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        item.add("categories", [event.get_event_type_display()])
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def _ics_response(payload: bytes, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _feed_events():
    since = timezone.now() - timedelta(days=365)
    qs = EventNoticePage.objects.live().public().filter(end__gte=since).order_by("start")
    return qs.filter(locale=_current_locale())


def ical_all(request):
    events = list(_feed_events())
    return _ics_response(
        build_calendar(events, gettext("立法连心桥 联系点活动"), request), "events.ics", False
    )


def ical_point(request, point_id: int):
    if not POINTS_INSTALLED:
        raise Http404
    if bounded_int(point_id) is None:
        raise Http404
    point = get_object_or_404(apps.get_model(POINT_MODEL).objects.live().public(), pk=point_id)
    events = list(_feed_events().child_of(point))
    return _ics_response(
        build_calendar(events, point.title, request), f"point-{point.pk}.ics", False
    )


def ical_event(request, event_id: int):
    if bounded_int(event_id) is None:
        raise Http404
    event = get_object_or_404(EventNoticePage.objects.live().public(), pk=event_id)
    return _ics_response(
        build_calendar([event], event.title, request), f"event-{event.pk}.ics", True
    )


# ---------------------------------------------------------------------------------------------
# RSS


class EventsFeed(Feed):
    description = _("各基层立法联系点的活动通知")

    def title(self):
        return gettext("立法连心桥 活动通知")

    def link(self):
        language = translation.get_language()
        index = EventIndexPage.objects.live().filter(locale__language_code=language).first()
        return index.url if index else "/"

    def items(self):
        qs = EventNoticePage.objects.live().public().filter(locale=_current_locale())
        return qs.order_by("-start")[:50]

    def item_title(self, item):
        return f"[{item.get_event_type_display()}] {item.title}"

    def item_description(self, item):
        start = date_format(timezone.localtime(item.start), "DATETIME_FORMAT")
        return f"{start} · {item.place}\n{item.summary}"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_guid(self, item):
        return f"event-{item.pk}@{_host()}"

    item_guid_is_permalink = False
