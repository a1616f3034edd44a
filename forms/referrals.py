"""转办: a request that is not about law-making goes to a department; the office records the
department's reply, the resident is told and rates it once; reply and satisfaction rates are
published per department and per point.

The opinion itself moves to 已转办 through ``workflow.transition`` (history row, who, when); the
``Referral`` row carries the rest. Residents are told after commit, through the same notifiers as
a decision: a gateway that is down leaves the referral 未发送, to be sent again from its page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .referral_models import (
    MAX_NOTE_LENGTH,
    MAX_REPLY_LENGTH,
    SATISFIED_RATINGS,
    Department,
    Rating,
    Referral,
)
from .workflow import Status, TransitionError, transition

__all__ = [
    "RATING_CHOICES",
    "Rates",
    "open_referral",
    "public_summary",
    "rate",
    "rates",
    "rates_by",
    "record_reply",
    "refer",
    "refer_many",
    "send_reply_notice",
]

RATING_CHOICES = Rating.choices

# PostgreSQL cannot store a NUL; the other control characters are never meant (tab and newlines are).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: str, *, limit: int, required_message: str = "") -> str:
    """What the office typed, or a TransitionError naming what is wrong (never cut, never a 500)."""
    text = (value or "").strip()
    if required_message and not text:
        raise TransitionError(required_message)
    if _CONTROL.search(text):
        raise TransitionError(_("内容含有无法保存的控制字符，请删除后再试。"))
    if len(text) > limit:
        raise TransitionError(
            _("内容太长：最多 %(limit)s 字，现有 %(n)s 字。") % {"limit": limit, "n": len(text)}
        )
    return text


def open_referral(opinion) -> Referral | None:
    """The opinion's referral that is not cancelled, if any."""
    return (
        Referral.objects.select_related("department")
        .filter(opinion=opinion, cancelled_at__isnull=True)
        .first()
    )


def refer(opinion, department: Department, *, user=None, note: str = "") -> Referral:
    """Refer ``opinion`` to ``department``: 已转办 in the history, and a Referral row. Raises
    TransitionError (a status that cannot be referred, an inactive department, bad text)."""
    if department is None or not department.active:
        raise TransitionError(_("请选择一个启用中的转办单位。"))
    note = _clean_text(note, limit=MAX_NOTE_LENGTH)
    try:
        with transaction.atomic():
            # The row, locked: two clicks at once refer once (the second sees 已转办).
            opinion.status = (
                type(opinion)
                .objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=opinion.pk)
            )
            transition(
                opinion,
                Status.REFERRED,
                user=user,
                referred_to=department,
                note=_("转办至%(department)s") % {"department": department.name},
            )
            return Referral.objects.create(
                opinion=opinion, department=department, note=note, referred_by=user
            )
    except IntegrityError as exc:  # another open referral won the race
        raise TransitionError(_("这条意见已经转办。")) from exc


def refer_many(opinions, department: Department, *, user=None, note: str = ""):
    """One department for several opinions (the list's bulk action). Returns (done, errors)."""
    done, errors = 0, []
    for opinion in opinions:
        try:
            refer(opinion, department, user=user, note=note)
            done += 1
        except TransitionError as exc:
            errors.append(f"{opinion.receipt_code}：{exc}")
    return done, errors


def cancel(opinion) -> None:
    """Called by ``workflow.transition`` when a referred opinion goes back into review: refused
    once the department replied (the reply was sent and counts); otherwise the referral is kept,
    marked cancelled, and leaves the figures."""
    referral = open_referral(opinion)
    if referral is None:
        return
    if referral.is_replied:
        raise TransitionError(_("转办单位已经答复，不能撤回转办。"))
    referral.cancelled_at = timezone.now()
    referral.save(update_fields=["cancelled_at"])


def record_reply(referral: Referral, reply: str, *, user=None, notify: bool = True) -> Referral:
    """The department's reply, typed by the office; the resident is told after commit. A reply
    already recorded is not overwritten (the resident may have read and rated it)."""
    text = _clean_text(reply, limit=MAX_REPLY_LENGTH, required_message=_("请填写单位答复。"))
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.cancelled_at is not None:
            raise TransitionError(_("这次转办已撤销。"))
        if locked.is_replied:
            raise TransitionError(_("已经录入过单位答复。"))
        locked.reply = text
        locked.replied_at = timezone.now()
        locked.reply_recorded_by = user
        locked.save(update_fields=["reply", "replied_at", "reply_recorded_by"])
        if notify and locked.opinion.has_contact:
            pk = locked.pk
            transaction.on_commit(lambda: send_reply_notice(pk))
    referral.refresh_from_db()
    return referral


