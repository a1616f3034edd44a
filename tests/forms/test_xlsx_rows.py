"""RowWriter writes the same cells xlsxwriter's own API writes (it bypasses that API for speed)."""

import datetime
import io

import xlsxwriter
from openpyxl import load_workbook

from forms.xlsx_rows import RowWriter, excel_serial

WHEN = datetime.datetime(2026, 3, 1, 8, 30)
ROWS = [
    (1, "普通文本", "a & <b> > c", 2.5, WHEN),
    (2, " leading space", "trailing space ", -3, WHEN + datetime.timedelta(days=400)),
    (3, "control\x01char\x1f", "literal _x0041_ escape", 0, WHEN),
    (4, "", "换行\n第二行", 10**12, WHEN),
    (5, "长" * 40000, "😀" * 20000, 1e-7, WHEN),  # over Excel's 32,767 UTF-16 units
]


def _workbook(fast: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    wrap = workbook.add_format({"text_wrap": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet = workbook.add_worksheet("data")
    sheet.write(0, 0, "标题")
    for col, label in enumerate(["n", "a", "b", "x", "when"]):
        sheet.write(1, col, label)
    if fast:
        rows = RowWriter(sheet, 2, [None, None, wrap, None, date_format])
        for n, a, b, x, when in ROWS:
            rows.write((n, a, b, x, excel_serial(when)))
        rows.close()
    else:
        for r, (n, a, b, x, when) in enumerate(ROWS, start=2):
            sheet.write_number(r, 0, n)
            sheet.write_string(r, 1, a)
            sheet.write_string(r, 2, b, wrap)
            sheet.write_number(r, 3, x)
            sheet.write_datetime(r, 4, when, date_format)
    other = workbook.add_worksheet("summary")
    other.write_row(0, 0, ["after", 1])
    workbook.close()
    return buffer.getvalue()


def _cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [
        [(ws.dimensions, [(c.value, c.number_format, c.alignment.wrap_text) for c in row])
         for row in ws.iter_rows()]
        for ws in workbook.worksheets
    ]  # fmt: skip


def test_fast_rows_read_back_exactly_like_xlsxwriter_cells():
    fast, reference = _cells(_workbook(True)), _cells(_workbook(False))
    assert fast == reference
    data_rows = fast[0][2:]
    assert data_rows[0][1][4][0] == WHEN  # a real date, not a number
    assert len(data_rows) == len(ROWS)


def test_empty_export_keeps_the_headings():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(1, 0, ["a", "b"])
    RowWriter(sheet, 2, [None, None]).close()
    workbook.close()
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    assert sheet.max_row == 2 and sheet.cell(2, 2).value == "b"
