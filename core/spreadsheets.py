"""Every spreadsheet and CSV the project writes keeps text as text (OWASP "CSV injection").

A resident's name or opinion that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return in front of one, or the full-width ``＝＋－＠`` that WPS and Excel accept from a Chinese
input method) is run as a formula by the spreadsheet app that opens the file:
``=HYPERLINK("http://…","点此核对")`` beside a phone number sends the clerk, and the row, to
whoever typed it. The two file kinds are neutralised differently:

- **CSV** has no cell types: such a value is written with a leading single quote (``'=1+1``),
  which spreadsheet apps show as text and people reading the file recognise. ``safe_cell``.
- **XLSX** has typed cells: text is always written as a string cell, never a formula, so it is
  kept exactly as typed. With xlsxwriter open workbooks with ``WORKBOOK_OPTIONS`` (its default
  ``strings_to_formulas`` turns ``=…`` into a live formula, ``strings_to_urls`` turns a URL into
  a live link); openpyxl cells get ``data_type = "s"``.

Wagtail admin index views with exports mix in ``SafeSpreadsheetExportMixin``.
tests/core/test_spreadsheet_safety.py drives every export path with hostile values.
"""

from __future__ import annotations

__all__ = [
    "FORMULA_STARTS",
    "WORKBOOK_OPTIONS",
    "SafeSpreadsheetExportMixin",
    "looks_like_formula",
    "safe_cell",
]

# What a spreadsheet may take for the start of a formula, plus the characters that can hide
# in front of one. Full-width forms: U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# xlsxwriter: strings stay strings (no formulas, numbers or hyperlinks made out of text).
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """A CSV cell value: text a spreadsheet would run as a formula gets a leading ``'``;
    anything else (numbers, dates, ordinary text) is returned unchanged."""
    if looks_like_formula(value):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """For a view using Wagtail's ``SpreadsheetExportMixin`` (e.g. a ``SnippetViewSet`` index
    view): CSV cells go through ``safe_cell``; XLSX text cells are strings, never formulas.

    Uses the mixin's documented hooks (``preprocess_field_value``, ``generate_xlsx_row``), so
    custom per-field preprocessing still runs first."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_cell(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell
