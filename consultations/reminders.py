"""Reminders to a point's staff about a task it has not reported: once a few days before the due
date (``CONSULTATION_REMINDER_DAYS``) and once after it has passed. Sent through ``core.notify``
to the point's contacts (``lawbridge_point_contacts``).

Each reminder is claimed first (a ``TaskReminder`` row under a unique constraint, so two runs at
once send one). When nobody could be reached (no contact yet, the mail server down), the row says
so (``delivered`` False) and the next run tries again; a delivered reminder is never repeated."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import notify
from core.plugins import point_contacts, withdrawn_points

from .models import ConsultationTask, TaskAssignment, TaskReminder
from .workflow import ACTIVE

__all__ = ["run"]

logger = logging.getLogger(__name__)


def _message(assignment, kind) -> tuple[str, str]:
    task = assignment.task
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "consultations_assignment", args=[assignment.pk]
    )
    values = {"task": task.title, "point": assignment.point.title, "due": task.due_date, "url": url}
    if kind == TaskReminder.Kind.BEFORE:
        subject = _("征询任务即将到期：%(task)s") % values
        body = (
            _(
                "%(point)s：征询任务“%(task)s”应于 %(due)s 前报送汇总报告，目前尚未报送。\n"
                "请在后台记录五个环节并报送：%(url)s"
            )
            % values
        )
    else:
        subject = _("征询任务已逾期：%(task)s") % values
        body = (
            _(
                "%(point)s：征询任务“%(task)s”的报送截止日期 %(due)s 已过，尚未收到汇总报告。\n"
                "请尽快报送：%(url)s"
            )
            % values
        )
    return subject, body


def _claim(assignment, kind):
    """The reminder row to send under, or None when it was delivered before."""
    try:
        with transaction.atomic():
            return TaskReminder.objects.create(assignment=assignment, kind=kind)
    except IntegrityError:
        return TaskReminder.objects.filter(
            assignment=assignment, kind=kind, delivered=False
        ).first()


def _send(assignment, kind) -> bool:
    reminder = _claim(assignment, kind)
    if reminder is None:
        return False
    subject, body = _message(assignment, kind)
    contacts = point_contacts(assignment.point)
    delivered = 0
    for email in contacts:
        delivered += notify.send(notify.Message(subject, body, email=email))
    if not delivered:
        logger.warning("task reminder %s for assignment %s reached nobody", kind, assignment.pk)
    reminder.recipients = delivered
    reminder.delivered = bool(delivered)
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["recipients", "delivered", "sent_at"])
    return bool(delivered)


def run(today=None) -> dict[str, int]:
    """Send what is due; returns how many reminders of each kind reached someone."""
    today = today or timezone.localdate()
    days = int(getattr(settings, "CONSULTATION_REMINDER_DAYS", 3))
    sent = {kind.value: 0 for kind in TaskReminder.Kind}
    waiting = (
        TaskAssignment.objects.filter(
            state__in=ACTIVE,
            task__state=ConsultationTask.State.SENT,
            task__due_date__lte=today + timedelta(days=days),
        )
        .exclude(point_id__in=withdrawn_points())  # a 撤销 point is not chased any more
        .select_related("task", "point")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for assignment in waiting:
            kind = (
                TaskReminder.Kind.AFTER
                if today > assignment.task.due_date
                else TaskReminder.Kind.BEFORE
            )
            sent[kind] += _send(assignment, kind)
    return sent
