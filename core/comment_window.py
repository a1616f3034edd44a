"""The one rule every comment window is saved under, whatever plugin owns the page (a draft, a
plan, a call for proposals, an evaluation): it must close after it opens. A window saved the
wrong way round read "已截止" while the page still took opinions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def check_window(opens_at, closes_at) -> None:
    """Raise a ``ValidationError`` on ``closes_at`` when the window closes before it opens."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("征求意见截止时间必须晚于开始时间。")})