def send_reply_notice(referral_id: int) -> None:
    """Queue the notice to the resident (django-tasks: a worker in production). A queue that is
    down leaves the referral 未发送, never an error to the office."""
    import logging

    from .tasks import notify_referral_reply

    try:
        notify_referral_reply.enqueue(referral_id)
    except Exception:
        logging.getLogger("lawbridge.opinions.notify").exception(
            "could not queue the referral notice %s", referral_id
        )


def rate(referral: Referral, rating: str) -> Referral:
    """The resident's rating, once: a second rating is refused with a message, nothing stored."""
    if rating not in Rating.values:
        raise TransitionError(_("请选择满意、基本满意或不满意。"))
    if not referral.is_replied or referral.cancelled_at is not None:
        raise TransitionError(_("转办单位答复后才能评价。"))
    # One UPDATE decides: two posts at once store one rating.
    changed = Referral.objects.filter(pk=referral.pk, rating="").update(
        rating=rating, rated_at=timezone.now()
    )
    if not changed:
        raise TransitionError(_("您已经评价过这次答复，感谢您的反馈。"))
    referral.refresh_from_db()
    return referral


# --- Figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    referred: int = 0
    replied: int = 0
    rated: int = 0
    satisfied: int = 0  # 满意 + 基本满意

    @property
    def reply_rate(self) -> float | None:
        return round(100 * self.replied / self.referred, 1) if self.referred else None

    @property
    def satisfaction_rate(self) -> float | None:
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None


_COUNTS = {
    "referred": Count("pk"),
    "replied": Count("pk", filter=Q(replied_at__isnull=False)),
    "rated": Count("pk", filter=~Q(rating="")),
    "satisfied": Count("pk", filter=Q(rating__in=SATISFIED_RATINGS)),
}


def counted(since=None, until=None):
    """Referrals that count: not cancelled, of opinions not withdrawn, referred in the period."""
    qs = Referral.objects.filter(cancelled_at__isnull=True).exclude(
        opinion__status=Status.WITHDRAWN
    )
    if since is not None:
        qs = qs.filter(referred_at__gte=since)
    if until is not None:
        qs = qs.filter(referred_at__lt=until)
    return qs


def rates(queryset=None) -> Rates:
    return Rates(**(queryset if queryset is not None else counted()).aggregate(**_COUNTS))


def rates_by(field: str, queryset=None) -> dict:
    """``Rates`` per value of ``field`` (``department_id``, ``opinion__point_id``), one query."""
    rows = (
        (queryset if queryset is not None else counted())
        .values(field)
        .annotate(**_COUNTS)
        .order_by()
    )
    return {row.pop(field): Rates(**row) for row in rows}


def point_indicators(since: dt.datetime, until: dt.datetime) -> dict[str, dict]:
    """Per point, for referrals made in the period: how many, reply rate, satisfaction rate (%).
    One query for all points; a point without referrals (or without ratings) is absent."""
    per_point = rates_by(
        "opinion__point_id", counted(since, until).filter(opinion__point__isnull=False)
    )
    return {
        "referrals": {pk: r.referred for pk, r in per_point.items()},
        "referral_reply_rate": {
            pk: r.reply_rate for pk, r in per_point.items() if r.reply_rate is not None
        },
        "referral_satisfaction_rate": {
            pk: r.satisfaction_rate
            for pk, r in per_point.items()
            if r.satisfaction_rate is not None
        },
    }


def _percent(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def public_summary(figures: Rates | None = None) -> str:
    """One sentence for the public ("转办 N 件，回复率 100%，群众满意度 96%"): aggregates only."""
    figures = figures if figures is not None else rates()
    if not figures.referred:
        return ""
    values = {"n": figures.referred, "reply": _percent(figures.reply_rate or 0)}
    if figures.satisfaction_rate is None:
        return _("不属于立法事项的诉求已转办 %(n)s 件，回复率 %(reply)s%%。") % values
    values["satisfaction"] = _percent(figures.satisfaction_rate)
    return (
        _(
            "不属于立法事项的诉求已转办 %(n)s 件，回复率 %(reply)s%%，群众满意度 %(satisfaction)s%%。"
        )
        % values
    )
