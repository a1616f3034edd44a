"""What the assessment plugin registers with Wagtail: its admin views, viewsets, menu and
permissions, and its demo content."""

from django.contrib.auth.models import Permission
from django.urls import path
from wagtail import hooks

from core.plugins import DEMO_CONTENT_HOOK, WITHDRAWN_POINTS_HOOK

from . import admin_menu, admin_views
from .models import AssessmentScheme
from .status import revoked_points
from .viewsets import rule_viewset, scheme_viewset

# A 撤销 point is out of the network: other plugins send it no new work.
hooks.register(WITHDRAWN_POINTS_HOOK, revoked_points)


@hooks.register("register_admin_urls")
def assessment_admin_urls():
    return [
        path("assessment/", admin_views.ranking, name="assessment_ranking"),
        path(
            "assessment/<int:year>/report.xlsx",
            admin_views.report_xlsx,
            name="assessment_report_xlsx",
        ),
        path(
            "assessment/<int:year>/report.docx",
            admin_views.report_docx,
            name="assessment_report_docx",
        ),
        path("assessment/obligations/", admin_views.obligations, name="assessment_obligations"),
        path("assessment/statuses/", admin_views.statuses, name="assessment_statuses"),
        path("assessment/card/", admin_views.my_cards, name="assessment_my_cards"),
        path("assessment/card/<int:point_id>/", admin_views.card, name="assessment_card"),
    ]


hooks.register("register_admin_viewset", lambda: scheme_viewset)
hooks.register("register_admin_viewset", lambda: rule_viewset)
hooks.register("register_admin_menu_item", admin_menu.assessment_menu_item)


@hooks.register("register_permissions")
def assessment_permissions():
    # So that the office can give these rights to a group in the admin's group editor.
    return Permission.objects.filter(content_type__app_label=AssessmentScheme._meta.app_label)


@hooks.register(DEMO_CONTENT_HOOK, order=120)  # after the points, events and opinions it scores
def assessment_demo(demo):
    from .demo import load_demo

    load_demo(demo)
    demo.show("Scorecard", "/admin/assessment/", "(考核评价, 工作要求完成情况)")
