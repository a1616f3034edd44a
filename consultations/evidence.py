"""What a point can cite for a task, read from the other plugins through core's hooks: its events
in the task's period (``lawbridge_point_activities``) and the opinions it collected or that were
credited to it on the task's draft (``lawbridge_point_figures``). And the files it uploads:
checked by size, extension and content, kept in private storage."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.plugins import point_activities, point_figures

__all__ = ["ALLOWED", "MAX_FILES", "MAX_SIZE", "activities_for", "check_file", "credited"]

# Days before the task was sent that still count: a forum held just before the notice came is
# part of the consultation.
LEAD_DAYS = 30

MAX_FILES = 10  # per step
MAX_SIZE = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# extension → MIME types the content must sniff as (filetype reads the magic bytes): photos,
# scans, sign-in sheets and minutes. Nothing that runs or renders as a page.
ALLOWED = {
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "heic": {"image/heic", "image/heif"},
    "pdf": {"application/pdf"},
    "docx": {DOCX, "application/zip"},
    "xlsx": {XLSX, "application/zip"},
}


def period(task):
    start = timezone.localdate(task.sent_at or task.created_at) - timedelta(days=LEAD_DAYS)
    end = max(task.due_date, timezone.localdate()) + timedelta(days=LEAD_DAYS)
    return start, end


def activities_for(assignment):
    start, end = period(assignment.task)
    return point_activities(assignment.point, start, end)


def credited(assignment) -> dict | None:
    """``{"collected", "adopted"}`` for the task's page at this point, or None (a research topic,
    or nothing credited)."""
    target = assignment.task.target_page_id
    if not target:
        return None
    for row in point_figures(assignment.point):
        page = row.get("page")
        if page is not None and page.pk == target:
            return {"collected": row.get("collected", 0), "adopted": row.get("adopted", 0)}
    return None


def check_file(upload) -> str:
    """Validate one upload; return its sniffed MIME type or raise a translated ValidationError."""
    name = (upload.name or "")[:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”：只接受照片（JPG、PNG、HEIC）、PDF、Word 或 Excel 文件。")
            % {"name": name}
        )
    if upload.size > MAX_SIZE:
        raise ValidationError(
            _("“%(name)s”超过 %(max)s。") % {"name": name, "max": filesizeformat(MAX_SIZE)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED[ext]:
        raise ValidationError(_("“%(name)s”的内容与文件类型不符。") % {"name": name})
    if mime == "application/zip":
        inner = "word/document.xml" if ext == "docx" else "xl/workbook.xml"
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = inner in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
        if not ok:
            raise ValidationError(_("“%(name)s”的内容与文件类型不符。") % {"name": name})
        mime = DOCX if ext == "docx" else XLSX
    return mime
