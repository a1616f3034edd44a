"""What point staff may enter offline opinions against (the 录入线下意见 form, forms/admin_views.py).

- Drafts (any commentable page): live, and open now or closed at most ``GRACE_DAYS`` ago — the
  sheets from a 板凳会 held on the last day are typed up in the weeks after. Unpublished, upcoming
  and long-closed pages are not offered, and a forged id of one is refused.
- Events: the live events under the user's own points (a point and its translations are one point,
  so each event is offered once, in the point's language).
- The collection date: not in the future, not before ``EARLIEST``, and within the page's comment
  window widened by ``LEAD_DAYS`` before it opened (a meeting announced with the draft) and
  ``GRACE_DAYS`` after it closed. Opinions gathered after the window closed are kept but flagged
  (``Opinion.collected_late``, ``collected_after_close``): the office decides what they weigh.

Only the ``Commentable`` interface is used (``accepts_comments(at)``): no plugin's fields.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from core.interfaces import as_commentable
from core.plugins import EVENT_PAGE, page_models_for

__all__ = [
    "EARLIEST",
    "GRACE_DAYS",
    "LEAD_DAYS",
    "collected_after_close",
    "events_of",
    "pages_open_for_entry",
    "was_open",
]

GRACE_DAYS = 30
LEAD_DAYS = 7
EARLIEST = date(2000, 1, 1)


def was_open(page, first: date, last: date) -> bool:
    """Did ``page`` accept comments at some time between ``first`` and ``last`` (whole days)?"""
    tz = timezone.get_current_timezone()
    day = first
    while day <= last:
        for moment in (time.min, time(12), time.max):
            if page.accepts_comments(datetime.combine(day, moment, tzinfo=tz)):
                return True
        day += timedelta(days=1)
    return False


def collected_after_close(page, day: date) -> bool:
    """Was ``day`` after the window had closed: open at some time before it, not at all that day?
    (A day before the window opened is not late; the form's LEAD_DAYS rule covers it.)"""
    if was_open(page, day, day):
        return False
    return was_open(page, day - timedelta(days=GRACE_DAYS), day - timedelta(days=1))


def pages_open_for_entry(pages, today: date | None = None):
    """The pages among ``pages`` (a queryset of commentable pages) offered for offline entry."""
    today = today or timezone.localdate()
    keep = [
        page.pk
        for page in pages.live().specific()
        if as_commentable(page) is not None and was_open(page, today - timedelta(GRACE_DAYS), today)
    ]
    return pages.filter(pk__in=keep)


def events_of(points):
    """The live events organised by ``points`` (their children), newest first."""
    models = page_models_for(EVENT_PAGE)
    if not models or not points:
        return Page.objects.none()
    children = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in points))
    return Page.objects.type(*models).live().filter(children).order_by("-first_published_at")


def is_event_of(event, point) -> bool:
    return event.path.startswith(point.path) and event.depth == point.depth + 1
