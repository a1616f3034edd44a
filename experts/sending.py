"""Sending invitations and reminders by SMS and e-mail (``core.notify``), after the request.

``create_campaign`` stores one invitation per expert in one transaction and queues the sending
after commit; the task sends each and records whether anyone was reached (``Invitation.sent``).
A gateway that is down leaves the invitation saved and marked 未发送, with a 重发 button: nothing
is lost and nothing raised. The message is in the site's language (the pool keeps no language
per expert)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_tasks import task

from core import notify

from . import codes
from .models import Campaign, Invitation

__all__ = ["create_campaign", "enqueue", "link_for", "send_invitations"]

logger = logging.getLogger("lawbridge.experts")


def link_for(invitation: Invitation) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("expert_link", args=[invitation.code])
    return base.rstrip("/") + path


def _new_invitation(campaign, expert) -> Invitation:
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    campaign=campaign, expert=expert, code=codes.new_code()
                )
        except IntegrityError:
            if Invitation.objects.filter(campaign=campaign, expert=expert).exists():
                raise
            continue  # the same random code twice: draw again
    raise RuntimeError("no free invitation code")


def create_campaign(
    *, title, page, message, reply_by, experts, user=None, send: bool = True
) -> Campaign:
    """The campaign and one invitation per expert (each once), sent after commit (``send``
    False: not sent at all, for demo content whose messages would go nowhere)."""
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            page=page,
            message=message,
            reply_by=reply_by,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        invitations = [_new_invitation(campaign, expert) for expert in dict.fromkeys(experts)]
        ids = [i.pk for i in invitations]
        if send:
            transaction.on_commit(lambda: enqueue(ids))
    return campaign


def enqueue(invitation_ids, reminder: bool = False) -> None:
    try:
        send_invitations.enqueue(list(invitation_ids), reminder)
    except Exception:
        # The invitations stay as they are (未发送 when never sent): the office can send again.
        logger.exception("could not queue invitations %s", invitation_ids)


def _text(invitation: Invitation, reminder: bool) -> tuple[str, str]:
    campaign = invitation.campaign
    values = {
        "site": gettext("立法连心桥"),
        "name": invitation.expert.name,
        "page": campaign.page.title,
        "date": date_format(campaign.reply_by, "DATE_FORMAT"),
        "link": link_for(invitation),
    }
    if reminder:
        subject = (
            gettext(
                "【%(site)s】%(name)s：提醒您，对《%(page)s》的意见请于%(date)s前提出：%(link)s"
            )
            % values
        )
    else:
        subject = (
            gettext(
                "【%(site)s】%(name)s：诚邀您对《%(page)s》提出意见，请于%(date)s前反馈：%(link)s"
            )
            % values
        )
    return subject, f"{campaign.message}\n\n{subject}"


@task()
def send_invitations(invitation_ids: list[int], reminder: bool = False) -> None:
    rows = Invitation.objects.filter(pk__in=invitation_ids, active=True).select_related(
        "campaign__page", "expert"
    )
    for invitation in rows:
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _text(invitation, reminder)
        expert = invitation.expert
        delivered = notify.send(
            notify.Message(subject=subject, body=body, phone=expert.phone, email=expert.email)
        )
        now = timezone.now()
        if reminder:
            if delivered:
                Invitation.objects.filter(pk=invitation.pk).update(reminded_at=now)
        elif delivered:
            Invitation.objects.filter(pk=invitation.pk).update(sent=True, sent_at=now)
        else:
            Invitation.objects.filter(pk=invitation.pk).update(sent=False)
