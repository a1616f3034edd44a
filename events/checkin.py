"""Self check-in (扫码签到): ``<event url>checkin/<token>/``, the link and QR code staff show at the
venue (the printable page of the admin check-in screen). The resident types name and phone: matched
to their sign-up by phone, else checked in as a walk-in (现场登记).

Open from an hour before the start until the end of the event's day; the token keeps it from
working for someone who never saw the venue's poster. Rate-limited per client address
(``event_checkin``: a hall on one Wi-Fi is one address) and per phone number of the event
(``event_checkin_phone``). A plain form: no JavaScript needed. Never cached: it carries a CSRF token
and, after checking in, says who checked in."""

from __future__ import annotations

import unicodedata

from django import forms
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import ratelimit
from core.visible_text import visible_text
from core.widgets import PhoneInput

from .attendance import (
    check_in,
    checkin_token,
    matching_registration,
    self_check_in_open,
    self_check_in_window,
    source_event,
)
from .models import MAX_PEOPLE_PER_REGISTRATION, EventAttendance, EventNoticePage
from .phones import phone_key
from .registration import PHONE_RE

# {event id: attendance id} of the check-in made in this browser: the page after it says who.
SESSION_KEY = "events_checkins"
# Django's own wording for a NUL byte reads badly in Chinese; a pasted control character is the cause.
CONTROL = _("内容中有无法显示的控制字符，请删除后重新填写。")


class SelfCheckInForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        error_messages={"required": _("请填写姓名。"), "null_characters_not_allowed": CONTROL},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("报名时填写的电话号码；没有报名的也请填写，仅用于联系点联系您。"),
        widget=PhoneInput(),
        error_messages={"required": _("请填写联系电话。"), "null_characters_not_allowed": CONTROL},
    )
    people = forms.IntegerField(
        label=_("到场人数（含本人）"),
        min_value=1,
        max_value=MAX_PEOPLE_PER_REGISTRATION,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("请填写到场人数。"),
            "invalid": _("到场人数请填写数字。"),
            "min_value": _("到场人数至少为 1 人。"),
            "max_value": _("一次最多登记 %(limit_value)s 人。"),
        },
    )

    def clean_name(self):
        name = visible_text(self.cleaned_data["name"])
        if not name or "\x00" in name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name

    def clean_phone(self):
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if not PHONE_RE.match(phone) or len(phone_key(phone)) < 7:
            raise forms.ValidationError(_("请填写有效的电话号码。"))
        return phone


def serve_self_check_in(event: EventNoticePage, request, token: str):
    # One link for every language of the event: the token is the default-language page's.
    if not constant_time_compare(token, checkin_token(source_event(event).pk)):
        raise Http404
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    response = _self_check_in(event, request)
    add_never_cache_headers(response)
    return response


def _self_check_in(event: EventNoticePage, request):
    opens, closes = self_check_in_window(event)
    context = {
        "page": event,
        "self": event,
        "point": event.organising_point,
        "opens": opens,
        "is_open": self_check_in_open(event),
        "form": None,
        "message": None,
        "done": None,
    }
    if request.method != "POST" and request.GET.get("done") == "1":
        attendance_id = request.session.get(SESSION_KEY, {}).get(str(event.pk))
        context["done"] = (
            EventAttendance.objects.present()
            .filter(pk=attendance_id, event_id=source_event(event).pk)
            .first()
            if attendance_id
            else None
        )
    status = 200
    if not context["is_open"]:
        status = 403 if request.method == "POST" else 200
        return _render(request, context, status)
    form = SelfCheckInForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method != "POST":
        return _render(request, context, status)
    if not form.is_valid():
        return _render(request, context, 400)
    data = form.cleaned_data
    key = phone_key(data["phone"])
    over_address = ratelimit.limited(request, "event_checkin")
    over_phone = ratelimit.limited(request, "event_checkin_phone", key=f"{event.pk}:{key}")
    if over_address or over_phone:
        context["message"] = str(ratelimit.TOO_MANY)
        return _render(request, context, 429)
    registration = matching_registration(event, data["phone"])
    result = check_in(
        event,
        method=EventAttendance.METHOD_SELF,
        registration=registration,
        name=data["name"],
        phone=data["phone"],
        people=data["people"],
    )
    checkins = request.session.get(SESSION_KEY, {})
    checkins[str(event.pk)] = result.attendance.pk
    request.session[SESSION_KEY] = checkins
    if not result.created:
        context["form"] = None
        context["done"] = result.attendance
        context["message"] = gettext("这个电话号码已经签到过了，无需重复签到。")
        return _render(request, context, 200)
    token = checkin_token(source_event(event).pk)
    return HttpResponseRedirect(f"{event.url}checkin/{token}/?done=1#checked-in")


def _render(request, context, status):
    return TemplateResponse(request, "events/self_check_in.html", context, status=status)
