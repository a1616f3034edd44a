"""Telling each side what the other did, through ``core.notify`` (e-mail, or whatever channels the
site has): the office hears of a 申办 and of a report submitted; a point's staff hear that their
application was accepted or declined and that a report was sent back, with the reason.

The office is every active user holding ``manage_tasks`` through a group or directly (a
superuser is a technical account, not the office, and is not written to). A point's staff are its
contacts (``lawbridge_point_contacts``). Called after the change is committed; a mail server that
is down is logged and never undoes or stops what the user did: the board and the point's task list
show the same facts."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import notify
from core.plugins import point_contacts

from .models import ConsultationTask
from .workflow import AssignmentState

__all__ = [
    "application_decided",
    "application_received",
    "office_emails",
    "report_returned",
    "report_submitted",
]

logger = logging.getLogger(__name__)


def office_emails() -> list[str]:
    permission = Permission.objects.filter(
        content_type__app_label=ConsultationTask._meta.app_label, codename="manage_tasks"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    return list(users)


def _url(name: str, pk: int) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _send(emails, subject: str, body: str, what: str, assignment) -> int:
    delivered = sum(notify.send(notify.Message(subject, body, email=e)) for e in emails)
    if not delivered:
        logger.warning("task notice %s for assignment %s reached nobody", what, assignment.pk)
    return delivered


def _values(assignment) -> dict:
    return {
        "task": assignment.task.title,
        "point": assignment.point.title,
        "due": assignment.task.due_date,
    }


def application_received(assignment) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_values(assignment), "url": _url("consultations_task", assignment.task_id)}
        subject = _("联系点申办征询任务：%(task)s") % values
        body = _("%(point)s 申请承办征询任务“%(task)s”，请审核：%(url)s") % values
        if assignment.applied_note:
            body += "\n" + _("申办理由：%(note)s") % {"note": assignment.applied_note}
        return _send(office_emails(), subject, body, "applied", assignment)


def report_submitted(assignment) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_values(assignment), "url": _url("consultations_assignment", assignment.pk)}
        subject = _("联系点报送了汇总报告：%(task)s") % values
        body = _("%(point)s 报送了征询任务“%(task)s”的汇总报告：%(url)s") % values
        return _send(office_emails(), subject, body, "reported", assignment)


def application_decided(assignment) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_values(assignment), "url": _url("consultations_assignment", assignment.pk)}
        if assignment.state == AssignmentState.DECLINED:
            subject = _("申办未通过：%(task)s") % values
            body = _("%(point)s 申办的征询任务“%(task)s”未获同意。理由：%(reason)s") % {
                **values,
                "reason": assignment.decline_reason,
            }
        else:
            subject = _("申办已同意：%(task)s") % values
            body = (
                _("%(point)s 申办的征询任务“%(task)s”已获同意，请于 %(due)s 前完成并报送：%(url)s")
                % values
            )
        return _send(point_contacts(assignment.point), subject, body, "decided", assignment)


def report_returned(assignment, reason: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_values(assignment), "url": _url("consultations_assignment", assignment.pk)}
        subject = _("汇总报告被退回补充：%(task)s") % values
        body = _(
            "%(point)s 报送的征询任务“%(task)s”汇总报告已被法工委退回补充。\n"
            "理由：%(reason)s\n请修改后重新报送：%(url)s"
        ) % {**values, "reason": reason}
        return _send(point_contacts(assignment.point), subject, body, "returned", assignment)
