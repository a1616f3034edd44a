"""The admin opinion list's CSV/XLSX export as people read it: labels, not codes ("审核中", not
"reviewing"), times in the site's time zone (Asia/Shanghai, not UTC), the article by its current
number (``article_refs``). Wagtail's export writes model values raw and turns aware datetimes
into naive UTC; ``OpinionIndexView.to_row_dict`` passes each row through ``human_row``."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Opinion

__all__ = ["human_row", "local_time"]

# Fields exported as their choice label (``get_<field>_display``).
CHOICE_FIELDS = ("category", "channel", "status", "publication", "publish_consent")


def local_time(value: datetime.datetime | None) -> datetime.datetime | None:
    """A naive datetime in the site's time zone, to the second: what a clerk expects to read in
    a spreadsheet cell (spreadsheets have no time zones)."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def human_row(row: dict, item: Opinion, current_articles=None) -> dict:
    for field in CHOICE_FIELDS:
        if field in row:
            row[field] = str(getattr(item, f"get_{field}_display")())
    if "status" in row:  # in the words of the page's SubmissionKind (列入计划 …)
        row["status"] = item.status_display
    if "article_label" in row:
        row["article_label"] = (
            current_articles.reference(item)
            if current_articles is not None
            else item.article_reference
        )
    for field, value in row.items():
        if isinstance(value, datetime.datetime):
            row[field] = local_time(value)
    return row
