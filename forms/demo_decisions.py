"""The decision file the demo leaves to try 导入办理结果 with: the demo batch's 意见汇总表 as the
committee returns it.

It is the office's own export (``exports.write_xlsx``, the same bytes a 法工委联络员 downloads),
with the 采纳情况 and 答复 columns filled in from ``demo_data/committee_decisions.toml`` — so the
round trip export → committee → import is tried on the real format, not a hand-made sheet. It holds
receipt codes, so it goes to the private files folder, never under MEDIA_ROOT.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import translation

from core.demo import DemoData

from .exports import HEADER_ROW, write_xlsx, xlsx_columns
from .workflow import Status

DATA = DemoData(__file__)


def default_path() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "demo" / "committee-decisions.xlsx"


def write_decision_file(batch, path: Path | None = None) -> tuple[Path, int]:
    """Write the filled-in 意见汇总表 of ``batch``'s opinions still waiting for a decision.
    Returns the path and the number of rows decided in it."""
    from openpyxl import load_workbook

    spec = DATA.toml("committee_decisions.toml")
    path = path or default_path()
    waiting = batch.opinions.filter(status=Status.FORWARDED)
    exported = io.BytesIO()
    # The committee's copy is in Chinese whatever language the command runs in.
    with translation.override(settings.LANGUAGE_CODE):
        write_xlsx(waiting, exported, title=batch.title)
        headers = [str(label) for label, _width in xlsx_columns()]
    workbook = load_workbook(io.BytesIO(exported.getvalue()))
    sheet = workbook.worksheets[0]
    outcome_col = headers.index("采纳情况") + 1
    reply_col = headers.index("答复") + 1
    decisions = spec["decision"]
    decided = 0
    first = HEADER_ROW + 2  # openpyxl counts rows from 1; the data start under the heading row
    for offset, row in enumerate(range(first, sheet.max_row + 1)):
        if offset + 1 == spec["leave_blank"]:
            sheet.cell(row, outcome_col).value = None
            continue
        decision = decisions[decided % len(decisions)]
        sheet.cell(row, outcome_col).value = decision["outcome"]
        sheet.cell(row, reply_col).value = decision["reply"]
        decided += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path, decided
