"""Admin: the results of each questionnaire, live while it runs, for holders of
``questionnaires.view_questionnaire_results`` (declared on ``Reply``). Only counts are shown — no
reply can be traced to a person — so there is nothing to mask or to audit-log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import AnswerCount, QuestionnairePage, Reply
from .results import results_for

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
            "page_title": _("问卷结果：%(title)s") % {"title": page.title},
        },
    )
