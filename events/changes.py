"""A late change of an event reaching those signed up: when the organiser publishes a new start
time or place, or calls the event off (or on again), after people signed up, each of them who has
not cancelled is told what changed, in the language they signed up in.

``EventNoticePage.save`` calls ``record_change`` with the values before publishing; the notice is
recorded at once (the editor's confirmation counts its recipients) and sent after commit by a
background task (events/tasks.py), which records who could not be reached."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext

logger = logging.getLogger("lawbridge.events")


def changes_between(before: dict, event) -> dict:
    """``{field: [old, new]}`` of the watched fields that differ (datetimes as ISO strings)."""
    changes = {}
    if before["start"] != event.start:
        changes["start"] = [before["start"].isoformat(), event.start.isoformat()]
    if before["place"] != event.place:
        changes["place"] = [before["place"], event.place]
    if before["cancelled"] != event.cancelled:
        changes["cancelled"] = [before["cancelled"], event.cancelled]
    return changes


def record_change(event, before: dict):
    """The ``EventChangeNotice`` for this publication, or None (nothing to tell, no one to tell)."""
    from .models import EventChangeNotice

    changes = changes_between(before, event)
    if not changes:
        return None
    if before["cancelled"] and event.cancelled:
        return None  # moving an event that stays called off concerns no one
    if before["start"] < timezone.now() and event.start < timezone.now():
        return None  # correcting the record of a past event
    recipients = event.registrations.active().count()
    if not recipients:
        return None
    notice = EventChangeNotice.objects.create(
        event_id=event.pk,
        revision_id=event.live_revision_id,
        changes=changes,
        recipients=recipients,
    )
    transaction.on_commit(lambda: enqueue_change(notice.pk))
    return notice


def enqueue_change(notice_id: int) -> None:
    from .tasks import notify_change

    try:
        notify_change.enqueue(notice_id)
    except Exception:
        # The notice stays not done: the registrations page shows it as not sent.
        logger.exception("could not queue change notice %s", notice_id)


def _when(iso: str) -> str:
    return date_format(timezone.localtime(parse_datetime(iso)), "DATETIME_FORMAT")


def describe(event, changes: dict) -> str:
    """One short message for an SMS, in the active language."""
    if changes.get("cancelled") == [False, True]:
        return gettext("【%(site)s】您报名的“%(title)s”（原定%(when)s）已取消，敬请谅解。") % {
            "site": gettext("立法连心桥"),
            "title": event.title,
            "when": _when(event.start.isoformat()),
        }
    parts = []
    if changes.get("cancelled") == [True, False]:
        parts.append(gettext("活动恢复举行"))
    if "start" in changes:
        parts.append(
            gettext("时间改为%(new)s（原%(old)s）")
            % {"new": _when(changes["start"][1]), "old": _when(changes["start"][0])}
        )
    if "place" in changes:
        parts.append(
            gettext("地点改为%(new)s（原%(old)s）")
            % {"new": changes["place"][1], "old": changes["place"][0]}
        )
    return gettext("【%(site)s】您报名的“%(title)s”有变更：%(changes)s。") % {
        "site": gettext("立法连心桥"),
        "title": event.title,
        "changes": gettext("；").join(parts),
    }
