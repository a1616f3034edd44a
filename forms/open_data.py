"""Open data: the opinions the public may read, as flat rows for the read API and the bulk
downloads (forms/open_data_api.py), and the per-article figures of a draft.

What is published is decided in one place each, reused here rather than re-derived:
``Opinion.objects.publicly_visible()`` picks the opinions (author consented AND the 公开审核 step
passed them; withdrawn, invalid and duplicates never), ``masking.public_text`` picks which text
(masked / edited / released) and ``feedback.summary`` counts the figures. A row carries no
contact, no receipt code and no id of a person; the name only where its author chose
``publish_consent == full``. Only opinions on live pages without view restrictions are served.

Rows are built from ``values()`` dicts, never model instances, and read with
``iterator(chunk_size=...)``, so a download of a million opinions holds one chunk in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .feedback import summary
from .masking import public_text
from .models import Opinion, PageOpinionSettings, PublishConsent
from .workflow import DECISIONS, Status

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "OUTCOME_LABELS",
    "PROCESSING",
    "figures",
    "opinion_rows",
    "outcome_labels",
    "public_pages",
    "row",
    "rows_queryset",
]

CHUNK_SIZE = 2000
# Every status a published opinion can have that is not a decision (审核中, 已转交法工委).
PROCESSING = "processing"
OUTCOME_LABELS = {
    Status.ADOPTED: Status.ADOPTED.label,
    Status.PARTLY_ADOPTED: Status.PARTLY_ADOPTED.label,
    Status.NOT_ADOPTED: Status.NOT_ADOPTED.label,
    PROCESSING: _("处理中"),
}
# The open data's columns, in the order of the CSV. Stable keys: clients and spreadsheets
# address them by name, so they are never translated (nor is ``outcome``: only
# ``outcome_label`` follows the request's language).
COLUMNS = (
    "draft_id",
    "draft_title",
    "draft_url",
    "article_key",
    "article_label",
    "date",
    "outcome",
    "outcome_label",
    "name",
    "text",
    "reply",
)
# Only what a row is built from: the contact fields are never even read.
_FIELDS = (
    "page_id",
    "article_key",
    "article_label",
    "submit_time",
    "status",
    "publication",
    "text",
    "published_text",
    "publish_consent",
    "name",
    "reply",
)


def public_pages(page_id: int | None = None) -> dict[int, Page]:
    """Live pages without view restrictions that have published opinions, by id (one page when
    ``page_id`` is given: empty if it is unknown, unpublished or private)."""
    pages = Page.objects.live().public()
    if page_id is not None:
        pages = pages.filter(pk=page_id)
    else:
        pages = pages.filter(
            pk__in=Opinion.objects.publicly_visible().values("page_id").order_by().distinct()
        )
    return {page.pk: page for page in pages.only("id", "title", "url_path", "path", "depth")}


def rows_queryset(page_ids, date_from: date | None = None, date_to: date | None = None):
    opinions = Opinion.objects.publicly_visible().filter(page_id__in=list(page_ids))
    if date_from:
        opinions = opinions.filter(submit_time__date__gte=date_from)
    if date_to:
        opinions = opinions.filter(submit_time__date__lte=date_to)
    return opinions.order_by("submit_time", "pk").values(*_FIELDS)


def _outcome(status: str) -> str:
    return status if status in DECISIONS else PROCESSING


def outcome_labels() -> dict[str, str]:
    """Each outcome's label in the active language. Resolved once per request, before a
    download streams: the streamed rows are written after the view has returned, when the
    request's language is no longer active."""
    return {str(code): str(label) for code, label in OUTCOME_LABELS.items()}


def row(values: dict, page: Page, page_url: str, labels: dict[str, str] | None = None) -> dict:
    outcome = _outcome(values["status"])
    return {
        "draft_id": values["page_id"],
        "draft_title": page.title,
        "draft_url": page_url,
        "article_key": values["article_key"],
        "article_label": values["article_label"],
        "date": timezone.localtime(values["submit_time"]).date().isoformat(),
        "outcome": outcome,
        "outcome_label": (labels or outcome_labels())[outcome],
        "name": values["name"] if values["publish_consent"] == PublishConsent.FULL else "",
        # public_text reads attributes: the row's three fields are all it needs.
        "text": public_text(
            SimpleNamespace(
                text=values["text"],
                publication=values["publication"],
                published_text=values["published_text"],
            )
        ),
        "reply": values["reply"] if values["status"] in DECISIONS else "",
    }


def opinion_rows(queryset, pages: dict[int, Page], request=None) -> Iterator[dict]:
    """The open-data rows of ``queryset`` (from ``rows_queryset``), read a chunk at a time,
    labelled in the language active when it is called."""
    urls = {pk: page.get_full_url(request) or "" for pk, page in pages.items()}
    labels = outcome_labels()
    return (
        row(values, pages[values["page_id"]], urls[values["page_id"]], labels)
        for values in queryset.iterator(chunk_size=CHUNK_SIZE)
    )


def figures(page: Page) -> dict | None:
    """Per article and outcome, the counts the office published with its feedback (采纳情况
    反馈); None while it has not published them (the same switch as the draft page's)."""
    if not PageOpinionSettings.objects.filter(page_id=page.pk, feedback_published=True).exists():
        return None
    data = summary(page.pk)
    for item in [*data["articles"], data["totals"]]:
        item["processing"] = (
            item["received"] - item["adopted"] - item["partly"] - item["not_adopted"]
        )
    return {
        "draft_id": page.pk,
        "draft_title": page.title,
        "totals": {
            key: data["totals"][key]
            for key in ("received", "adopted", "partly", "not_adopted", "processing")
        },
        "articles": [
            {
                key: item[key]
                for key in (
                    "key",
                    "label",
                    "received",
                    "adopted",
                    "partly",
                    "not_adopted",
                    "processing",
                )
            }
            for item in data["articles"]
        ],
    }
