"""Admin views of the assessment: for the office (``manage_assessment``) the ranking, the yearly
report files, the obligations board and the status changes; for a point's staff
(``view_own_scorecard``) their own point's card — another point's is a 404, as if it did not
exist. Nothing here shows personal data: points, counts and the office's reasons."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.params import get_int, get_str
from core.plugins import point_directory, points_for_user

from .forms import StatusChangeForm
from .models import AssessmentScheme, PointStatusChange
from .reports import write_docx, write_xlsx
from .scorecard import build_scorecard
from .status import record_status

APP = AssessmentScheme._meta.app_label
OFFICE_PERMISSION = f"{APP}.manage_assessment"
STAFF_PERMISSION = f"{APP}.view_own_scorecard"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def is_office(user) -> bool:
    return bool(user and user.is_active and user.has_perm(OFFICE_PERMISSION))


def is_point_staff(user) -> bool:
    return bool(user and user.is_active and user.has_perm(STAFF_PERMISSION))


def _office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _year(request) -> int:
    return get_int(request, "year", minimum=2000, maximum=2100, default=timezone.localdate().year)


def _scheme(year: int, *, published_only=False):
    schemes = AssessmentScheme.objects.prefetch_related("weights")
    if published_only:
        schemes = schemes.filter(published=True)
    return schemes.filter(year=year).first()


def _years(published_only=False) -> list[int]:
    schemes = AssessmentScheme.objects.all()
    if published_only:
        schemes = schemes.filter(published=True)
    return list(schemes.values_list("year", flat=True))


def ranking(request):
    _office(request)
    year = _year(request)
    scheme = _scheme(year)
    card, _board = build_scorecard(scheme, year)
    types = {r.point.point_type: r.point.point_type_label for r in card.rows if r.point.point_type}
    districts = sorted({r.point.district for r in card.rows if r.point.district})
    point_type = get_str(request, "type", max_length=30)
    district = get_str(request, "district", max_length=50)
    point_type = point_type if point_type in types else ""
    district = district if district in districts else ""
    rows = [
        row
        for row in card.rows
        if (not point_type or row.point.point_type == point_type)
        and (not district or row.point.district == district)
    ]
    return TemplateResponse(
        request,
        "assessment/admin/ranking.html",
        {
            "page_title": _("%(year)s 年度考核排名") % {"year": year},
            "year": year,
            "years": sorted({*_years(), year}, reverse=True),
            "card": card,
            "rows": rows,
            "types": sorted(types.items(), key=lambda item: item[1]),
            "districts": districts,
            "selected_type": point_type,
            "selected_district": district,
            "filtered": bool(point_type or district),
            "scheme": scheme,
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def report_xlsx(request, year: int):
    _office(request)
    scheme = _scheme(year)
    if scheme is None:
        raise Http404
    card, _board = build_scorecard(scheme, year)
    buffer = io.BytesIO()
    write_xlsx(card, buffer)
    return _download(buffer.getvalue(), XLSX, f"assessment-{year}.xlsx")


def report_docx(request, year: int):
    _office(request)
    scheme = _scheme(year)
    if scheme is None:
        raise Http404
    card, board = build_scorecard(scheme, year)
    buffer = io.BytesIO()
    write_docx(card, board, buffer)
    return _download(buffer.getvalue(), DOCX, f"assessment-{year}.docx")


def obligations(request):
    _office(request)
    year = _year(request)
    _card, board = build_scorecard(None, year)
    return TemplateResponse(
        request,
        "assessment/admin/obligations.html",
        {
            "page_title": _("%(year)s 年度工作要求完成情况") % {"year": year},
            "year": year,
            "years": sorted({*_years(), year, timezone.localdate().year}, reverse=True),
            "board": board,
        },
    )


def statuses(request):
    _office(request)
    points = point_directory()
    form = StatusChangeForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        point = Page.objects.filter(pk=form.cleaned_data["point"]).first()
        try:
            if point is None:
                raise ValidationError(_("只能为联系点记录状态。"))
            change = record_status(
                point.specific,
                form.cleaned_data["status"],
                form.cleaned_data["reason"],
                form.cleaned_data["date"],
                request.user,
            )
        except ValidationError as error:
            form.add_error("point", error)
        else:
            messages.success(
                request,
                _("已记录：%(point)s 的状态改为“%(status)s”。")
                % {"point": change.point_title, "status": change.get_status_display()},
            )
            return redirect("assessment_statuses")
    history = PointStatusChange.objects.select_related("recorded_by")[:200]
    return TemplateResponse(
        request,
        "assessment/admin/statuses.html",
        {"page_title": _("联系点状态"), "form": form, "history": history},
    )


def _own_point_ids(user) -> set[int]:
    return {page.pk for page in points_for_user(user)}


def my_cards(request):
    if not (is_point_staff(request.user) or is_office(request.user)):
        raise PermissionDenied
    own = _own_point_ids(request.user)
    points = [p for p in point_directory() if p.id in own]
    if len(points) == 1:
        return redirect("assessment_card", points[0].id)
    return TemplateResponse(
        request,
        "assessment/admin/cards.html",
        {"page_title": _("本点考核"), "points": points},
    )


def card(request, point_id: int):
    office = is_office(request.user)
    if not (office or is_point_staff(request.user)):
        raise PermissionDenied
    if not office and point_id not in _own_point_ids(request.user):
        raise Http404
    year = _year(request)
    scheme = _scheme(year, published_only=not office)
    scorecard, board = build_scorecard(scheme, year)
    row = scorecard.row_for(point_id)
    if row is None:
        raise Http404
    history = PointStatusChange.objects.filter(point_id=point_id)
    checks = [
        (
            rule_check,
            [(c.label, c.state_of(point_id), c.values.get(point_id, 0)) for c in rule_check.checks],
        )
        for rule_check in board
    ]
    return TemplateResponse(
        request,
        "assessment/admin/card.html",
        {
            "page_title": _("%(point)s · %(year)s 年度考核")
            % {"point": row.point.title, "year": year},
            "year": year,
            "years": sorted(set(_years(published_only=not office)) | {year}, reverse=True),
            "scheme": scheme,
            "card": scorecard,
            "row": row,
            "cells": list(zip(scorecard.columns, row.cells(scorecard.columns), strict=True)),
            "history": history,
            "checks": checks,
            "office": office,
            "ranking_url": reverse("assessment_ranking") if office else "",
        },
    )
