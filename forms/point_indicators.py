"""What each liaison point did with opinions in a period (``lawbridge_point_indicators``): the
scorecard and the obligations board read these, for every point at once.

- ``opinions_collected``: opinions credited to the point and submitted in the period, spam and
  withdrawn ones left out (``UNCOUNTED_STATUSES``) — the same count the point's page shows.
- ``opinions_adopted``: of those, the ones decided 采纳 or 部分采纳 (by now). Counted by when they
  were collected, not when the committee decided, so that adopted never exceeds collected for a
  year and a late decision still credits the year the point did the work.
- ``reply_timeliness``: of the point's opinions decided (采纳/部分采纳/未采纳) and answered in the
  period, the share answered by the reply deadline of their draft, in %. Opinions on a page
  without a deadline cannot be late or on time and are left out; a point with none is absent (0).

- ``referrals``, ``referral_reply_rate``, ``referral_satisfaction_rate``: requests credited to the
  point and referred (转办) in the period, the share the department answered and the share of
  ratings 满意 or 基本满意, in % (forms/referrals.py).

Four queries whatever the number of points: three grouped counts and the pages' deadlines."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.plugins import PointIndicator

from .deadlines import reply_deadlines
from .referrals import point_indicators as referral_indicators
from .workflow import DECISIONS, UNCOUNTED_STATUSES, Status

__all__ = ["point_indicators"]

ADOPTED = [Status.ADOPTED, Status.PARTLY_ADOPTED]


def _bounds(start: dt.date, end: dt.date):
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    )


def _collected(since, until) -> tuple[dict, dict]:
    from .models import Opinion

    rows = (
        Opinion.objects.filter(point__isnull=False, submit_time__gte=since, submit_time__lt=until)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("point_id")
        .annotate(n=Count("pk"), adopted=Count("pk", filter=Q(status__in=ADOPTED)))
        .order_by()
    )
    collected, adopted = {}, {}
    for row in rows:
        collected[row["point_id"]] = row["n"]
        if row["adopted"]:
            adopted[row["point_id"]] = row["adopted"]
    return collected, adopted


def _timeliness(since, until) -> dict:
    from .models import Opinion

    answered = Opinion.objects.filter(
        point__isnull=False,
        status__in=DECISIONS,
        replied_at__gte=since,
        replied_at__lt=until,
    )
    page_ids = answered.values_list("page_id", flat=True).distinct().order_by()
    deadlines = reply_deadlines(pk for pk in page_ids if pk)
    if not deadlines:
        return {}
    tz = timezone.get_current_timezone()
    # On time: answered before the end of the deadline's day, on the deadline's own page.
    on_time = Q(pk__in=[])
    for page_id, deadline in deadlines.items():
        day_after = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        on_time |= Q(page_id=page_id, replied_at__lt=day_after)
    rows = (
        answered.filter(page_id__in=list(deadlines))
        .values("point_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=on_time))
        .order_by()
    )
    return {row["point_id"]: round(100 * row["on_time"] / row["n"], 1) for row in rows if row["n"]}


def point_indicators(start: dt.date, end: dt.date) -> list[PointIndicator]:
    since, until = _bounds(start, end)
    collected, adopted = _collected(since, until)
    referred = referral_indicators(since, until)
    return [
        PointIndicator(
            "opinions_collected", _("收集意见数"), pgettext("unit of opinions", "条"), collected
        ),
        PointIndicator(
            "opinions_adopted", _("意见被采纳数"), pgettext("unit of opinions", "条"), adopted
        ),
        PointIndicator("reply_timeliness", _("按期答复率"), "%", _timeliness(since, until)),
        # 转办 (forms/referrals.py): requests not about law-making that the point brought in.
        PointIndicator(
            "referrals", _("转办诉求数"), pgettext("unit of requests", "件"), referred["referrals"]
        ),
        PointIndicator(
            "referral_reply_rate", _("转办回复率"), "%", referred["referral_reply_rate"]
        ),
        PointIndicator(
            "referral_satisfaction_rate",
            _("转办满意度"),
            "%",
            referred["referral_satisfaction_rate"],
        ),
    ]
