"""Every reply of a questionnaire as a file, for the office's own analysis:

- **XLSX**, one row per reply, one column per question (a matrix: one per row; a multiple
  choice: the chosen options joined, then one 0/1 column per option, which is what a pivot
  table or SPSS wants), with the reply's time, channel, point and, for a reply a collection code
  (征集码) brought, the code's source kind, name and code as stored on the reply.
- **CSV, long format**, one line per stored answer (reply, time, channel, point, source kind,
  source name, code, question id and
  title, matrix row, option label and id, number, text), UTF-8 with a BOM so that Excel opens
  the Chinese right.

Memory stays flat whatever the number of replies: replies are read ``chunk_size`` at a time by
primary key (keyset: two queries per chunk, no OFFSET), the CSV is streamed to the browser line
by line, and the XLSX is written with xlsxwriter's ``constant_memory`` (each row flushed to a
temporary file as it is written). Text stays text: CSV cells through ``core.spreadsheets
.safe_cell``; XLSX strings always written as strings, never formulas or links
(``WORKBOOK_OPTIONS``, ``write_string``) — ``=HYPERLINK(…)`` typed in an answer is shown as
typed and never runs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from core.spreadsheets import WORKBOOK_OPTIONS, safe_cell

from .crosstab import source_kind_labels
from .models import Answer, Channel, Reply, source_page
from .questions import Question

__all__ = ["CHUNK_SIZE", "csv_lines", "reply_chunks", "write_xlsx"]

CHUNK_SIZE = 2000
JOIN = "；"


def reply_chunks(page, chunk_size: int = CHUNK_SIZE) -> Iterator[list[tuple]]:
    """``[(reply id, created, channel, point id, source kind, source label, source code,
    [(question, row, option, number, text)])]``, ``chunk_size`` replies at a time in reply
    order."""
    source = source_page(page)
    last = 0
    while True:
        replies = list(
            Reply.objects.filter(page=source, pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk",
                "created",
                "channel",
                "point_id",
                "source_kind",
                "source_label",
                "source_code",
            )[:chunk_size]
        )
        if not replies:
            return
        first, last = replies[0][0], replies[-1][0]
        answers = defaultdict(list)
        rows = (
            Answer.objects.filter(reply__page=source, reply_id__gte=first, reply_id__lte=last)
            .order_by("reply_id", "pk")
            .values_list("reply_id", "question", "row", "option", "number", "text")
        )
        for reply_id, *answer in rows:
            answers[reply_id].append(answer)
        yield [(*reply, answers.get(reply[0], [])) for reply in replies]
        if len(replies) < chunk_size:
            return


def _point_titles(page) -> dict[int, str]:
    ids = (
        Reply.objects.filter(page=source_page(page), point__isnull=False)
        .values_list("point_id", flat=True)
        .distinct()
        .order_by()
    )
    return dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


# The reply's own columns, before the questions: who, when and who brought it (the credit).
REPLY_HEADINGS = (
    gettext_lazy("答卷编号"),
    gettext_lazy("提交时间"),
    gettext_lazy("渠道"),
    gettext_lazy("联系点"),
    gettext_lazy("来源类型"),
    gettext_lazy("来源"),
    gettext_lazy("征集码"),
)


def _reply_headings() -> list[str]:
    return [str(heading) for heading in REPLY_HEADINGS]


def _reply_cells(reply, channels, points, kinds) -> list:
    """The reply's columns; the strings not yet neutralised (the CSV does, the XLSX writes them
    as strings)."""
    pk, created, channel, point_id, kind, label, code, _answers = reply
    return [
        pk,
        _local(created),
        channels.get(channel, channel),
        points.get(point_id, ""),
        str(kinds.get(kind, kind)),
        label,
        code,
    ]


# XLSX ---------------------------------------------------------------------------------------


def _columns(questions: list[Question]) -> list[tuple[str, str, str, str]]:
    """``(heading, question id, row id, option id or kind)`` per question column."""
    columns = []
    for q in questions:
        heading = f"{q.number}. {q.title}"
        if q.kind == "matrix":
            columns += [(f"{heading}：{row.label}", q.id, row.id, "") for row in q.rows]
        elif q.kind == "multiple":
            columns.append((heading, q.id, "", ""))
            columns += [(f"{heading}：{o.label}", q.id, "", o.id) for o in q.options]
        else:
            columns.append((heading, q.id, "", ""))
    return columns


def _label(question: Question, option_id: str) -> str:
    option = question.option(option_id)
    return option.label if option else option_id  # an option since removed: its id


def _reply_values(questions, columns, answers) -> list:
    by_question: dict[tuple[str, str], list] = defaultdict(list)
    for question, row, option, number, text in answers:
        by_question[(question, row)].append((option, number, text))
    kinds = {q.id: q for q in questions}
    values = []
    for _heading, question_id, row_id, option_id in columns:
        question = kinds[question_id]
        found = by_question.get((question_id, row_id), [])
        if option_id:  # a multiple choice's 0/1 column (empty when the question was not shown)
            values.append(int(any(o == option_id for o, _n, _t in found)) if found else None)
        elif question.kind in ("rating", "number"):
            number = found[0][1] if found else None
            values.append(float(number) if number is not None else None)
        elif question.kind in ("single", "multiple", "matrix"):
            labels = [_label(question, o) for o, *_rest in found]
            values.append(JOIN.join(labels) if labels else None)
        else:
            values.append(found[0][2] if found else None)
    return values


def write_xlsx(page, target, chunk_size: int = CHUNK_SIZE) -> int:
    """Write the replies of ``page`` to ``target`` (a path or a binary file); returns how many."""
    questions = page.question_list
    columns = _columns(questions)
    channels = {value: str(label) for value, label in Channel.choices}
    points = _point_titles(page)
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, **WORKBOOK_OPTIONS})
    sheet = workbook.add_worksheet(_("答卷"))
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    kinds = source_kind_labels()
    headings = _reply_headings() + [heading for heading, *_rest in columns]
    for col, heading in enumerate(headings):
        sheet.write_string(0, col, heading, bold)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 17)
    first = len(REPLY_HEADINGS)
    sheet.set_column(2, first - 1, 14)
    sheet.set_column(first, max(first, len(headings) - 1), 18)
    sheet.freeze_panes(1, 1)
    row = 0
    for chunk in reply_chunks(page, chunk_size):
        for reply in chunk:
            row += 1
            cells = _reply_cells(reply, channels, points, kinds)
            sheet.write_number(row, 0, cells[0])
            sheet.write_datetime(row, 1, cells[1], when)
            for col, value in enumerate(cells[2:], start=2):
                if value:
                    sheet.write_string(row, col, value)
            answers = reply[-1]
            for col, value in enumerate(_reply_values(questions, columns, answers), start=first):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
                else:
                    sheet.write_number(row, col, value)
    workbook.close()
    return row


# CSV ----------------------------------------------------------------------------------------


class _Line:
    """A file-like ``csv.writer`` target that hands back the line just written."""

    def write(self, value):
        return value


def csv_lines(page, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The long-format CSV: the heading line (starting with the UTF-8 BOM), then the lines of
    each chunk of replies as one string (the response is sent a chunk at a time)."""
    questions = page.question_list
    # Every label looked up once, already neutralised, not once per answer.
    heads = {q.id: [q.number, q.id, safe_cell(q.title)] for q in questions}
    rows = {(q.id, r.id): safe_cell(r.label) for q in questions for r in q.rows}
    options = {(q.id, o.id): safe_cell(o.label) for q in questions for o in q.options}
    channels = {value: str(label) for value, label in Channel.choices}
    points = _point_titles(page)
    kinds = source_kind_labels()
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(
        [
            *_reply_headings(),
            _("题号"),
            _("题目编号"),
            _("题目"),
            _("行"),
            _("选项"),
            _("选项编号"),
            _("数值"),
            _("文字"),
        ]
    )
    for chunk in reply_chunks(page, chunk_size):
        lines = []
        for reply in chunk:
            pk, created, *credit = _reply_cells(reply, channels, points, kinds)
            start = [pk, f"{created:%Y-%m-%d %H:%M:%S}", *(safe_cell(c) for c in credit)]
            answers = reply[-1]
            for question_id, row_id, option_id, number, text in answers:
                lines.append(
                    writer.writerow(
                        [
                            *start,
                            # A question since deleted: its id, no number or title.
                            *heads.get(question_id, ("", question_id, "")),
                            rows.get((question_id, row_id), safe_cell(row_id)),
                            options.get((question_id, option_id), safe_cell(option_id)),
                            option_id,
                            "" if number is None else f"{number.normalize():f}",
                            safe_cell(text),
                        ]
                    )
                )
        yield "".join(lines)
