"""Check-in (签到) at an event: staff at the door, or the resident with the link shown at the venue.

Every path goes through ``check_in``: one standing check-in per sign-up and per phone number of an
event (database constraints), so a second tap, a resident who scans after staff checked them in, or
two staff phones at the same door answer "已签到" instead of counting someone twice. A mistaken
check-in is undone (``undo``), kept on record with who undid it.

The event's person-times (签到人次) are the sum of ``people`` over its standing check-ins; the
scorecard counts them instead of the typed 参加人数 once an event has any (point_indicators.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.signing import Signer
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import EventAttendance, EventNoticePage, EventRegistration
from .phones import phone_key

__all__ = [
    "CheckIn",
    "registrations_of",
    "source_event",
    "check_in",
    "checkin_token",
    "person_times",
    "self_check_in_window",
    "undo",
]

# The link is shown at the venue from an hour before the start: people arrive early.
OPENS_BEFORE = dt.timedelta(hours=1)
_SIGNER = Signer(salt="events.checkin")


@dataclass(frozen=True)
class CheckIn:
    attendance: EventAttendance
    created: bool  # False: this person was checked in already (已签到), nothing stored


def source_event(event: EventNoticePage) -> EventNoticePage:
    """The event in the site's default language. Check-ins are stored against it whichever
    language's page they came through, since the scorecard counts that page only."""
    if event.locale.language_code == settings.LANGUAGE_CODE:
        return event
    source = (
        EventNoticePage.objects.filter(
            translation_key=event.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .select_related("locale")
        .first()
    )
    return source or event


def registrations_of(event: EventNoticePage):
    """Active sign-ups made on the event's page in any language."""
    return EventRegistration.objects.active().filter(event__translation_key=event.translation_key)


def checkin_token(event_id: int) -> str:
    """The short secret in the self check-in link: without it nobody checks in from home."""
    return _SIGNER.signature(str(event_id))[:10]


def self_check_in_window(event: EventNoticePage) -> tuple[dt.datetime, dt.datetime]:
    """From an hour before the start until the end of the event's (local) day."""
    last_day = timezone.localtime(event.end).date()
    closes = dt.datetime.combine(
        last_day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return event.start - OPENS_BEFORE, closes


def self_check_in_open(event: EventNoticePage, now: dt.datetime | None = None) -> bool:
    if event.cancelled:
        return False
    opens, closes = self_check_in_window(event)
    return opens <= (now or timezone.now()) < closes


def matching_registration(event: EventNoticePage, phone: str) -> EventRegistration | None:
    key = phone_key(phone)
    if not key:
        return None
    return registrations_of(event).filter(phone_key=key).first()


def _existing(event_id: int, registration_id: int | None, key: str):
    match = Q(registration_id=registration_id) if registration_id else Q(pk__in=[])
    if key:
        match |= Q(phone_key=key)
    return EventAttendance.objects.present().filter(match, event_id=event_id).first()


def check_in(
    event: EventNoticePage,
    *,
    method: str,
    registration: EventRegistration | None = None,
    name: str = "",
    phone: str = "",
    people: int | None = None,
    user=None,
) -> CheckIn:
    """Check a sign-up (``registration``) or a walk-in (``name``, optional ``phone``) in.

    A sign-up brings the people it booked unless ``people`` says otherwise; the phone of a sign-up
    is the one it gave. Nothing is stored twice: an existing standing check-in of the same sign-up
    or phone number is returned with ``created=False``."""
    event = source_event(event)
    if registration is not None:
        name = name or registration.name
        phone = registration.phone
        people = people or registration.people
    people = people or 1
    if not 1 <= people <= 10:
        raise ValueError("people must be 1 to 10")
    key = phone_key(phone)
    registration_id = registration.pk if registration is not None else None
    existing = _existing(event.pk, registration_id, key)
    if existing is not None:
        return CheckIn(existing, False)
    try:
        with transaction.atomic():
            attendance = EventAttendance.objects.create(
                event_id=event.pk,
                registration_id=registration_id,
                name=name,
                phone=phone,
                phone_key=key,
                people=people,
                method=method,
                recorded_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:
        # Two phones at the door tapped at once: the other one stored it.
        existing = _existing(event.pk, registration_id, key)
        if existing is None:
            raise
        return CheckIn(existing, False)
    return CheckIn(attendance, True)


def undo(attendance: EventAttendance, user) -> bool:
    """Undo a check-in made by mistake; False when it was undone already."""
    return bool(
        EventAttendance.objects.present()
        .filter(pk=attendance.pk)
        .update(undone_at=timezone.now(), undone_by=user)
    )


def person_times(event: EventNoticePage) -> int:
    """签到人次: people checked in (0 without check-ins)."""
    total = source_event(event).attendances.present().aggregate(total=Sum("people"))["total"]
    return total or 0
