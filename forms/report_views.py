"""The closing report (``closing_report``) as a public page with DOCX and PDF downloads, and the
office's preview of all three before the 采纳情况反馈 is published.

Public: ``/opinions/<page id>/report/`` (and ``report.docx`` / ``report.pdf``), 404 until the
feedback is published and for pages that are not live or have view restrictions, like the open
data. The report holds only public data, so the rendered files are kept in the disposable page
store, keyed by a digest of the report itself and the language: any new decision, reply or
adoption changes the digest, and a burst of downloads renders a PDF once, not once per visitor.

Preview: ``/admin/opinions/report/<page id>/`` for whoever may publish the feedback (change the
page's 公开与反馈 settings); never stored, never cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from core import caches
from core.interfaces import as_commentable
from core.params import bounded_int
from core.pdf import render_pdf

from .closing_report import ClosingReport, closing_report, is_published
from .models import PageOpinionSettings
from .report_docx import write_docx

logger = logging.getLogger(__name__)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
STORE_SECONDS = 24 * 3600
# Bumped when a rendering changes, so files laid out the old way are not served again.
LAYOUT = 1
PDF_TEMPLATE = "forms/pdf/closing_report.html"


def publish_permission() -> str:
    """Who may preview: whoever may publish the feedback (the 公开与反馈 settings)."""
    meta = PageOpinionSettings._meta
    return f"{meta.app_label}.change_{meta.model_name}"


def _page(page_id, pages) -> Page:
    if bounded_int(page_id) is None:
        raise Http404(_("没有这个征求意见的页面。"))
    page = pages.filter(pk=page_id).first()
    if page is None or as_commentable(page.specific) is None:
        raise Http404(_("没有这个征求意见的页面。"))
    return page.specific


def _public_report(request, page_id) -> ClosingReport:
    page = _page(page_id, Page.objects.live().public())
    if not is_published(page):
        raise Http404(_("这个草案的征求意见情况报告还没有发布。"))
    return closing_report(page, request)


def _preview_report(request, page_id) -> ClosingReport:
    if not request.user.has_perm(publish_permission()):
        raise PermissionDenied
    return closing_report(_page(page_id, Page.objects.all()), request)


def _downloads(report: ClosingReport, preview: bool) -> dict:
    if preview:
        name, args = "forms_closing_report_preview_file", [report.page_id]
        return {fmt: reverse(name, args=[*args, fmt]) for fmt in FORMATS}
    return {fmt: reverse("opinions_report_file", args=[report.page_id, fmt]) for fmt in FORMATS}


def _page_response(request, report: ClosingReport, preview: bool):
    return TemplateResponse(
        request,
        "forms/report.html",
        {"report": report, "preview": preview, "downloads": _downloads(report, preview)},
    )


def report_page(request, page_id: int):
    return _page_response(request, _public_report(request, page_id), preview=False)


@never_cache
def report_preview(request, page_id: int):
    return _page_response(request, _preview_report(request, page_id), preview=True)


def _filename(report: ClosingReport, fmt: str) -> str:
    # The title names the file; nothing in it may name a folder or break the header.
    title = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", report.title).strip()[:80]
    return f"{title} {_('征求意见情况报告')}.{fmt}".strip()


def _render(report: ClosingReport, fmt: str, request) -> bytes:
    if fmt == "pdf":
        return render_pdf(PDF_TEMPLATE, {"report": report}, request=request)
    with tempfile.TemporaryFile() as handle:
        write_docx(report, handle)
        handle.seek(0)
        return handle.read()


def _stored(report: ClosingReport, fmt: str, request) -> bytes:
    """The rendered file, from the page store when this very report was rendered before."""
    digest = hashlib.sha256(
        json.dumps([LAYOUT, fmt, get_language(), report.as_dict()], sort_keys=True).encode()
    ).hexdigest()
    key = f"lawbridge:closing-report:{digest}"
    store = caches.get(caches.PAGES)
    if not caches.is_down(caches.PAGES):
        try:
            found = store.get(key)
        except caches.CACHE_ERRORS as exc:
            caches.mark_down(caches.PAGES, exc, "closing reports rendered on every download")
            found = None
        if found is not None:
            return found
    content = _render(report, fmt, request)
    if not caches.is_down(caches.PAGES):
        try:
            store.set(key, content, STORE_SECONDS)
        except caches.CACHE_ERRORS as exc:
            caches.mark_down(caches.PAGES, exc, "closing reports rendered on every download")
    return content


def _file_response(request, report: ClosingReport, fmt: str, *, preview: bool):
    if fmt not in FORMATS:
        raise Http404
    try:
        content = _render(report, fmt, request) if preview else _stored(report, fmt, request)
    except Exception:
        # A missing font library or a layout bug must not become a 500: the page still works.
        logger.exception("closing report %s of page %s could not be rendered", fmt, report.page_id)
        response = TemplateResponse(
            request, "forms/report_unavailable.html", {"report": report}, status=503
        )
        response["Retry-After"] = "300"
        return response
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename(report, fmt)
    )
    return response


def report_file(request, page_id: int, fmt: str):
    return _file_response(request, _public_report(request, page_id), fmt, preview=False)


@never_cache
def report_preview_file(request, page_id: int, fmt: str):
    return _file_response(request, _preview_report(request, page_id), fmt, preview=True)
