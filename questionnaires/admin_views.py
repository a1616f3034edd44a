"""Admin: the results of each questionnaire, live while it runs, for holders of
``questionnaires.view_questionnaire_results`` (declared on ``Reply``): counts and charts, cross
tables, the written answers grouped, and the replies as XLSX or CSV.

Counts cannot be traced to a person, so they are neither masked nor logged. Written answers may
hold what someone wrote about themselves: each page of them listed, and every export, goes to
the personal-data access log (``core.audit``)."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_access

from .crosstab import CrossTabError, cached_crosstab, dimension_choices, target_choices
from .exports import csv_lines, write_xlsx
from .models import Answer, AnswerCount, QuestionnairePage, Reply, source_page
from .results import results_for
from .text_answers import entry_ids, text_entries, text_questions

RESULTS_PERMISSION = f"{Reply._meta.app_label}.view_questionnaire_results"


def can_view_results(user) -> bool:
    return bool(user and user.is_active and user.has_perm(RESULTS_PERMISSION))


def _check(request) -> None:
    if not can_view_results(request.user):
        raise PermissionDenied


def results_index(request):
    _check(request)
    pages = list(
        QuestionnairePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .defer_streamfields()
        .order_by("-first_published_at", "title")
    )
    replies = dict(
        AnswerCount.objects.filter(
            page__in=[p.pk for p in pages], question="", option=""
        ).values_list("page_id", "count")
    )
    rows = [(page, replies.get(page.pk, 0)) for page in pages]
    return TemplateResponse(
        request,
        "questionnaires/admin/index.html",
        {"rows": rows, "page_title": _("问卷结果")},
    )


def results(request, page_id: int):
    _check(request)
    page = get_object_or_404(QuestionnairePage, pk=page_id)
    return TemplateResponse(
        request,
        "questionnaires/admin/results.html",
        {
            "page": page,
            "results": results_for(page),
            # The office reads results; only those who may edit the page are offered to.
            "can_edit": page.permissions_for_user(request.user).can_edit(),
            "page_title": _("问卷结果：%(title)s") % {"title": page.title},
        },
    )


def _page(page_id: int) -> QuestionnairePage:
    return get_object_or_404(QuestionnairePage.objects.select_related("locale"), pk=page_id)


def crosstab_view(request, page_id: int):
    """Pick a question and what to break it down by (a GET form: works without script, and the
    address of a table can be shared with a colleague who holds the same right)."""
    _check(request)
    page = _page(page_id)
    questions = page.question_list
    targets = target_choices(questions)
    target = request.GET.get("question", "")
    dimension = request.GET.get("by", "")
    table, error = None, ""
    if target or dimension:
        try:
            table = cached_crosstab(page, target, dimension)
        except CrossTabError as exc:
            error = str(exc)
    return TemplateResponse(
        request,
        "questionnaires/admin/crosstab.html",
        {
            "page": page,
            "targets": targets,
            "dimensions": dimension_choices(questions, target),
            "selected_target": target,
            "selected_dimension": dimension,
            "table": table,
            "error": error,
            "page_title": _("交叉分析：%(title)s") % {"title": page.title},
        },
    )


TEXT_PER_PAGE = 25


def text_answers_view(request, page_id: int, question_id: str):
    """The written answers to one question, near-identical ones grouped. The answers may hold
    what people wrote about themselves: shown to the office only, and each page of them viewed
    is recorded in the personal-data access log."""
    _check(request)
    page = _page(page_id)
    questions = text_questions(page.question_list)
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        raise Http404
    entries = entry_ids(page, question)
    paginator = Paginator(entries.items, TEXT_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    shown = text_entries(list(page_obj.object_list))
    if shown:
        log_access(
            request,
            "list",
            Answer,
            [entry.id for entry in shown],
            note=f"questionnaire {page.pk} question {question.number}",
        )
    return TemplateResponse(
        request,
        "questionnaires/admin/text_answers.html",
        {
            "page": page,
            "question": question,
            "questions": questions,
            "entries": shown,
            "page_obj": page_obj,
            "paginator": paginator,
            "answers_total": sum(1 + len(others) for _first, others in entries.items),
            "ungrouped": entries.ungrouped,
            "grouping": entries.grouping,
            "page_title": _("文字答复：%(title)s") % {"title": question.title},
        },
    )


def _filename(page, extension: str) -> str:
    # ASCII: every browser and mail gateway keeps it; the page id finds the questionnaire.
    return f"questionnaire-{page.pk}-{timezone.localdate():%Y%m%d}.{extension}"


def _log_export(request, page, kind: str) -> None:
    # One line per export, not 100,000 reply ids: the questionnaire and how many were in it.
    replies = Reply.objects.filter(page=source_page(page)).count()
    entry = log_access(
        request, "export", Reply, [], note=f"questionnaire {page.pk}: {replies} replies, {kind}"
    )
    entry.count = replies
    entry.save(update_fields=["count"])


def export_xlsx(request, page_id: int):
    _check(request)
    page = _page(page_id)
    _log_export(request, page, "xlsx")
    # A temporary file, not memory: xlsxwriter's constant_memory streams rows into it, and
    # FileResponse sends it in blocks and deletes it when done. Nothing is kept on the server.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse once sent
    try:
        write_xlsx(page, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=_filename(page, "xlsx"))


def export_csv(request, page_id: int):
    _check(request)
    page = _page(page_id)
    _log_export(request, page, "csv")
    response = StreamingHttpResponse(csv_lines(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "csv")}"'
    return response
