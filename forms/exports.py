"""立法意见建议汇总表 (XLSX) and the DOCX report sent to the legislative-affairs committee.

The XLSX writer streams: rows come from the database in chunks (``iterator``) and xlsxwriter's
``constant_memory`` mode flushes each row to a temporary file, so memory does not grow with the
number of opinions. The data rows are rendered whole by ``xlsx_rows.RowWriter`` (xlsxwriter's
per-cell path was most of the time of a million-row export). Near-identical opinions (one group)
are one row with their count.

The files carry receipt codes and the text of opinions never published, so they live in the
``private`` storage (outside ``MEDIA_ROOT``) under an unguessable name, and only
``admin_views.batch_download_view`` (which checks ``forms.export_opinions``) serves them.
"""

from __future__ import annotations

import secrets
import tempfile
from collections import Counter

from django.core.files import File
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import WORKBOOK_OPTIONS
from core.uploads import private_storage

from .models import Category, Channel
from .workflow import Status
from .xlsx_rows import RowWriter, excel_serial

EXPORT_FIELDS = (
    "pk",
    "article_ordinal",
    "article_label",
    "text",
    "category",
    "point__title",
    "channel",
    "group_id",
    "status",
    "reply",
    "receipt_code",
    "submit_time",
    "page_title",
    "publication",
    "published_text",
)


EXPORT_DIR = "opinions/exports"


def export_storage():
    """Where batch exports live: never the public media storage."""
    return private_storage()


def save_batch_exports(batch, opinions) -> tuple[str, str]:
    """Write the batch's XLSX summary and DOCX report to ``export_storage()``; returns their
    names. A random part in the name: nobody can reach an export by guessing a batch number and
    a date, even if a storage is ever exposed by mistake."""
    storage = export_storage()
    base = f"{EXPORT_DIR}/batch-{batch.pk}-{secrets.token_urlsafe(24)}"
    writers = (
        ("xlsx", lambda handle: write_xlsx(opinions, handle, title=batch.title)),
        ("docx", lambda handle: write_docx(opinions, handle, title=batch.title, note=batch.note)),
    )
    names = []
    for extension, write in writers:
        with tempfile.TemporaryFile() as handle:
            write(handle)
            handle.seek(0)
            names.append(storage.save(f"{base}.{extension}", File(handle)))
    return names[0], names[1]


def committee_text(text: str, publication: str = "", published_text: str = "") -> str:
    """An opinion's text as the committee reads it: personal data masked unless the 公开审核
    step released it (the same rule as public pages: masking.public_text)."""
    from types import SimpleNamespace

    from .masking import public_text

    return public_text(
        SimpleNamespace(text=text, publication=publication, published_text=published_text)
    )


def _ordered(queryset):
    return queryset.order_by("page_title", "article_ordinal", "group_id", "pk")


def _group_counts(queryset) -> dict[int, int]:
    rows = queryset.exclude(group_id=None).values("group_id").annotate(n=Count("pk")).order_by()
    return {row["group_id"]: row["n"] for row in rows}


def write_xlsx(queryset, target, title: str = "", chunk_size: int = 2000) -> int:
    """Write the summary table to ``target`` (a path or a binary file). Returns the row count."""
    import xlsxwriter

    options = {"constant_memory": True, "remove_timezone": True, **WORKBOOK_OPTIONS}
    workbook = xlsxwriter.Workbook(target, options)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    heading = workbook.add_format({"bold": True, "font_size": 14})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"})
    sheet = workbook.add_worksheet(_("意见汇总"))
    columns = [
        (_("序号"), 6),
        (_("草案"), 20),
        (_("条文"), 10),
        (_("意见内容"), 60),
        (_("提出人类别"), 10),
        (_("联系点"), 16),
        (_("渠道"), 10),
        (_("相同意见数"), 10),
        (_("状态"), 12),
        (_("答复"), 40),
        (_("回执码"), 15),
        (_("提交时间"), 17),
    ]
    sheet.write(0, 0, title or _("立法意见建议汇总表"), heading)
    for col, (label, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(1, col, label, bold)
    counts = _group_counts(queryset)
    # Labels resolved once: a lazy choice label costs a gettext lookup each time it is used.
    categories, channels, statuses = (
        {key: str(label) for key, label in choices}
        for choices in (Category.choices, Channel.choices, Status.choices)
    )
    whole = str(_("整体"))
    zone = timezone.get_current_timezone()
    rows = RowWriter(
        sheet, 2, [None, None, None, wrap, None, None, None, None, None, wrap, None, date_format]
    )
    seen_groups: set[int] = set()
    number = 0
    for values in _ordered(queryset).values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size):
        (_pk, _ordinal, label, text, category, point, channel, group_id, status, reply, code,
         submitted, page_title, publication, published_text) = values  # fmt: skip
        if group_id is not None:
            if group_id in seen_groups:
                continue
            seen_groups.add(group_id)
        number += 1
        rows.write(
            (
                number,
                page_title or "",
                label or whole,
                committee_text(text, publication, published_text),
                categories.get(category, category),
                point or "",
                channels.get(channel, channel),
                counts.get(group_id, 1) if group_id else 1,
                statuses.get(status, status),
                reply or "",
                code,
                excel_serial(submitted.astimezone(zone).replace(tzinfo=None)),
            )
        )
    rows.close()

    summary = workbook.add_worksheet(_("按条文统计"))
    for col, label in enumerate(
        [_("草案"), _("条文"), _("意见数"), _("已采纳"), _("部分采纳"), _("未采纳")]
    ):
        summary.write(0, col, label, bold)
    for r, item in enumerate(per_article(queryset), start=1):
        summary.write_row(
            r,
            0,
            [
                item["page_title"],
                item["label"],
                item["total"],
                item["adopted"],
                item["partly"],
                item["not_adopted"],
            ],
        )
    workbook.close()
    return number


