"""The 考核评价 menu: the office sees the ranking, the obligations board, statuses, schemes and
rules; a point's staff see only their own point's card."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views
from .models import AssessmentScheme, ObligationRule


class _OfficeItem(MenuItem):
    def is_shown(self, request):
        return admin_views.is_office(request.user)


class _ModelItem(MenuItem):
    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.codename = f"{model._meta.app_label}.view_{model._meta.model_name}"

    def is_shown(self, request):
        return request.user.has_perm(self.codename)


class _StaffItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return admin_views.is_point_staff(user) and not admin_views.is_office(user)


class _AssessmentMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return bool(self.menu.menu_items_for_request(request))


def assessment_menu_item():
    items = [
        _OfficeItem(_("考核排名"), reverse("assessment_ranking"), icon_name="table", order=10),
        _OfficeItem(
            _("工作要求完成情况"), reverse("assessment_obligations"), icon_name="warning", order=20
        ),
        _OfficeItem(_("联系点状态"), reverse("assessment_statuses"), icon_name="tag", order=30),
        _ModelItem(
            _("考核方案"),
            reverse("assessment_scheme:index"),
            icon_name="cog",
            order=40,
            model=AssessmentScheme,
        ),
        _ModelItem(
            _("工作要求"),
            reverse("assessment_rule:index"),
            icon_name="list-ul",
            order=50,
            model=ObligationRule,
        ),
        _StaffItem(_("本点考核"), reverse("assessment_my_cards"), icon_name="table", order=60),
    ]
    return _AssessmentMenu(_("考核评价"), Menu(items=items), icon_name="table", order=360)
