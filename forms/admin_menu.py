"""The opinions admin's own menu entries beside the 意见建议 group: 录入线下意见, 意见统计 and
导入办理结果, each shown only to those who may use it. Registered in forms/wagtail_hooks.py."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem

from . import admin_views


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
