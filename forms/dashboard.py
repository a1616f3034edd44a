"""The admin home's opinions panel: what awaits review, what is overdue, which drafts close within
a week, and the adoption rate. Added by forms/wagtail_hooks.py for those who handle opinions."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from core.interfaces import as_commentable

from . import admin_views
from .deadlines import office_figures
from .workflow import Status


class OpinionsDashboardPanel(Component):
    name = "opinions_dashboard"
    order = 90
    template_name = "forms/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from django.utils import timezone

        figures = office_figures()  # live: no cache between an answer and the count
        now = timezone.now()
        closing = []
        for page in admin_views.commentable_pages().live().specific()[:200]:
            commentable = as_commentable(page)
            if commentable is None or not commentable.accepts_comments(now):
                continue
            if not commentable.accepts_comments(now + timezone.timedelta(days=7)):
                closing.append(page)
        rate = (
            round(100 * figures["adopted"] / figures["answered"]) if figures["answered"] else None
        )
        return {
            "waiting": figures["waiting"],
            "overdue": figures["overdue"],
            "closing": closing,
            "rate": rate,
            "waiting_url": admin_views.opinions_index_url(status=Status.RECEIVED),
            "overdue_url": admin_views.opinions_index_url(overdue="true"),
            "stats_url": reverse("forms_statistics"),
        }
