"""Legislative stages and the public status of a draft (open, upcoming, closed, passed, abandoned).

``status_filter`` is the one definition of each status as a query; ``RegulationDraftPage.status_at``
reads the same rules on one page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STAGES = [
    ("project", _("立项")),
    ("drafting", _("起草")),
    ("first_reading", _("一审")),
    ("second_reading", _("二审")),
    ("third_reading", _("三审")),
    ("adopted", _("表决通过")),
    ("approved", _("批准")),
    ("promulgated", _("公布施行")),
]
STAGE_ORDER = {key: i for i, (key, _label) in enumerate(STAGES)}
PASSED_STAGES = ("adopted", "approved", "promulgated")

STATUS_OPEN = "open"
STATUS_UPCOMING = "upcoming"
STATUS_CLOSED = "closed"
STATUS_PASSED = "passed"
STATUS_ABANDONED = "abandoned"
STATUS_LABELS = {
    STATUS_OPEN: _("征求意见中"),
    STATUS_UPCOMING: _("即将征求意见"),
    STATUS_CLOSED: _("已截止"),
    STATUS_PASSED: _("已通过"),
    STATUS_ABANDONED: _("已废止"),
}
# The filter on the index offers the four statuses the public cares about.
FILTER_STATUSES = (STATUS_OPEN, STATUS_CLOSED, STATUS_PASSED, STATUS_ABANDONED)


def status_filter(status: str, now: dt.datetime) -> Q:
    """The one definition of each status as a query (``RegulationDraftPage.status`` mirrors it)."""
    live = Q(abandoned=False) & ~Q(stage__in=PASSED_STAGES)
    if status == STATUS_ABANDONED:
        return Q(abandoned=True)
    if status == STATUS_PASSED:
        return Q(abandoned=False, stage__in=PASSED_STAGES)
    if status == STATUS_OPEN:
        return live & Q(opens_at__lte=now, closes_at__gt=now)
    if status == STATUS_UPCOMING:
        return live & Q(opens_at__gt=now)
    if status == STATUS_CLOSED:
        return live & (Q(closes_at__lte=now) | Q(closes_at__isnull=True, opens_at__lte=now))
    raise ValueError(status)


def days_left(closes_at: dt.datetime | None, now: dt.datetime | None = None) -> int | None:
    """Whole calendar days (Asia/Shanghai) until the closing day; 0 on the closing day itself."""
    if closes_at is None:
        return None
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    return (timezone.localtime(closes_at).date() - today).days


def comment_window_message(page) -> str:
    """The comment window in one sentence (``Commentable.comment_window_message``)."""
    status = page.status
    if status == STATUS_OPEN:
        left = page.days_left
        end = date_format(timezone.localtime(page.closes_at), "DATETIME_FORMAT")
        if left == 0:
            return gettext("正在征求意见，今天（%(end)s）截止。") % {"end": end}
        return gettext("正在征求意见，%(end)s 截止，还剩 %(days)s 天。") % {
            "end": end,
            "days": left,
        }
    if status == STATUS_UPCOMING:
        start = date_format(timezone.localtime(page.opens_at), "DATETIME_FORMAT")
        return gettext("将于 %(start)s 开始征求意见。") % {"start": start}
    if status == STATUS_ABANDONED:
        return gettext("该草案已废止，不再征求意见。")
    if status == STATUS_PASSED:
        return gettext("该法规已通过，征求意见已结束。")
    if page.closes_at:
        end = date_format(timezone.localtime(page.closes_at), "DATETIME_FORMAT")
        return gettext("征求意见已于 %(end)s 截止。") % {"end": end}
    return gettext("该草案目前不征求意见。")
