"""The opinions admin's own menu entries beside the 意见建议 group: 录入线下意见, 意见统计 and
导入办理结果, each shown only to those who may use it, and 预览情况报告 in the 公开与反馈 form. Registered in forms/wagtail_hooks.py."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.menu import MenuItem
from wagtail.snippets.action_menu import ActionMenuItem

from . import admin_views, report_views
from .models import PageOpinionSettings


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


def offline_entry_item() -> MenuItem:
    return PermissionMenuItem(
        _("录入线下意见"),
        reverse("forms_offline_entry"),
        icon_name="edit",
        order=251,
        check=lambda user: bool(admin_views.points_available_to(user)),
    )


def statistics_item() -> MenuItem:
    return PermissionMenuItem(
        _("意见统计"),
        reverse("forms_statistics"),
        icon_name="table",
        order=252,
        check=lambda user: user.has_perm(admin_views.HANDLE_PERMISSION),
    )


def decisions_item() -> MenuItem:
    return PermissionMenuItem(
        _("导入办理结果"),
        reverse("forms_decisions"),
        icon_name="upload",
        order=253,
        check=lambda user: user.has_perm(admin_views.HANDLE_PERMISSION),
    )


class ClosingReportMenuItem(ActionMenuItem):
    label = _lazy("预览情况报告")
    name = "action-closing-report"
    icon_name = "doc-full"

    def is_shown(self, context):
        instance = context.get("instance")
        user = context["request"].user
        return bool(
            instance and instance.page_id and user.has_perm(report_views.publish_permission())
        )

    def get_url(self, parent_context):
        return reverse("forms_closing_report_preview", args=[parent_context["instance"].page_id])


def closing_report_item(model) -> ActionMenuItem | None:
    return ClosingReportMenuItem(order=90) if model is PageOpinionSettings else None
