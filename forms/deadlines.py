"""Reply deadlines (答复期限) and what is overdue, read live.

The deadline belongs to the commentable page (``Commentable.get_reply_deadline``), whose fields
this plugin does not know; so the pages are loaded, one query per page model, only for the pages
that still have unanswered opinions. No cache: a page's deadline moved, or an opinion answered,
shows on the next page load (a cached list lagged five minutes behind both)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from core.interfaces import as_commentable

__all__ = ["as_date", "reply_deadlines", "overdue_page_ids", "office_figures"]


def as_date(value) -> date | None:
    """A deadline as a local date (pages may give a date or a datetime)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def reply_deadlines(page_ids) -> dict[int, date]:
    """``{page_id: deadline}`` for the pages among ``page_ids`` that have one."""
    from .admin_views import commentable_page_models

    page_ids = set(page_ids)
    deadlines: dict[int, date] = {}
    if not page_ids:
        return deadlines
    for model in commentable_page_models():
        for page in model.objects.filter(pk__in=page_ids - deadlines.keys()):
            commentable = as_commentable(page)
            deadline = as_date(commentable.get_reply_deadline()) if commentable else None
            if deadline is not None:
                deadlines[page.pk] = deadline
    return deadlines


def _unanswered_page_ids():
    from .models import Opinion
    from .workflow import FINAL_STATUSES

    return (
        Opinion.objects.exclude(status__in=FINAL_STATUSES)
        .exclude(page_id=None)
        .values_list("page_id", flat=True)
        .distinct()
        .order_by()
    )


def overdue_page_ids(today: date | None = None) -> list[int]:
    """Pages with unanswered opinions whose reply deadline has passed."""
    today = today or timezone.localdate()
    deadlines = reply_deadlines(_unanswered_page_ids())
    return sorted(pk for pk, deadline in deadlines.items() if deadline < today)


def office_figures(today: date | None = None) -> dict:
    """The dashboard's counts, current: one grouped query over the opinions, and the deadlines
    of the pages that still wait for answers."""
    from .models import Opinion
    from .workflow import DECISIONS, FINAL_STATUSES, Status

    today = today or timezone.localdate()
    rows = list(
        Opinion.objects.values("page_id")
        .annotate(
            waiting=Count("pk", filter=Q(status__in=[Status.RECEIVED, Status.REVIEWING])),
            answered=Count("pk", filter=Q(status__in=DECISIONS)),
            adopted=Count("pk", filter=Q(status__in=[Status.ADOPTED, Status.PARTLY_ADOPTED])),
            open=Count("pk", filter=~Q(status__in=FINAL_STATUSES)),
        )
        .order_by()
    )
    deadlines = reply_deadlines(row["page_id"] for row in rows if row["page_id"] and row["open"])
    figures = {"waiting": 0, "answered": 0, "adopted": 0, "overdue": 0}
    for row in rows:
        for key in ("waiting", "answered", "adopted"):
            figures[key] += row[key]
        deadline = deadlines.get(row["page_id"])
        if deadline is not None and deadline < today:
            figures["overdue"] += row["open"]
    return figures
