"""Admin: the sign-ups of one event, for whoever may edit that event (its point's staff, editors),
as a list and as a printable sign-in sheet (签到表, XLSX). Phones are shown in full only to holders
of ``events.view_registration_phone`` (point staff, who call people back when an event changes);
every such view or export is written to the PIPL audit log."""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.audit import log_access
from core.spreadsheets import WORKBOOK_OPTIONS

from .attendance import person_times
from .models import EventNoticePage, EventRegistration

PHONE_PERMISSION = f"{EventRegistration._meta.app_label}.view_registration_phone"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event_for(request, page_id: int) -> EventNoticePage:
    event = get_object_or_404(EventNoticePage, pk=page_id)
    if not event.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return event


def _phones(request, rows, action: str) -> list[str]:
    """Each row's phone as this user may see it; a clear view is audit-logged."""
    if not request.user.has_perm(PHONE_PERMISSION):
        return [row.masked_phone for row in rows]
    if rows:
        log_access(request, action, EventRegistration, [row.pk for row in rows])
    return [row.phone for row in rows]


def registrations(request, page_id: int):
    event = _event_for(request, page_id)
    rows = list(event.registrations.all())
    phones = _phones(request, rows, "view")
    notices = list(event.change_notices.prefetch_related("not_reached"))
    clear = request.user.has_perm(PHONE_PERMISSION)
    for notice in notices:
        # Who a change did not reach, for staff to phone (these rows are among those logged above).
        notice.unreached = [
            (row.name, row.phone if clear else row.masked_phone) for row in notice.not_reached.all()
        ]
    return TemplateResponse(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "rows": list(zip(rows, phones, strict=True)),
            "total_people": sum(r.people for r in rows if r.cancelled is None),
            "notices": notices,
            "person_times": person_times(event),
            "page_title": _("报名名单：%(title)s") % {"title": event.title},
            "header_title": _("报名名单"),
        },
    )


def sign_in_sheet(request, page_id: int):
    """签到表: one line per sign-up with room to sign, ready to print for the door."""
    import xlsxwriter

    event = _event_for(request, page_id)
    rows = list(event.registrations.active())  # who is expected at the door
    phones = _phones(request, rows, "export")
    out = io.BytesIO()
    # Names and places are typed by the public and editors: text, never formulas or links.
    book = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    sheet = book.add_worksheet(_("签到表")[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1, "valign": "vcenter"})
    when = timezone.localtime(event.start)
    sheet.write(0, 0, event.title, title)
    sheet.write(1, 0, f"{when:%Y-%m-%d %H:%M}  {event.place}")
    # 已签到: who the check-in screen (events/checkin_admin.py) already let in, and when.
    checked_in = {
        a.registration_id: a for a in event.attendances.present().filter(registration__isnull=False)
    }
    headings = [
        _("序号"),
        _("姓名"),
        _("联系电话"),
        _("人数"),
        _("报名时间"),
        _("已签到"),
        _("签到"),
    ]
    sheet.write_row(3, 0, headings, head)
    for number, (row, phone) in enumerate(zip(rows, phones, strict=True), start=1):
        created = timezone.localtime(row.created).strftime("%Y-%m-%d %H:%M")
        attendance = checked_in.get(row.pk)
        arrived = ""
        if attendance is not None:
            arrived = _("%(time)s 已签到 %(people)s 人") % {
                "time": timezone.localtime(attendance.checked_in_at).strftime("%H:%M"),
                "people": attendance.people,
            }
        values = [number, row.name, phone, row.people, created, arrived, ""]
        sheet.write_row(3 + number, 0, values, cell)
        sheet.set_row(3 + number, 28)  # room for a signature
    total = 4 + len(rows)
    sheet.write(total + 1, 0, _("合计 %(people)s 人") % {"people": sum(r.people for r in rows)})
    if event.attendances.present().exists():
        sheet.write(total + 2, 0, _("签到 %(n)s 人次") % {"n": person_times(event)})
    for column, width in enumerate((6, 14, 16, 6, 18, 18, 20)):
        sheet.set_column(column, column, width)
    sheet.repeat_rows(3)
    sheet.fit_to_pages(1, 0)
    book.close()
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    filename = _("签到表-%(title)s.xlsx") % {"title": event.title}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
