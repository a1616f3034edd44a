"""Everything the opinions plugin registers with Wagtail, and the hooks the rest of the site calls
(see core/plugins.py). Only registrations live here: what they register is defined in the modules
named for it (admin_policies, admin_viewsets, bulk_actions, admin_menu, dashboard; tested by
tests/forms/test_module_layout.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from core.plugins import (
    ABSORBED_OPINIONS_HOOK,
    ARTICLE_FEEDBACK_HOOK,
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    NAV_LINKS_HOOK,
    OPINION_COUNTS_HOOK,
    OPINION_FORM_URL_HOOK,
    OPINION_WIDGET_HOOK,
    PAGE_FEEDBACK_HOOK,
    PERSONAL_DATA_PERMISSIONS_HOOK,
    POINT_FIGURES_HOOK,
    POINT_INDICATORS_HOOK,
    SOURCE_COUNTS_HOOK,
)

from . import (
    admin_menu,
    admin_views,
    analysis_admin,
    bulk_actions,
    certificates_admin,
    comment_links,
    point_indicators,
)
from .admin_policies import OpinionGroupPermissionPolicy, OpinionPermissionPolicy
from .admin_viewsets import OpinionsGroup
from .dashboard import OpinionsDashboardPanel
from .feedback import (
    absorbed_opinions,
    article_feedback,
    opinion_counts,
    page_feedback,
    point_figures,
)
from .home_section import open_calls_home_section
from .models import Department, Opinion, OpinionGroup, Referral
from .referral_admin import DepartmentPermissionPolicy, ReferralPermissionPolicy

# --- Admin area (意见建议) --------------------------------------------------------------------

# At import, before anything asks for these models' policies: once Wagtail has handed out its
# default policy for a model, it refuses to register another.
register_permission_policy(Opinion, OpinionPermissionPolicy(Opinion))
register_permission_policy(OpinionGroup, OpinionGroupPermissionPolicy(OpinionGroup))
register_permission_policy(Referral, ReferralPermissionPolicy(Referral))
register_permission_policy(Department, DepartmentPermissionPolicy(Department))

register_snippet(OpinionsGroup)

for _action in (*bulk_actions.BULK_ACTIONS, *analysis_admin.BULK_ACTIONS):
    hooks.register("register_bulk_action", _action)


@hooks.register("register_admin_viewset")
def register_api_clients():
    from .api_client_admin import ApiClientViewSet

    return ApiClientViewSet("api_clients")


@hooks.register("register_admin_urls")
def register_admin_urls():
    from .admin_urls import urlpatterns

    return urlpatterns


@hooks.register("register_snippet_action_menu_item")
def closing_report_menu_item(model):
    """In the 公开与反馈 form, where the office publishes the feedback: the draft's closing
    report as the public will see it, before and after publishing."""
    return admin_menu.closing_report_item(model)


@hooks.register("register_admin_menu_item")
def offline_menu_item():
    return admin_menu.offline_entry_item()


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return admin_menu.statistics_item()


@hooks.register("register_admin_menu_item")
def decisions_menu_item():
    return admin_menu.decisions_item()


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    return certificates_admin.menu_item()


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if request.user.has_perm(admin_views.HANDLE_PERMISSION):
        panels.append(OpinionsDashboardPanel(request))


# --- Hooks for commentable pages (drafts, form pages) ----------------------------------------


@hooks.register(OPINION_WIDGET_HOOK)
def opinion_widget(request, page, target=None):
    return comment_links.comment_link(request, page, target)


@hooks.register(OPINION_COUNTS_HOOK)
def opinion_counts_hook(page):
    return opinion_counts(page)


@hooks.register(PAGE_FEEDBACK_HOOK)
def page_feedback_hook(request, page):
    return page_feedback(request, page)


@hooks.register(HOME_SECTIONS_HOOK)
def home_section_hook(request, page):
    return open_calls_home_section(request, page)


@hooks.register(ARTICLE_FEEDBACK_HOOK)
def article_feedback_hook(request, page):
    return article_feedback(request, page)


@hooks.register(ABSORBED_OPINIONS_HOOK)
def absorbed_opinions_hook(request, page, version_id):
    return absorbed_opinions(request, page, version_id)


@hooks.register(POINT_FIGURES_HOOK)
def point_figures_hook(point_page):
    return point_figures(point_page)


hooks.register(POINT_INDICATORS_HOOK, point_indicators.point_indicators)


@hooks.register(OPINION_FORM_URL_HOOK)
def opinion_form_url(page, article_key, source_token):
    from .sources import opinion_form_url

    return opinion_form_url(page, article_key, source_token)


@hooks.register(SOURCE_COUNTS_HOOK)
def source_counts(page):
    from .sources import source_counts

    return source_counts(page)


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    return [admin_views.PERSONAL_PERMISSION]


@hooks.register(NAV_LINKS_HOOK)
def nav_links(request):
    return [(_("意见查询"), reverse("opinions_status"))]


@hooks.register(DEMO_CONTENT_HOOK, order=100)  # after the drafts it comments on
def demo_content(demo):
    from .demo import load_demo

    load_demo(demo)