def per_article(queryset) -> list[dict]:
    from django.db.models import Q

    rows = (
        queryset.values("page_id", "article_key", "page_title", "article_ordinal", "article_label")
        .annotate(
            total=Count("pk"),
            adopted=Count("pk", filter=Q(status=Status.ADOPTED)),
            partly=Count("pk", filter=Q(status=Status.PARTLY_ADOPTED)),
            not_adopted=Count("pk", filter=Q(status=Status.NOT_ADOPTED)),
        )
        .order_by("page_title", "article_ordinal", "article_label")
    )
    return [{**row, "label": row["article_label"] or str(_("整体"))} for row in rows]


def write_docx(queryset, target, title: str = "", note: str = "", per_article_limit: int = 30):
    """A readable report: totals, by category, by article, and the opinions themselves (largest
    groups first, then up to ``per_article_limit`` single opinions per article)."""
    from docx import Document

    document = Document()
    document.add_heading(title or _("立法意见建议汇总报告"), level=0)
    document.add_paragraph(
        _("生成时间：%(time)s") % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    )
    if note:
        document.add_paragraph(note)
    total = queryset.count()
    document.add_heading(_("一、总体情况"), level=1)
    document.add_paragraph(_("共收到意见建议 %(n)s 条。") % {"n": total})
    categories = dict(Category.choices)
    by_category = Counter(
        {
            row["category"]: row["n"]
            for row in queryset.values("category").annotate(n=Count("pk")).order_by()
        }
    )
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = str(_("提出人类别"))
    table.rows[0].cells[1].text = str(_("意见数"))
    for key, n in by_category.most_common():
        cells = table.add_row().cells
        cells[0].text = str(categories.get(key, key))
        cells[1].text = str(n)

    document.add_heading(_("二、按条文统计"), level=1)
    articles = per_article(queryset)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, [_("草案"), _("条文"), _("意见数")], strict=True):
        cell.text = str(label)
    for item in articles:
        cells = table.add_row().cells
        cells[0].text = item["page_title"] or ""
        cells[1].text = item["label"]
        cells[2].text = str(item["total"])

    document.add_heading(_("三、主要意见"), level=1)
    counts = _group_counts(queryset)
    for item in articles:
        document.add_heading(f"{item['page_title']} {item['label']}（{item['total']}）", level=2)
        scope = queryset.filter(page_id=item["page_id"], article_key=item["article_key"])
        group_ids = sorted(
            set(scope.exclude(group_id=None).values_list("group_id", flat=True).distinct()),
            key=lambda g: -counts.get(g, 0),
        )[:per_article_limit]
        for group_id in group_ids:
            text = committee_text(
                *scope.filter(group_id=group_id)
                .order_by("pk")
                .values_list("text", "publication", "published_text")
                .first()
            )
            document.add_paragraph(
                _("【%(n)s 人提出相同或相近意见】%(text)s") % {"n": counts[group_id], "text": text},
                style="List Bullet",
            )
        singles = (
            scope.filter(group_id=None)
            .order_by("pk")
            .values_list("text", "publication", "published_text", "category")
        )
        shown = 0
        for text, publication, published_text, category in singles[:per_article_limit]:
            text = committee_text(text, publication, published_text)
            document.add_paragraph(
                f"（{categories.get(category, category)}）{text}", style="List Bullet"
            )
            shown += 1
        remaining = scope.filter(group_id=None).count() - shown
        if remaining > 0:
            document.add_paragraph(_("另有 %(n)s 条意见，见汇总表。") % {"n": remaining})
    document.save(target)
