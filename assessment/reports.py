"""The yearly report of a scorecard: XLSX (one row per point, every value and its points) and
DOCX (a summary, the ranking table, the obligations missed). Written into the response by a
permission-checked view, never stored: nothing to leave lying in public media.

Text is always text in the XLSX (``core.spreadsheets.WORKBOOK_OPTIONS``: a point or rule named
``=HYPERLINK(…)`` stays a string, never a formula); the DOCX drops characters XML refuses."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import WORKBOOK_OPTIONS

from .scorecard import RuleCheck, Scorecard

__all__ = ["header", "row_values", "write_docx", "write_xlsx"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value if value is not None else ""))


def _number(value):
    return int(value) if float(value).is_integer() else round(float(value), 2)


def header(card: Scorecard) -> list[str]:
    cells = [_("名次"), _("联系点"), _("类型"), _("所在区县"), _("状态")]
    for column in card.columns:
        cells += [f"{column.label}（{column.unit}）", _("%(label)s得分") % {"label": column.label}]
    return [*cells, _("总分"), _("未完成的工作要求")]


def row_values(card: Scorecard, row) -> list:
    status = row.status.get_status_display() if row.status else ""
    cells = [
        row.rank if row.rank is not None else "",
        row.point.title,
        row.point.point_type_label,
        row.point.district,
        str(status),
    ]
    for value, points in row.cells(card.columns):
        cells += [_number(value), _number(points)]
    missed = [f"{rule}：{'、'.join(periods)}" for rule, periods in row.missed]
    return [*cells, _number(row.total), "；".join(missed)]


def write_xlsx(card: Scorecard, target) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {**WORKBOOK_OPTIONS, "in_memory": True})
    sheet = workbook.add_worksheet(_("考核排名"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    title = workbook.add_format({"bold": True, "font_size": 14})
    sheet.write_string(0, 0, _("%(year)s 年度联系点考核排名") % {"year": card.year}, title)
    sheet.write_string(
        1,
        0,
        _("满分 %(full)s 分；生成于 %(when)s")
        % {
            "full": _number(card.full_marks),
            "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    for col, label in enumerate(header(card)):
        sheet.write_string(3, col, label, bold)
    for number, row in enumerate(card.rows, start=4):
        for col, value in enumerate(row_values(card, row)):
            if isinstance(value, str):
                sheet.write_string(number, col, _clean(value))
            else:
                sheet.write_number(number, col, value)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 4, 10)
    sheet.set_column(5, 5 + 2 * len(card.columns), 12)
    sheet.set_column(6 + 2 * len(card.columns), 6 + 2 * len(card.columns), 40)
    sheet.freeze_panes(4, 2)
    workbook.close()


def write_docx(card: Scorecard, board: list[RuleCheck], target) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    for section in document.sections:
        # A4 landscape: the table has a column per indicator.
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(15)
        section.top_margin = section.bottom_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")

    document.add_heading(_("%(year)s 年度基层立法联系点考核评价报告") % {"year": card.year}, 0)
    document.add_heading(_("概况"), level=1)
    revoked = sum(1 for row in card.rows if row.revoked)
    flagged = sum(1 for row in card.rows if row.missed)
    document.add_paragraph(
        _(
            "参加考核的联系点 %(ranked)s 个（另有已撤销 %(revoked)s 个不参加排名），满分 "
            "%(full)s 分；有 %(flagged)s 个联系点未完成工作要求。"
        )
        % {
            "ranked": card.ranked,
            "revoked": revoked,
            "full": _number(card.full_marks),
            "flagged": flagged,
        }
    )
    if card.scheme and card.scheme.note:
        document.add_paragraph(_clean(card.scheme.note))
    document.add_heading(_("指标和权重"), level=1)
    for column in card.columns:
        rule = (
            _("目标值 %(target)s") % {"target": _number(column.weight.target or 0)}
            if column.weight.by_target
            else _("以最好的联系点为满分")
        )
        document.add_paragraph(
            _clean(f"{column.label}：{_number(column.weight.weight)} 分，{rule}"),
            style="List Bullet",
        )
    document.add_heading(_("排名"), level=1)
    columns = [_("名次"), _("联系点"), _("状态")] + [c.label for c in card.columns] + [_("总分")]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, columns, strict=True):
        cell.text = _clean(label)
    for row in card.rows:
        status = row.status.get_status_display() if row.status else ""
        values = [row.rank or "—", row.point.title, status]
        values += [_number(value) for value, _points in row.cells(card.columns)]
        values.append(_number(row.total) if row.rank else "—")
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _clean(value)
    if board:
        document.add_heading(_("工作要求完成情况"), level=1)
        for rule_check in board:
            missed = [(c.label, c.missed) for c in rule_check.checks if c.missed]
            text = _("%(rule)s（%(indicator)s 至少 %(min)s）") % {
                "rule": rule_check.rule.label,
                "indicator": rule_check.indicator,
                "min": rule_check.rule.minimum,
            }
            document.add_heading(_clean(text), level=2)
            if not missed:
                document.add_paragraph(_("各联系点均已完成。"))
            for label, points in missed:
                names = "、".join(p.title for p in points)
                document.add_paragraph(_clean(f"{label}：{names}"), style="List Bullet")
    document.save(target)
