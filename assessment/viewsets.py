"""The office edits the year's scheme (indicators and weights) and the obligation rules with
Wagtail's model viewsets: the forms come from the models' ``panels``, listing exactly the
fields shown; the rights are the models' own add/change/delete/view permissions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AssessmentScheme, ObligationRule


class SchemeViewSet(ModelViewSet):
    model = AssessmentScheme
    icon = "table"
    menu_label = _("考核方案")
    url_prefix = "assessment/schemes"
    add_to_admin_menu = False
    list_display = ["__str__", "year", BooleanColumn("published", label=_("向联系点公布"))]
    copy_view_enabled = False


class ObligationRuleViewSet(ModelViewSet):
    model = ObligationRule
    icon = "warning"
    menu_label = _("工作要求")
    url_prefix = "assessment/rules"
    add_to_admin_menu = False
    list_display = ["label", "period", "minimum", "code", BooleanColumn("active", label=_("启用"))]
    list_filter = ["period", "active"]
    copy_view_enabled = False


scheme_viewset = SchemeViewSet("assessment_scheme")
rule_viewset = ObligationRuleViewSet("assessment_rule")
