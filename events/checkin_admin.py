"""Admin: the check-in screen (签到) of one event, built for a staff phone at the door, and the
printable poster with the self check-in link and QR code.

Whoever may edit the event (its point's staff, editors) may check people in; another point's staff
get 403, a sign-up or check-in of another event 404. Phones are shown in full only to holders of
``events.view_registration_phone``, and every such view is written to the PIPL audit log; everyone
else sees them masked and finds people by name or the last four digits."""

from __future__ import annotations

import datetime as dt
import unicodedata

import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.audit import log_access
from core.visible_text import visible_text

from .admin_views import PHONE_PERMISSION, _event_for
from .attendance import (
    check_in,
    checkin_token,
    matching_registration,
    person_times,
    registrations_of,
    self_check_in_window,
    source_event,
    undo,
)
from .checkin import CONTROL
from .models import MAX_PEOPLE_PER_REGISTRATION, EventAttendance, EventRegistration
from .phones import phone_key
from .registration import PHONE_RE

MAX_QUERY = 50


class WalkInForm(forms.Form):
    """现场登记: someone who came without signing up. The phone is optional at the door."""

    name = forms.CharField(
        label=gettext_lazy("姓名"),
        max_length=50,
        error_messages={
            "required": gettext_lazy("请填写姓名。"),
            "null_characters_not_allowed": CONTROL,
        },
    )
    phone = forms.CharField(
        label=gettext_lazy("联系电话（可不填）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        error_messages={"null_characters_not_allowed": CONTROL},
    )
    people = forms.IntegerField(
        label=gettext_lazy("人数"),
        min_value=1,
        max_value=MAX_PEOPLE_PER_REGISTRATION,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("请填写人数。"),
            "invalid": gettext_lazy("人数请填写数字。"),
            "min_value": gettext_lazy("人数至少为 1 人。"),
            "max_value": gettext_lazy("一次最多登记 %(limit_value)s 人。"),
        },
    )

    def clean_name(self):
        name = visible_text(self.cleaned_data["name"])
        if not name or "\x00" in name:
            raise forms.ValidationError(gettext_lazy("请填写姓名。"))
        return name

    def clean_phone(self):
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if phone and (not PHONE_RE.match(phone) or len(phone_key(phone)) < 7):
            raise forms.ValidationError(gettext_lazy("请填写有效的电话号码，或留空。"))
        return phone


def _query(request) -> str:
    query = unicodedata.normalize("NFKC", request.GET.get("q", "")).strip()
    return query.replace("\x00", "")[:MAX_QUERY]


def _filter(rows, query: str):
    """By the last digits of the phone (typed as digits) or by part of the name."""
    if not query:
        return rows
    if query.isdigit():
        return rows.filter(phone_key__endswith=query)
    return rows.filter(name__icontains=query)


def self_check_in_url(request, event) -> str:
    return request.build_absolute_uri(f"{event.url}checkin/{checkin_token(event.pk)}/")


def check_in_screen(request, page_id: int):
    # Whichever language's page it was opened from, the door has one list (events/attendance.py).
    event = source_event(_event_for(request, page_id))
    query = _query(request)
    here = reverse("events_check_in", args=[event.pk])
    back = here + ("?" + urlencode({"q": query}) if query else "")
    walk_in = WalkInForm(prefix="walkin")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "check_in":
            registration = get_object_or_404(
                registrations_of(event),
                pk=_id(request.POST.get("registration")),
                event_id=event.pk,
            )
            result = check_in(
                event,
                method=EventAttendance.METHOD_STAFF,
                registration=registration,
                user=request.user,
            )
            _say(request, result)
            return HttpResponseRedirect(back)
        if action == "walk_in":
            walk_in = WalkInForm(request.POST, prefix="walkin")
            if walk_in.is_valid():
                data = walk_in.cleaned_data
                # A registrant who gives their phone at the walk-in desk is their sign-up.
                result = check_in(
                    event,
                    method=EventAttendance.METHOD_STAFF,
                    registration=matching_registration(event, data["phone"]),
                    name=data["name"],
                    phone=data["phone"],
                    people=data["people"],
                    user=request.user,
                )
                _say(request, result)
                return HttpResponseRedirect(back)
            status = 400
        elif action == "undo":
            attendance = get_object_or_404(
                EventAttendance.objects.present(),
                pk=_id(request.POST.get("attendance")),
                event_id=event.pk,
            )
            undo(attendance, request.user)
            messages.success(request, _("已撤销 %(name)s 的签到。") % {"name": attendance.name})
            return HttpResponseRedirect(back)
        else:
            return HttpResponseRedirect(back)

    registrations = list(_filter(registrations_of(event), query))
    present = list(_filter(event.attendances.present(), query).select_related("recorded_by"))
    by_registration = {a.registration_id: a for a in present if a.registration_id}
    clear = request.user.has_perm(PHONE_PERMISSION)
    if clear:
        # What this screen shows in clear, as the sign-up list and the sign-in sheet log it.
        if registrations:
            log_access(request, "view", EventRegistration, [r.pk for r in registrations])
        if present:
            log_access(request, "view", EventAttendance, [a.pk for a in present])

    def shown(phone: str, masked: str) -> str:
        return phone if clear else masked

    rows = [(r, shown(r.phone, r.masked_phone), by_registration.get(r.pk)) for r in registrations]
    walk_ins = [(a, shown(a.phone, a.masked_phone)) for a in present if a.registration_id is None]
    response = TemplateResponse(
        request,
        "events/admin/check_in.html",
        {
            "event": event,
            "rows": rows,
            "walk_ins": walk_ins,
            "query": query,
            "walk_in": walk_in,
            "person_times": person_times(event),
            "checked_in_count": event.attendances.present().count(),
            "page_title": _("签到：%(title)s") % {"title": event.title},
            "header_title": _("活动签到"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


def check_in_poster(request, page_id: int):
    """A page to print (or show on a phone) at the venue: the self check-in link and its QR code."""
    event = source_event(_event_for(request, page_id))
    url = self_check_in_url(request, event)
    qr = segno.make(url, error="m")
    opens, closes = self_check_in_window(event)
    return TemplateResponse(
        request,
        "events/admin/check_in_poster.html",
        {
            "event": event,
            "url": url,
            "qr": mark_safe(qr.svg_inline(scale=8, border=2, title=_("扫码签到"))),  # noqa: S308 - segno output
            "opens": opens,
            # Shown as the day's last minute: "至 12月1日 00:00" reads as the wrong day.
            "closes": closes - dt.timedelta(minutes=1),
        },
    )


def _id(value) -> int:
    """A posted id; anything else (text, huge, empty) finds nothing: a 404, never a 500."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return 0


def _say(request, result) -> None:
    attendance = result.attendance
    if result.created:
        messages.success(
            request,
            ngettext(
                "%(name)s 签到成功（%(people)s 人）。",
                "%(name)s 签到成功（%(people)s 人）。",
                attendance.people,
            )
            % {"name": attendance.name, "people": attendance.people},
        )
    else:
        messages.info(request, _("%(name)s 已签到，无需重复签到。") % {"name": attendance.name})
