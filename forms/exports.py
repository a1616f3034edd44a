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

from .article_refs import CurrentArticles, reference
from .models import Category, Channel
from .submission_kinds import StatusLabels
from .workflow import Status
from .xlsx_rows import RowWriter, excel_serial

EXPORT_FIELDS = (
    "pk",
    "article_ordinal",
    "article_key",
    "article_label",
    "article_version",
    "article_text",
    "text",
    "form_data",
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
    "source_label",
)
# Where a form page's editor asked for reasons separately (a field labelled 理由).
REASON_KEYS = ("理由", "reason")

EXPORT_DIR = "opinions/exports"


def with_source(point: str | None, source: str) -> str:
    """The point and, when it is not the point itself, who collected it there ("市中街道基层立法
    联系点 · 幸福里网格"): the committee sees where the network's opinions come from."""
    point = point or ""
    if source and source != point:
        return f"{point} · {source}" if point else source
    return point


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


def _pages(queryset) -> list[int | None]:
    """The pages of ``queryset``, by title."""
    rows = queryset.order_by().values_list("page_title", "page_id").distinct()
    return [page_id for _title, page_id in sorted(rows, key=lambda r: (r[0] or "", r[1] or 0))]


def _in_text_order(queryset, articles: CurrentArticles):
    """The opinions page by page, each page's in current text order (``CurrentArticles.order``),
    one query per page, so that articles a later version renumbered sort where they are now."""
    for page_id in _pages(queryset):
        scope = queryset.filter(page_id=page_id) if page_id else queryset.filter(page=None)
        yield page_id, scope.order_by(articles.order(page_id), "article_ordinal", "group_id", "pk")


def _group_counts(queryset) -> dict[int, int]:
    rows = queryset.exclude(group_id=None).values("group_id").annotate(n=Count("pk")).order_by()
    return {row["group_id"]: row["n"] for row in rows}


def version_note(queryset, articles: CurrentArticles) -> str:
    """Which version the article numbers follow, per draft: the committee must know."""
    parts = []
    for page_id in _pages(queryset):
        version = articles.current_version(page_id)
        if version:
            title = queryset.filter(page_id=page_id).values_list("page_title", flat=True)[:1]
            parts.append(f"《{next(iter(title), '')}》{version}")
    if not parts:
        return ""
    return _("条文编号以%(versions)s为准；括号内为提出意见时的版本和条号。") % {
        "versions": "、".join(parts)
    }


# The committee's table first (条文 | 条文原文 | 修改意见 | 理由 | 采纳情况 | 答复), then what the
# office needs to trace an opinion. Widths in characters; the sheet is fitted to the page width.
def xlsx_columns() -> list[tuple[str, int]]:
    return [
        (_("序号"), 5),
        (_("条文"), 14),
        (_("条文原文"), 36),
        (_("修改意见"), 44),
        (_("理由"), 24),
        (_("采纳情况"), 10),
        (_("答复"), 30),
        (_("草案"), 16),
        (_("提出人类别"), 9),
        (_("联系点"), 12),
        (_("渠道"), 9),
        (_("相同意见数"), 8),
        (_("回执码"), 12),
        (_("提交时间"), 16),
    ]


HEADER_ROW = 3  # 0: title, 1: versions, 2: blank; the heading row repeats on every printed page


def write_xlsx(queryset, target, title: str = "", chunk_size: int = 2000) -> int:
    """Write the summary table to ``target`` (a path or a binary file). Returns the row count.

    Landscape A4, fitted to the page width, the heading row printed on every page."""
    import xlsxwriter

    options = {"constant_memory": True, "remove_timezone": True, **WORKBOOK_OPTIONS}
    workbook = xlsxwriter.Workbook(target, options)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    bold = workbook.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"}
    )
    heading = workbook.add_format({"bold": True, "font_size": 14})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"})
    sheet = workbook.add_worksheet(_("意见汇总"))
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as needed
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    articles = CurrentArticles(_pages(queryset))
    sheet.write(0, 0, title or _("立法意见建议汇总表"), heading)
    note = version_note(queryset, articles)
    if note:
        sheet.write(1, 0, note)
    for col, (label, width) in enumerate(xlsx_columns()):
        sheet.set_column(col, col, width)
        sheet.write(HEADER_ROW, col, label, bold)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    counts = _group_counts(queryset)
    # Labels resolved once: a lazy choice label costs a gettext lookup each time it is used.
    categories, channels, statuses = (
        {key: str(label) for key, label in choices}
        for choices in (Category.choices, Channel.choices, Status.choices)
    )
    zone = timezone.get_current_timezone()
    rows = RowWriter(
        sheet,
        HEADER_ROW + 1,
        [top, top, wrap, wrap, wrap, top, wrap, wrap, top, top, top, top, top, date_format],
    )
    seen_groups: set[int] = set()
    number = 0
    kinds = StatusLabels()
    for page_id, scope in _in_text_order(queryset, articles):
        labels = articles.labels(page_id)
        # A page whose SubmissionKind words its decisions its own way (列入计划 …).
        page_statuses = {**statuses, **kinds.labels_for_page(page_id)}
        for values in scope.values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size):
            (_pk, _ordinal, key, label, version, article_text, text, form_data, category, point,
             channel, group_id, status, reply, code, submitted, page_title, publication,
             published_text, source) = values  # fmt: skip
            if group_id is not None:
                if group_id in seen_groups:
                    continue
                seen_groups.add(group_id)
            number += 1
            known = labels is not None and bool(key)
            current = labels.get(key) if known else (label or None)
            rows.write(
                (
                    number,
                    reference(current, label, version, known=known),
                    article_text or "",
                    committee_text(text, publication, published_text),
                    _reason(form_data),
                    page_statuses.get(status, status),
                    reply or "",
                    page_title or "",
                    categories.get(category, category),
                    with_source(point, source),
                    channels.get(channel, channel),
                    counts.get(group_id, 1) if group_id else 1,
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
    for r, item in enumerate(per_article(queryset, articles), start=1):
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


def _reason(form_data) -> str:
    if not isinstance(form_data, dict):
        return ""
    return next((str(form_data[k]) for k in REASON_KEYS if form_data.get(k)), "")


def per_article(queryset, articles: CurrentArticles | None = None) -> list[dict]:
    """Counts per article (whatever number it had when commented), headed by its number now,
    in current text order."""
    from django.db.models import Max, Min, Q

    rows = (
        queryset.values("page_id", "article_key")
        .annotate(
            page_title=Max("page_title"),
            article_label=Max("article_label"),
            article_version=Max("article_version"),
            ordinal=Min("article_ordinal"),
            total=Count("pk"),
            adopted=Count("pk", filter=Q(status=Status.ADOPTED)),
            partly=Count("pk", filter=Q(status=Status.PARTLY_ADOPTED)),
            not_adopted=Count("pk", filter=Q(status=Status.NOT_ADOPTED)),
        )
        .order_by()
    )
    rows = list(rows)
    articles = articles or CurrentArticles({row["page_id"] for row in rows})
    for row in rows:
        key = row["article_key"]
        row["label"] = (
            articles.heading(row["page_id"], key, row["article_label"], row["article_version"])
            if key
            else str(_("整体"))
        )
        row["position"] = articles.position(row["page_id"], key, row["ordinal"]) if key else 0
    return sorted(rows, key=lambda r: (r["page_title"] or "", r["page_id"] or 0, r["position"]))


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
    articles = CurrentArticles(_pages(queryset))
    versions = version_note(queryset, articles)
    if versions:
        document.add_paragraph(versions)
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
    articles = per_article(queryset, articles)
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
