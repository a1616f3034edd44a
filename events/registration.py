"""Signing up for an event: the event page's context around the form, the form with the opinion
form's spam defences, the POST that handles it, and the booking that never overbooks."""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata

from django import forms
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core import spam
from core.visible_text import visible_text
from core.widgets import PhoneInput

from .attendance import person_times
from .models import DEFAULT_PEOPLE_PER_REGISTRATION, EventNoticePage, EventRegistration
from .phones import phone_key

PHONE_RE = re.compile(r"^[0-9+\-\s]{7,20}$")
CODE_DIGITS = 6  # typed on a phone's dial pad; guessing is rate-limited (events/cancellation.py)
# The sign-ups this browser made, {event id: registration id}: the confirmation page shows the
# code of that one only, and a second tap on 提交 lands there instead of on an error.
SESSION_KEY = "events_signups"

logger = logging.getLogger("lawbridge.events")


def new_cancel_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


class AlreadyRegistered(Exception):
    """This phone number has already signed up for this event."""


# ---------------------------------------------------------------------------------------------
# Booking


def sign_up(event: EventNoticePage, name: str, phone: str, people: int = 1, language: str = ""):
    """Sign up atomically: the new ``EventRegistration``, or None when the places are gone (or
    registration closed, or the event called off); ``AlreadyRegistered`` when this phone number
    (however typed) holds a sign-up already. Its cancel code goes out by SMS after commit.

    The event row is locked (SELECT … FOR UPDATE) while places are counted, so concurrent
    sign-ups on PostgreSQL queue up instead of overbooking; SQLite serialises writers anyway.
    The unique (event, phone key) index is the last word on duplicates either way."""
    key = phone_key(phone)
    with transaction.atomic():
        locked = (
            EventNoticePage.objects.select_for_update(of=("self",))
            .only(
                "pk",
                "registration_open",
                "capacity",
                "registration_closes",
                "start",
                "max_people",
                "cancelled",
            )
            .get(pk=event.pk)
        )
        if not 1 <= people <= locked.max_people:
            raise ValueError(f"people must be 1 to {locked.max_people}")
        if locked.registration_state() in ("none", "closed", "cancelled"):
            return None
        # Cancelled sign-ups hold no place and do not block the phone from signing up again.
        registrations = EventRegistration.objects.filter(event_id=event.pk).active()
        if key and registrations.filter(phone_key=key).exists():
            raise AlreadyRegistered
        if locked.capacity is not None:
            taken = registrations.aggregate(total=Sum("people"))["total"] or 0
            if taken + people > locked.capacity:
                return None
        try:
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event_id=event.pk,
                    name=name,
                    phone=phone,
                    phone_key=key,
                    people=people,
                    cancel_code=new_cancel_code(),
                    language=language,
                )
        except IntegrityError:
            if registrations.filter(phone_key=key).exists():
                raise AlreadyRegistered from None
            raise
        transaction.on_commit(lambda: enqueue_cancel_code(registration.pk))
        return registration


def enqueue_cancel_code(registration_id: int) -> None:
    """Queue the SMS with the code; a queue that is down leaves ``code_sent`` None (not sent),
    and the person still has the code from the confirmation page."""
    from .tasks import send_cancel_code

    try:
        send_cancel_code.enqueue(registration_id)
    except Exception:
        logger.exception("could not queue the cancel code of sign-up %s", registration_id)


# ---------------------------------------------------------------------------------------------
# The form


class RegistrationForm(spam.SpamProtectedForm):
    """The sign-up form, with the opinion form's defences (honeypot, fill time, CAPTCHA once a
    client trips a limit): ``max_people`` is the event's cap on one sign-up."""

    # Each message names what is missing: on a phone the field may be a screen away from it.
    name = forms.CharField(
        label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")}
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("仅用于联系点通知活动安排，不会公开。"),
        widget=PhoneInput(),
        error_messages={"required": _("请填写联系电话。")},
    )
    people = forms.IntegerField(
        label=_("参加人数"),
        min_value=1,
        initial=1,
        # type="number" alone gives iPhones the punctuation keyboard; this asks for digits.
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("请填写参加人数。"),
            "invalid": _("参加人数请填写数字。"),
            "min_value": _("参加人数至少为 1 人。"),
        },
    )
    consent = forms.BooleanField(
        label=_("我同意联系点使用以上信息联系我"),
        error_messages={"required": _("请勾选同意联系点联系您，才能报名。")},
    )

    def __init__(self, *args, max_people: int = DEFAULT_PEOPLE_PER_REGISTRATION, **kwargs):
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        people.max_value = max_people
        people.validators.append(
            MaxValueValidator(max_people, _("一次最多可报 %(limit_value)s 人（含本人）。"))
        )
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


# ---------------------------------------------------------------------------------------------
# The event page


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
        "cancel_url": event.url + "cancel/",
        "register_url": f"{event.url}?register=1#registration",
        "ics_url": reverse("events_ical_event", args=[event.pk]),
        "report_images": list(event.report_images.select_related("image")),
        # 签到人次 stand for the typed 参加人数 once anyone checked in (events/attendance.py).
        "checked_in": person_times(event) if event.is_past else 0,
    }


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
            registration = sign_up(
                event, data["name"], data["phone"], data["people"], language=get_language()
            )
        except AlreadyRegistered:
            if _signed_up_here(request, event, data["name"], data["phone"]):
                # A second tap, or the form sent again: the first one went through.
                return HttpResponseRedirect(confirmation_url(event))
            status = 409
            message = already_registered_message(event)
        else:
            if registration is not None:
                signups = request.session.get(SESSION_KEY, {})
                signups[str(event.pk)] = registration.pk
                request.session[SESSION_KEY] = signups
                return HttpResponseRedirect(confirmation_url(event))
            status = 409
            event.refresh_from_db()
            message = {
                "closed": gettext("报名已截止。"),
                "cancelled": gettext("活动已取消，不再接受报名。"),
            }.get(event.registration_state(), gettext("很抱歉，剩余名额不足，报名未成功。"))
    context = event.get_context(request, form=form)
    context["registration_error"] = message or None
    return TemplateResponse(request, event.get_template(request), context, status=status)


def confirmation_url(event: EventNoticePage) -> str:
    # The fragment is explicit: a redirect without one keeps the form's (#registration), which is
    # not on the confirmation page.
    return event.url + "registered/#signed-up"


def already_registered_message(event: EventNoticePage):
    """Says where to go next: the cancel page (with the code from the SMS) or the point."""
    return format_html(
        '{} <a href="{}">{}</a>',
        gettext(
            "这个电话号码已经报过名了，无需重复报名。报名成功时页面上显示并以短信发送了取消码；"
            "要取消或改报人数，请先用取消码取消，再重新报名。忘记取消码请联系联系点。"
        ),
        event.url + "cancel/",
        gettext("取消报名"),
    )


def _signed_up_here(request, event: EventNoticePage, name: str, phone: str) -> bool:
    """Whether this browser's sign-up for the event is this very one (same name and phone): the
    same form sent twice, not a neighbour using the same phone."""
    registration_id = request.session.get(SESSION_KEY, {}).get(str(event.pk))
    if registration_id is None:
        return False
    return (
        EventRegistration.objects.active()
        .filter(pk=registration_id, event_id=event.pk, name=name, phone_key=phone_key(phone))
        .exists()
    )
