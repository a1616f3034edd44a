"""Wagtail's own exports (reports such as 页面老化/锁定页面, the site history, every generic
index view) write CSV cells raw: a page title typed by point staff as ``=HYPERLINK(…)`` runs in
the spreadsheet of whoever exports the report. Give Wagtail's ``SpreadsheetExportMixin`` the same
treatment as ``core.spreadsheets.SafeSpreadsheetExportMixin`` (which our own views use
explicitly): CSV through ``safe_cell``, XLSX text as string cells. Both are idempotent.

Relies on the mixin's ``preprocess_field_value`` and ``generate_xlsx_row`` being where every
cell passes (Wagtail 8.0.1); tests/core/test_spreadsheet_safety.py exports a Wagtail report and
fails if that changes. Delete this module (and its call in core/apps.py) once Wagtail
neutralises CSV cells itself."""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core.spreadsheets import safe_cell

_original_preprocess = SpreadsheetExportMixin.preprocess_field_value
_original_generate = SpreadsheetExportMixin.generate_xlsx_row


def _preprocess_field_value(self, field, value, export_format):
    value = _original_preprocess(self, field, value, export_format)
    return safe_cell(value) if export_format == self.FORMAT_CSV else value


def _generate_xlsx_row(self, worksheet, row_dict, date_format=None):
    for cell in _original_generate(self, worksheet, row_dict, date_format=date_format):
        if isinstance(cell.value, str):
            cell.data_type = "s"
        yield cell


def apply() -> None:
    SpreadsheetExportMixin.preprocess_field_value = _preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = _generate_xlsx_row
