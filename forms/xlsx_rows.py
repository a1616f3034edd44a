"""Fast data rows for an xlsxwriter worksheet in ``constant_memory`` mode.

xlsxwriter spends ~10 µs of Python on every cell (bounds and dimension checks, a cell tuple, an
attribute list, three regular expressions, one file write); a million-opinion export is twelve
million cells, two minutes. ``RowWriter`` renders a whole row as one string, with the XML
xlsxwriter itself writes for inline strings, numbers and dates, and appends it to the worksheet's
row file — the temporary file constant_memory streams rows into and copies into the sheet at
``close()``. Text is always an inline string, never a formula or a link, whatever it starts with
(``=HYPERLINK(…)`` stays text: see core/spreadsheets.py). Headings, formats, column widths and
every other sheet go through xlsxwriter as usual, in a workbook opened with
``core.spreadsheets.WORKBOOK_OPTIONS``.

It relies on three xlsxwriter internals (``fh``, ``previous_row``, ``_write_single_row``, plus
``_check_dimensions`` for the ``<dimension>`` element): xlsxwriter is pinned in
requirements.txt, and tests/forms/test_exports.py reads every kind of cell back with openpyxl.
"""

from __future__ import annotations

import datetime
import re

from xlsxwriter.utility import xl_col_to_name

# Anything xlsxwriter would change in a string: XML specials, control characters (written as
# _xHHHH_), a literal _xHHHH_ (escaped), leading or trailing whitespace (xml:space="preserve").
_NEEDS_CARE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPE_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # serial 0, counting Excel's 1900-02-29
_DAY = datetime.timedelta(days=1)
STRING_MAX = 32767  # Excel's limit per cell, in UTF-16 units


def _inline_string(text: str) -> str:
    if len(text) > STRING_MAX // 2 and len(text.encode("utf-16-le")) // 2 > STRING_MAX:
        text = text.encode("utf-16-le")[: STRING_MAX * 2].decode("utf-16-le", "ignore")
    if not _NEEDS_CARE.search(text):
        return f"<is><t>{text}</t></is>"
    text = _ESCAPE_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{space}>{text}</t></is>"


def excel_serial(value: datetime.datetime) -> float:
    """Excel's serial date of a naive datetime (1900 date system, dates after 1900-03-01)."""
    return (value - _EXCEL_EPOCH) / _DAY


class RowWriter:
    """Write rows of (str | int | float | None) values, one per column, from ``first_row`` on.

    ``formats``: one xlsxwriter Format (or None) per column. ``None`` values leave the cell
    empty; datetimes are converted by the caller (``excel_serial``) and given a date format.
    Nothing may be written through the xlsxwriter API below ``first_row`` meanwhile."""

    def __init__(self, sheet, first_row: int, formats):
        if not sheet.constant_memory:
            raise ValueError("RowWriter needs a constant_memory workbook")
        # Flush the last row written through the API (the headings) to the row file.
        sheet._write_single_row(first_row)
        self.sheet = sheet
        self.row = first_row
        self.columns = [
            (xl_col_to_name(col), f' s="{fmt._get_xf_index()}"' if fmt is not None else "")
            for col, fmt in enumerate(formats)
        ]
        self._write = sheet.fh.write

    def write(self, values) -> None:
        number = self.row + 1
        cells = [f'<row r="{number}">']
        for (letter, style), value in zip(self.columns, values, strict=True):
            if value is None:
                continue
            if isinstance(value, str):
                cells.append(f'<c r="{letter}{number}"{style} t="inlineStr">')
                cells.append(_inline_string(value))
                cells.append("</c>")
            else:
                cells.append(f'<c r="{letter}{number}"{style}><v>{value:.16G}</v></c>')
        cells.append("</row>")
        self._write("".join(cells))
        self.row += 1

    def close(self) -> None:
        """Record the sheet's extent and hand the worksheet back to xlsxwriter."""
        if self.row > self.sheet.previous_row:
            self.sheet._check_dimensions(self.row - 1, len(self.columns) - 1)
        self.sheet.previous_row = self.row
