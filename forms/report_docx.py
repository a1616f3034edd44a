"""The closing report (``closing_report``) as a Word document: A4, headings, the per-article
table with its header row repeated on every page, links to the draft and to each change.

Laid out from the same ``ClosingReport`` as the public page and the PDF; nothing is read here.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .closing_report import ClosingReport

# Word refuses a document holding characters XML 1.0 forbids (NUL, most C0 controls); a reply
# pasted from elsewhere can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value) -> str:
    return _NOT_XML.sub("", str(value or ""))


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _link(paragraph, url: str, text: str) -> None:
    """A clickable link (python-docx has no API for one: the relationship and run by hand)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not url:
        paragraph.add_run(_clean(text))
        return
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E9A")
    props.append(colour)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = _clean(text)
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _table(document, header: list, rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = _clean(label)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = _clean(value)


def _a4(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    # Chinese text in a Chinese face: Word otherwise picks per machine.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def write_docx(report: ClosingReport, target) -> None:
    from docx import Document

    document = Document()
    _a4(document)
    document.add_heading(_("征求意见情况报告"), level=0)
    _link(document.add_paragraph(), report.url, report.title)
    if not report.published:
        document.add_paragraph(_("预览：采纳情况反馈尚未发布，公众还看不到这份报告。"))
    elif report.published_at:
        document.add_paragraph(_("发布日期：%(date)s") % {"date": report.published_at})
    if report.intro:
        document.add_paragraph(_clean(report.intro))

    said = report.said
    document.add_heading(_("我们问了"), level=1)
    for line in report.asked_lines():
        document.add_paragraph(_clean(line), style="List Bullet")

    document.add_heading(_("您说了"), level=1)
    document.add_paragraph(_clean(report.totals_sentence()))
    for title, rows in report.breakdowns():
        if rows:
            document.add_heading(title, level=2)
            _table(document, [_("类别"), _("意见数")], [[r["label"], r["count"]] for r in rows])
    document.add_heading(_("按条文统计"), level=2)
    _table(
        document,
        [_("条文"), _("意见数"), _("已采纳"), _("部分采纳"), _("未采纳")],
        [
            [a["label"] or _("草案整体"), a["received"], a["adopted"], a["partly"],
             a["not_adopted"]]
            for a in said["articles"]
        ],
    )  # fmt: skip
    if said["themes"]:
        document.add_heading(_("主要意见"), level=2)
        for theme in said["themes"]:
            document.add_paragraph(
                _clean(_("%(name)s（%(n)s 条）") % {"name": theme["name"], "n": theme["count"]}),
                style="List Bullet",
            )
            for example in theme["examples"]:
                document.add_paragraph(_clean(example_line(example)), style="List Bullet 2")

    if report.changed:
        document.add_heading(_("我们改了"), level=1)
        for change in report.changed:
            document.add_heading(change_heading(change), level=2)
            document.add_paragraph(_clean(change["text"]))
            _link(document.add_paragraph(), change["url"], _("查看修改对照"))

    if report.replies:
        document.add_heading(_("答复"), level=1)
        for reply in report.replies:
            document.add_heading(_clean(f"{reply['article']} · {reply['outcome']}"), level=2)
            document.add_paragraph(_clean(reply["text"]))
            if reply["similar"]:
                document.add_paragraph(
                    _("另有 %(n)s 条相同或相近意见，答复相同。") % {"n": reply["similar"]}
                )
            document.add_paragraph(_clean(_("答复：") + reply["reply"]))
    document.save(target)


def example_line(example: dict) -> str:
    line = f"“{example['text']}”"
    if example["author"]:
        line += f"——{example['author']}"
    if example["outcome"]:
        line += f"（{example['outcome']}）"
    return line


def change_heading(change: dict) -> str:
    return _clean(
        _("%(article)s（%(version)s）：吸收了 %(n)s 条公众意见")
        % {"article": change["label"], "version": change["version"], "n": change["count"]}
    )
