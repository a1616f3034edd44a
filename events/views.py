"""Events: the index (list, filters, month calendar), the registration form, iCalendar and RSS."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode, urlsplit

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core import spam
from core.params import bounded_int
from core.visible_text import visible_text

from .models import (
    DEFAULT_PEOPLE_PER_REGISTRATION,
    EVENT_TYPES,
    POINT_MODEL,
    POINTS_INSTALLED,
    AlreadyRegistered,
    EventIndexPage,
    EventNoticePage,
)
from .phones import phone_key

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
PAST_PER_PAGE = 10
WEEKDAYS = [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")]


# ---------------------------------------------------------------------------------------------
# Index: filters, list and month calendar


def _parse_month(value: str | None) -> date | None:
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 < year < 3000):
        return None
    return date(year, month, 1)


def _query(filters: dict, **extra) -> str:
    """A query string of the non-empty filters plus ``extra``."""
    return urlencode({k: v for k, v in {**filters, **extra}.items() if v})


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


def points_in_locale(locale) -> list:
    if not POINTS_INSTALLED:
        return []
    model = apps.get_model(POINT_MODEL)
    return list(model.objects.live().public().filter(locale=locale).order_by("path"))


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


def index_context(index: EventIndexPage, request) -> dict:
    now = timezone.now()
    locale = events_locale(index.locale)
    events = EventNoticePage.objects.live().public().filter(locale=locale)
    points = points_in_locale(locale)
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
        events = events.child_of(point)

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


def _feed_url(name: str, point) -> str:
    from django.urls import reverse

    if name == "events_ical" and point is not None:
        return reverse("events_ical_point", args=[point.pk])
    return reverse(name)


# ---------------------------------------------------------------------------------------------
# Event page and registration

PHONE_RE = re.compile(r"^[0-9+\-\s]{7,20}$")


class RegistrationForm(spam.SpamProtectedForm):
    """The sign-up form, with the opinion form's defences (honeypot, fill time, CAPTCHA once a
    client trips a limit): ``max_people`` is the event's cap on one sign-up."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("仅用于联系点通知活动安排，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    people = forms.IntegerField(label=_("参加人数"), min_value=1, initial=1)
    consent = forms.BooleanField(label=_("我同意联系点使用以上信息联系我"))

    def __init__(self, *args, max_people: int = DEFAULT_PEOPLE_PER_REGISTRATION, **kwargs):
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        people.max_value = max_people
        people.validators.append(MaxValueValidator(max_people))
        people.widget.attrs["max"] = max_people
        people.help_text = _("一次最多可报 %(n)s 人（含本人）。") % {"n": max_people}

    def clean_name(self):
        # A name of zero-width characters alone is no name: it would be a blank line on the 签到表.
        name = visible_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name

    def clean_phone(self):
        # NFKC: a Chinese input method in full-width mode types １３８…
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if not PHONE_RE.match(phone) or len(phone_key(phone)) < 7:
            raise forms.ValidationError(_("请填写有效的电话号码。"))
        return phone


def registration_form(event: EventNoticePage, data=None, captcha: bool = False):
    return RegistrationForm(data, max_people=event.max_people, captcha=captcha)


def event_context(event: EventNoticePage, request, form=None) -> dict:
    state = event.registration_state()
    # The form (with its CSRF token and cookie) is shown only on "?register=1" or when a posted
    # form comes back with errors: the plain event page stays servable from the page cache.
    if form is None and state == "open" and request.GET.get("register") == "1":
        form = registration_form(event, captcha=spam.captcha_required(request))
    point = event.organising_point
    draft = event.related_draft.specific if event.related_draft_id else None
    if draft is not None and not draft.live:
        draft = None
    return {
        "point": point,
        "draft": draft,
        "registration_state": state,
        "places_left": event.places_left,
        "form": form if state == "open" else None,
        "registered": request.GET.get("registered") == "1",
        "register_url": f"{event.url}?register=1#registration",
        "ics_url": _event_ics_url(event),
        "report_images": list(event.report_images.select_related("image")),
    }


def _event_ics_url(event) -> str:
    from django.urls import reverse

    return reverse("events_ical_event", args=[event.pk])


def handle_registration(event: EventNoticePage, request):
    """A sign-up POST: the spam defences (core/spam.py, as on the opinion form), then one sign-up
    per phone per event within the places left. Every refusal shows the form again, filled in."""
    form, refusal = spam.guard(
        request,
        lambda captcha: registration_form(event, request.POST, captcha=captcha),
        limit="event_register",
        hard_limit="event_register_hard",
    )
    message, status = None, 200
    if refusal is not None:
        status, message = refusal
    elif form.is_valid():
        data = form.cleaned_data
        try:
            registration = event.register(data["name"], data["phone"], data["people"])
        except AlreadyRegistered:
            status = 409
            message = gettext(
                "这个电话号码已经报过名了，无需重复报名。如需更改人数，请联系联系点。"
            )
        else:
            if registration is not None:
                return HttpResponseRedirect(event.url + "?registered=1#registration")
            status = 409
            message = (
                gettext("报名已截止。")
                if event.registration_state() == "closed"
                else gettext("很抱歉，剩余名额不足，报名未成功。")
            )
    context = event.get_context(request, form=form)
    context["registration_error"] = message or None
    return TemplateResponse(request, event.get_template(request), context, status=status)


# ---------------------------------------------------------------------------------------------
# iCalendar (RFC 5545), built with the icalendar library


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "lawbridge.local"


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


def _current_locale():
    return events_locale(Locale.objects.filter(language_code=translation.get_language()).first())


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
