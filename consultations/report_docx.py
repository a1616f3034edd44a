"""A point's 汇总报告 as a Word document (A4, 宋体): the task, the point, the five steps as recorded
with their evidence, and the report's own sections as the point edited them. Text is written as
runs, never as fields, so "=HYPERLINK(…" typed by someone stays text; characters XML forbids
(a NUL pasted from elsewhere) are dropped, since Word refuses a file holding one."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.plugins import point_activities

from .evidence import period
from .workflow import STEPS

__all__ = ["report_docx"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value if value is not None else ""))


def _a4(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _paragraphs(document, text: str) -> None:
    for line in _clean(text).splitlines() or [""]:
        if line.strip():
            document.add_paragraph(line)


def _table(document, header, rows) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = _clean(label)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _clean(value)


def report_docx(report) -> bytes:
    from docx import Document

    assignment = report.assignment
    task = assignment.task
    steps = {step.step: step for step in assignment.steps.prefetch_related("attachments")}
    document = Document()
    _a4(document)
    document.add_heading(_clean(_("%(point)s关于“%(task)s”的征询情况汇总报告") % {
        "point": assignment.point.title, "task": task.title,
    }), level=0)  # fmt: skip
    facts = [
        (_("征询事项"), task.subject or task.title),
        (_("任务来源"), assignment.get_origin_display()),
        (_("报送截止日期"), task.due_date.isoformat()),
        (
            _("报送时间"),
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
            if report.submitted_at
            else _("（尚未报送）"),
        ),
    ]
    if report.participants is not None:
        facts.append((_("参与人数合计"), str(report.participants)))
    if report.opinions_count is not None:
        facts.append((_("收集意见条数"), str(report.opinions_count)))
    _table(document, [_("项目"), _("内容")], facts)

    document.add_heading(_("一、工作开展情况"), level=1)
    _paragraphs(document, report.summary)
    document.add_heading(_("二、主要意见建议"), level=1)
    _paragraphs(document, report.opinions)
    document.add_heading(_("三、反馈采纳情况"), level=1)
    _paragraphs(document, report.feedback)

    document.add_heading(_("附：五个环节记录"), level=1)
    start, end = period(task)
    cited = {a.id: a for a in point_activities(assignment.point, start, end)}
    rows = []
    for step in STEPS:
        record = steps.get(step.value)
        if record is None:
            rows.append([step.label, "", "", _("未记录")])
            continue
        evidence = [cited[i].title for i in record.event_ids if i in cited]
        evidence += [a.name for a in record.attachments.all()]
        rows.append([
            step.label,
            record.date.isoformat(),
            "" if record.participants is None else str(record.participants),
            "；".join([record.note, *evidence]) if record.note else "；".join(evidence),
        ])  # fmt: skip
    _table(document, [_("环节"), _("日期"), _("参与人数"), _("情况与佐证")], rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
