"""Admin screens of the roster.

A point's staff (``manage_roster``): their points' rosters — list, add, edit, mark as left —
and the export. The office (``view_all_rosters``): every point's roster, filtered by point,
district, role and active or left, with the active count per role per point, and the export.
Another point's member is a 404 (``access.member_for``). Phones are masked unless the user holds
``view_roster_contacts``; each clear view (list, form, export) is written to the audit log."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.audit import log_access
from core.spreadsheets import WORKBOOK_OPTIONS

from . import access
from .admin_forms import LeaveForm, MemberForm
from .listing import MAX_ROWS, ROLES, Filters, members, role_counts, visible_points
from .models import RosterMember

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(request):
    if not (access.can_manage(request.user) or access.can_view_all(request.user)):
        raise PermissionDenied


def _phones(request, rows, action: str) -> list[str]:
    """Each row's phone as this user may see it; a clear view is audit-logged."""
    if not access.sees_phones(request.user):
        return [row.masked_phone for row in rows]
    if rows:
        log_access(request, action, RosterMember, [row.pk for row in rows])
    return [row.phone for row in rows]


def _filters(request, points):
    districts = sorted({p.district for p in points.values() if p.district})
    return Filters.from_query(request.GET, points, districts), districts


def index(request):
    _reader(request)
    points = visible_points(request.user)
    filters, districts = _filters(request, points)
    found = members(request.user, filters)
    rows = list(found[: MAX_ROWS + 1])
    more = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    phones = _phones(request, rows, "view")
    mine = {p.pk for p in access.my_points(request.user)}
    counts = role_counts(points)
    count_rows = [
        (points[pid], [counts.get(pid, {}).get(role, 0) for role in ROLES.values])
        for pid in points
        if not filters.point or pid == filters.point
        if not filters.district or points[pid].district == filters.district
    ]
    return TemplateResponse(
        request,
        "roster/admin/index.html",
        {
            "page_title": _("人员名册"),
            "rows": [(m, phone, m.point_id in mine) for m, phone in zip(rows, phones, strict=True)],
            "more": more,
            "max_rows": MAX_ROWS,
            "can_add": bool(mine),
            "points": points.values(),
            "districts": districts,
            "roles": ROLES.choices,
            "states": [("active", _("在册")), ("left", _("已离开")), ("all", _("全部"))],
            "filters": filters,
            "query": filters.as_query(),
            "count_roles": ROLES.labels,
            "count_rows": count_rows,
            "show_counts": len(points) > 1 or access.can_view_all(request.user),
            "show_point": len(points) > 1,
        },
    )


def _save(request, form):
    try:
        with transaction.atomic():
            member = form.save(commit=False)
            if member.created_by_id is None and not member.pk:
                member.created_by = request.user
            member.save()
    except IntegrityError:
        # Someone saved the same person a moment ago: say so, keep what was typed.
        form.add_error("phone", _("本联系点已有在册的同一身份人员使用这个电话号码。请勿重复登记。"))
        return None
    return member


def _form_page(request, form, title, member=None):
    return TemplateResponse(
        request,
        "roster/admin/form.html",
        {"page_title": title, "form": form, "member": member, "back": reverse("roster_index")},
    )


def add(request):
    if not access.can_manage(request.user):
        raise PermissionDenied
    points = access.my_points(request.user)
    if not points:
        raise PermissionDenied
    clear = access.sees_phones(request.user)
    form = MemberForm(request.POST or None, points=points, clear_phone=clear)
    if request.method == "POST" and form.is_valid():
        member = _save(request, form)
        if member is not None:
            messages.success(
                request,
                _("已将%(name)s登记为%(role)s。")
                % {"name": member.name, "role": member.get_role_display()},
            )
            return redirect(f"{reverse('roster_index')}?point={member.point_id}")
    return _form_page(request, form, _("登记人员"))


def edit(request, pk):
    member = access.member_for(request.user, pk, write=True)
    clear = access.sees_phones(request.user)
    form = MemberForm(
        request.POST or None,
        instance=member,
        points=access.my_points(request.user),
        clear_phone=clear,
    )
    if request.method != "POST" and clear:
        log_access(request, "view", RosterMember, [member.pk])
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, _("已保存%(name)s的信息。") % {"name": saved.name})
            return redirect(f"{reverse('roster_index')}?point={saved.point_id}&state=all")
    return _form_page(request, form, _("修改人员信息"), member)


def leave(request, pk):
    member = access.member_for(request.user, pk, write=True)
    if member.left is not None:
        messages.info(
            request,
            _("%(name)s已于 %(left)s 离开。")
            % {"name": member.name, "left": member.left.isoformat()},
        )
        return redirect(f"{reverse('roster_index')}?point={member.point_id}&state=left")
    form = LeaveForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        updated = RosterMember.objects.filter(pk=member.pk, left__isnull=True).update(
            left=form.cleaned_data["left"],
            left_reason=form.cleaned_data["left_reason"],
            updated_at=timezone.now(),
        )
        if updated:
            messages.success(
                request, _("已记录%(name)s离开。名册保留其记录。") % {"name": member.name}
            )
        return redirect(f"{reverse('roster_index')}?point={member.point_id}&state=left")
    return _form_page(request, form, _("记录离开"), member)


def export(request):
    """The filtered roster as XLSX: private, never cached, text never a formula."""
    import xlsxwriter

    _reader(request)
    points = visible_points(request.user)
    filters, _districts = _filters(request, points)
    rows = list(members(request.user, filters))
    phones = _phones(request, rows, "export")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    sheet = book.add_worksheet(_("人员名册")[:31])
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1})
    headings = [
        pgettext("one point", "联系点"),
        _("所在区县"),
        _("姓名"),
        _("身份"),
        _("联系电话"),
        _("工作单位/所在社区"),
        _("加入日期"),
        _("离开日期"),
        _("离开原因"),
        _("备注"),
    ]
    sheet.write_row(0, 0, headings, head)
    for number, (member, phone) in enumerate(zip(rows, phones, strict=True), start=1):
        summary = points.get(member.point_id)
        values = [
            summary.title if summary else member.point.title,
            summary.district if summary else "",
            member.name,
            member.get_role_display(),
            phone,
            member.unit,
            member.joined.isoformat(),
            member.left.isoformat() if member.left else "",
            member.left_reason,
            member.note,
        ]
        # write_string: typed text stays text, even "=HYPERLINK(…" (WORKBOOK_OPTIONS as well).
        for column, value in enumerate(values):
            sheet.write_string(number, column, value, cell)
    for column, width in enumerate((20, 10, 10, 10, 16, 24, 12, 12, 20, 30)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    book.close()
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    filename = _("人员名册-%(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
