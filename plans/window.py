"""The comment window of a plan or a call for proposals: upcoming, open, closed — one rule for the
page (``status_at``), the listing (``open_filter``) and the sentence visitors read."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

__all__ = [
    "OPEN",
    "UPCOMING",
    "CLOSED",
    "LABELS",
    "PROPOSAL_LABELS",
    "status_at",
    "open_filter",
    "window_message",
]

OPEN = "open"
UPCOMING = "upcoming"
CLOSED = "closed"
LABELS = {OPEN: _("征求意见中"), UPCOMING: _("即将征求意见"), CLOSED: _("已截止")}
# A call for proposals collects 建议, not 意见: the same window in its own words.
PROPOSAL_LABELS = {OPEN: _("征集中"), UPCOMING: _("即将开始征集"), CLOSED: _("已截止")}


def status_at(opens_at, closes_at, now: dt.datetime | None = None) -> str:
    """Open only between both dates: a page without a window is read, not commented on."""
    now = now or timezone.now()
    if opens_at and opens_at > now:
        return UPCOMING
    if opens_at and closes_at and closes_at > now:
        return OPEN
    return CLOSED


def open_filter(now: dt.datetime) -> Q:
    """``status_at(...) == OPEN`` as a query."""
    return Q(opens_at__lte=now, closes_at__gt=now)


def _when(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


# The window's sentence, by status ("none" when no closing date is set), for a plan's opinions
# and for a call's proposals.
SENTENCES = {
    OPEN: _("正在征求意见，%(end)s 截止。"),
    UPCOMING: _("将于 %(start)s 开始征求意见。"),
    CLOSED: _("征求意见已于 %(end)s 截止。"),
    "none": _("目前不征求意见。"),
}
PROPOSAL_SENTENCES = {
    OPEN: _("正在征集建议，%(end)s 截止。"),
    UPCOMING: _("将于 %(start)s 开始征集建议。"),
    CLOSED: _("建议征集已于 %(end)s 截止。"),
    "none": _("目前不征集建议。"),
}


def window_message(
    opens_at, closes_at, now: dt.datetime | None = None, *, proposals: bool = False
) -> str:
    """The window in one translated sentence (``Commentable.comment_window_message``); a call for
    proposals (``proposals``) speaks of 征集建议."""
    sentences = PROPOSAL_SENTENCES if proposals else SENTENCES
    status = status_at(opens_at, closes_at, now)
    if status == UPCOMING:
        return str(sentences[UPCOMING]) % {"start": _when(opens_at)}
    if status == CLOSED and not closes_at:
        return str(sentences["none"])
    return str(sentences[status]) % {"end": _when(closes_at)}
