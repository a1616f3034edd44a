"""Retention (PIPL): contact details of opinions are erased ``OPINION_CONTACT_RETENTION_DAYS``
(default 180) days after the page's 采纳情况反馈 was published (``PageOpinionSettings.
feedback_published_at``): name, phone, email, region and personal answers of editor-built forms.
The text, the category, the status, the reply and every count stay."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Opinion, PageOpinionSettings

CONTACT_FIELDS = ("name", "phone", "email", "region")
# Answers of editor-built forms that identify a person (keys are the readable field names).
PERSONAL_KEY = re.compile(
    r"姓名|名字|电话|手机|邮箱|邮件|地址|住址|身份证|微信|联系|name|phone|mail|address", re.I
)


def retention_days() -> int:
    return int(settings.OPINION_CONTACT_RETENTION_DAYS)


def due_opinions(days: int | None = None, now=None):
    """Opinions whose page's feedback was published at least ``days`` ago and that still hold
    contact details."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    page_ids = PageOpinionSettings.objects.filter(
        feedback_published=True, feedback_published_at__lte=cutoff
    ).values("page_id")
    has_contact = Q()
    for field in CONTACT_FIELDS:
        has_contact |= ~Q(**{field: ""})
    has_contact |= ~Q(form_data={})
    return Opinion.objects.filter(page_id__in=page_ids).filter(has_contact)


def purge(days: int | None = None, dry_run: bool = False, now=None) -> list[int]:
    """Erase contact details of the due opinions; returns their ids (nothing written when
    ``dry_run``). Logged in the PIPL audit log."""
    from core.audit import log_access

    ids = list(due_opinions(days, now).order_by("pk").values_list("pk", flat=True))
    if dry_run or not ids:
        return ids
    with transaction.atomic():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            Opinion.objects.filter(pk__in=chunk).update(
                **dict.fromkeys(CONTACT_FIELDS, ""), updated_at=timezone.now()
            )
            for opinion in Opinion.objects.filter(pk__in=chunk).exclude(form_data={}):
                kept = {k: v for k, v in opinion.form_data.items() if not PERSONAL_KEY.search(k)}
                if kept != opinion.form_data:
                    Opinion.objects.filter(pk=opinion.pk).update(form_data=kept)
        log_access(
            None,
            "erase",
            Opinion,
            ids,
            note=f"retention: {retention_days() if days is None else days} days",
        )
    return ids
