"""Admin: the sign-ups of one event, for whoever may edit that event (its point's staff, editors).
Phones are masked: the list is for counting and calling back through the point's office."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import EventNoticePage


def registrations(request, page_id: int):
    event = get_object_or_404(EventNoticePage, pk=page_id)
    if not event.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    rows = list(event.registrations.all())
    return TemplateResponse(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "rows": rows,
            "total_people": sum(r.people for r in rows),
            "page_title": _("报名名单：%(title)s") % {"title": event.title},
            "header_title": _("报名名单"),
        },
    )
