"""Reminders (提醒): the office is told when replies become overdue and a few days before a
comment window closes; each liaison point is told when a draft it is linked to opens.

Run every hour or so, by cron (``manage.py send_opinion_reminders``) or as a background task
(``tasks.send_reminders``). Each reminder is sent once: a ``Reminder`` row is claimed first (a
unique constraint, so two runs at once send one), and given back when the mail server refuses,
so the next run tries again. A mail server that is down is logged, never raised: the other
reminders of the run still go out.

Pages are seen only through ``core.interfaces.Commentable``; which points a page is linked to and
who works for a point come through the ``lawbridge_linked_points`` and
``lawbridge_point_contacts`` hooks (``core.plugins``), so no other plugin is imported here."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.interfaces import as_commentable
from core.plugins import linked_points, point_contacts

from .deadlines import overdue_page_ids
from .models import Opinion, Reminder
from .workflow import FINAL_STATUSES

__all__ = ["CLOSING_DAYS", "office_recipients", "run"]

logger = logging.getLogger(__name__)

# How many days before a window closes the office hears of it (time to rally the points).
CLOSING_DAYS = 3


def office_recipients() -> list[str]:
    """Whoever handles opinions (``forms.change_opinion`` through a group or in person)."""
    permission = Permission.objects.filter(
        content_type__app_label=Opinion._meta.app_label, codename="change_opinion"
    ).first()
    if permission is None:
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send_once(kind, page, recipients, subject, body, point_id=0) -> bool:
    """Claim the reminder, send it, give the claim back if the mail did not go."""
    if not recipients:
        return False  # nobody to tell yet: a later run, once someone is there, will
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind, page_id=page.pk, point_id=point_id, recipients=len(recipients)
            )
    except IntegrityError:
        return False  # sent before (or being sent by another run)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # noqa: BLE001 - any mail failure: log, retry next run, carry on
        logger.exception("reminder %s for page %s not sent", kind, page.pk)
        Reminder.objects.filter(pk=reminder.pk).delete()
        return False
    return True


def _one_per_translation(pages):
    """A page and its translations are one consultation: keep the default-language page."""
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or page.locale.language_code == settings.LANGUAGE_CODE:
            chosen[page.translation_key] = page
    return list(chosen.values())


def _overdue(recipients, today) -> int:
    from .admin_views import opinions_index_url

    sent = 0
    for page in Page.objects.filter(pk__in=overdue_page_ids(today)):
        waiting = Opinion.objects.filter(page=page).exclude(status__in=FINAL_STATUSES).count()
        subject = _("意见答复已超期：%(title)s") % {"title": page.title}
        body = _(
            "《%(title)s》的答复期限已过，仍有 %(n)s 条意见未答复。\n请在后台处理：%(url)s"
        ) % {"title": page.title, "n": waiting, "url": _admin_url(opinions_index_url(page=page.pk))}
        sent += _send_once(Reminder.Kind.OVERDUE, page, recipients, subject, body)
    return sent


def _closing(page, commentable, recipients) -> int:
    from .admin_views import opinions_index_url

    subject = _("征求意见即将截止：%(title)s") % {"title": page.title}
    body = _("《%(title)s》%(window)s\n已收到的意见：%(url)s") % {
        "title": page.title,
        "window": commentable.comment_window_message(),
        "url": _admin_url(opinions_index_url(page=page.pk)),
    }
    return int(_send_once(Reminder.Kind.CLOSING, page, recipients, subject, body))


def _opened(page, commentable) -> int:
    sent = 0
    for point in Page.objects.filter(pk__in=linked_points(page)):
        subject = _("草案开始征求意见：%(title)s") % {"title": page.title}
        body = _(
            "贵联系点（%(point)s）关联的《%(title)s》已开始征求意见。%(window)s\n"
            "草案页面：%(url)s\n线下收集的意见可在后台“录入线下意见”中录入。"
        ) % {
            "point": point.title,
            "title": page.title,
            "window": commentable.comment_window_message(),
            "url": page.full_url or "",
        }
        contacts = point_contacts(point)
        sent += _send_once(Reminder.Kind.OPENED, page, contacts, subject, body, point_id=point.pk)
    return sent


def run(now=None) -> dict[str, int]:
    """Send what is due; returns how many reminders of each kind went out."""
    from .admin_views import commentable_pages

    now = now or timezone.now()
    sent = {kind.value: 0 for kind in Reminder.Kind}
    with translation.override(settings.LANGUAGE_CODE):
        office = office_recipients()
        sent[Reminder.Kind.OVERDUE] = _overdue(office, timezone.localdate(now))
        pages = commentable_pages().live().specific().select_related("locale")
        for page in _one_per_translation(pages):
            commentable = as_commentable(page)
            if commentable is None or not commentable.accepts_comments(now):
                continue
            if not commentable.accepts_comments(now + timedelta(days=CLOSING_DAYS)):
                sent[Reminder.Kind.CLOSING] += _closing(page, commentable, office)
            sent[Reminder.Kind.OPENED] += _opened(page, commentable)
    return sent
