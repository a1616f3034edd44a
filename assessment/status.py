"""A point's status (试运行/正式/整改/撤销): the latest ``PointStatusChange``. One way to record a
change, so every change has its reason, date and who recorded it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.plugins import POINT_PAGE, plays_role

from .models import PointStatus, PointStatusChange

__all__ = ["current_statuses", "record_status", "revoked_points"]


def current_statuses(point_ids=None) -> dict[int, PointStatusChange]:
    """``{point page id: its latest change}`` in one query (a handful of rows per point)."""
    changes = PointStatusChange.objects.exclude(point=None).order_by("point_id", "-date", "-id")
    if point_ids is not None:
        changes = changes.filter(point_id__in=list(point_ids))
    latest: dict[int, PointStatusChange] = {}
    for change in changes:
        latest.setdefault(change.point_id, change)
    return latest


def revoked_points() -> list[int]:
    """Points whose latest status is 撤销 (``lawbridge_withdrawn_points``): out of the network,
    so other plugins send them no new work. One query."""
    return [pk for pk, change in current_statuses().items() if change.status == PointStatus.REVOKED]


def record_status(point, status: str, reason: str, date: dt.date, user=None) -> PointStatusChange:
    if not plays_role(point, POINT_PAGE):
        raise ValidationError(_("只能为联系点记录状态。"))
    if status not in PointStatus.values:
        raise ValidationError(_("没有这个状态。"))
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError(_("请填写理由。"))
    # A form sent twice (a double tap, a resend after a slow answer) records the change once.
    latest = PointStatusChange.objects.filter(point=point).order_by("-recorded_at", "-id").first()
    if latest and (latest.status, latest.date, latest.reason) == (status, date, reason[:2000]):
        return latest
    return PointStatusChange.objects.create(
        point=point,
        point_title=point.title[:255],
        status=status,
        reason=reason[:2000],
        date=date,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
