"""One person's own sign-up: the confirmation page with the cancel code (``<event url>registered/``)
and the cancel page (``<event url>cancel/``), where phone + code give the place back.

Both pages belong to one visitor and carry a CSRF token: never cached, never shared. The code is
six digits, so guessing is rate-limited: every attempt per client address (``event_cancel``),
wrong answers per address (``event_cancel_miss``) and per phone number of the event
(``event_cancel_phone``), from any address. Past a budget the page says so (429); nothing typed is
lost."""

from __future__ import annotations

import unicodedata

from django import forms
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import ratelimit
from core.visible_text import visible_text
from core.widgets import PhoneInput

from .models import EventNoticePage, EventRegistration
from .phones import phone_key
from .registration import CODE_DIGITS, SESSION_KEY

WRONG = _("电话号码或取消码不正确，请核对报名成功时页面上显示或短信收到的取消码。")


class CancelForm(forms.Form):
    phone = forms.CharField(
        label=_("报名时填写的电话号码"),
        max_length=30,
        widget=PhoneInput(),
        error_messages={"required": _("请填写报名时的电话号码。")},
    )
    code = forms.CharField(
        label=_("取消码"),
        max_length=30,
        help_text=_("报名成功时页面上显示的 6 位数字，也已用短信发送。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("请填写取消码。")},
    )

    def clean_phone(self):
        key = phone_key(self.cleaned_data["phone"])
        if len(key) < 7:
            raise forms.ValidationError(_("请填写有效的电话号码。"))
        return key

    def clean_code(self):
        # NFKC: full-width ６ from a Chinese input method; spaces as read out from an SMS.
        code = "".join(
            visible_text(unicodedata.normalize("NFKC", self.cleaned_data["code"])).split()
        )
        if not (code.isascii() and code.isdigit() and len(code) == CODE_DIGITS):
            raise forms.ValidationError(_("取消码是 6 位数字。"))
        return code


def serve_personal_page(event: EventNoticePage, request, which: str):
    if event.registration_state() == "none" and not event.registrations.exists():
        raise Http404
    view = registered if which == "registered" else cancel
    response = view(event, request)
    add_never_cache_headers(response)
    return response


def _render(event, request, template, context, status=200):
    context = {"page": event, "self": event, "point": event.organising_point, **context}
    return TemplateResponse(request, template, context, status=status)


def registered(event: EventNoticePage, request):
    """The confirmation after signing up: the code, shown to the browser that signed up only."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    registration_id = request.session.get(SESSION_KEY, {}).get(str(event.pk))
    registration = (
        EventRegistration.objects.active().filter(pk=registration_id, event_id=event.pk).first()
        if registration_id
        else None
    )
    if registration is None:
        return HttpResponseRedirect(event.url)
    return _render(
        event,
        request,
        "events/registered.html",
        {"registration": registration, "cancel_url": event.url + "cancel/"},
    )


def _over_budget(request, event, key: str) -> bool:
    over_attempts = ratelimit.limited(request, "event_cancel")
    over_misses = ratelimit.limited(request, "event_cancel_miss", increment=False)
    over_phone = ratelimit.limited(
        request, "event_cancel_phone", key=f"{event.pk}:{key}", increment=False
    )
    return over_attempts or over_misses or over_phone


def _count_miss(request, event, key: str) -> None:
    ratelimit.limited(request, "event_cancel_miss")
    ratelimit.limited(request, "event_cancel_phone", key=f"{event.pk}:{key}")


def cancel(event: EventNoticePage, request):
    form = CancelForm(request.POST) if request.method == "POST" else CancelForm()
    context = {"form": form, "cancelled": None, "message": None}
    status = 200
    if request.method == "POST" and form.is_valid():
        key, code = form.cleaned_data["phone"], form.cleaned_data["code"]
        if _over_budget(request, event, key):
            context["message"], status = str(ratelimit.TOO_MANY), 429
        else:
            outcome = cancel_registration(event, key, code)
            if outcome is None:
                _count_miss(request, event, key)
                context["message"], status = str(WRONG), 400
            elif outcome == "started":
                context["message"], status = gettext("活动已经开始，无法在网上取消。"), 409
            else:
                _forget(request, event)
                context["cancelled"] = outcome
    elif request.method == "POST":
        status = 400
    return _render(event, request, "events/cancel.html", context, status=status)


def cancel_registration(event: EventNoticePage, key: str, code: str):
    """The cancelled ``EventRegistration`` (already cancelled earlier: that one), "started" when
    the event has begun, or None when no sign-up of this event has this phone and code."""
    with transaction.atomic():
        candidates = list(
            EventRegistration.objects.select_for_update()
            .filter(event_id=event.pk, phone_key=key)
            .exclude(cancel_code="")
            .order_by(F("cancelled").asc(nulls_first=True), "-created")  # the active one first
        )
        match = next(
            (row for row in candidates if constant_time_compare(row.cancel_code, code)), None
        )
        if match is None:
            return None
        if match.cancelled is None:
            if timezone.now() >= event.start:
                return "started"
            match.cancelled = timezone.now()
            match.save(update_fields=["cancelled"])
        return match


def _forget(request, event) -> None:
    signups = request.session.get(SESSION_KEY, {})
    if signups.pop(str(event.pk), None) is not None:
        request.session[SESSION_KEY] = signups
