from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from core import cache_params
from core.plugins import (
    DEMO_CONTENT_HOOK,
    DRAFT_PAGE,
    HOME_SECTIONS_HOOK,
    LIFE_STORY_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    SEARCH_SOURCES_HOOK,
    plays_role,
)

from . import admin_urls
from .demo import load_regulations_demo
from .home import open_evaluations_home_section
from .life_story import regulation_story
from .models import RegulationIndexPage
from .roles import grant_regulation_editors
from .search import search_source
from .status import STATUS_LABELS

hooks.register(LIFE_STORY_HOOK, regulation_story)
hooks.register(SEARCH_SOURCES_HOOK, search_source)
hooks.register(HOME_SECTIONS_HOOK, open_evaluations_home_section)


@hooks.register(DEMO_CONTENT_HOOK, order=40)
def regulations_demo(demo):
    """After the drafts demo (10): the passed demo draft may become a regulation's source."""
    load_regulations_demo(demo)


@hooks.register("after_create_page")
def regulation_index_gets_its_editors(request, page):
    if isinstance(page.specific, RegulationIndexPage):
        grant_regulation_editors(page)


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """The index's status filter; the article jump only redirects."""
    return {"status": cache_params.choices(*STATUS_LABELS), "n": cache_params.LIVE}


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "regulations/",
            include((admin_urls, "regulations_admin"), namespace="regulations_admin"),
        )
    ]


class ImportMenuItem(MenuItem):
    """Shown only to those who may add or amend a regulation somewhere."""

    def is_shown(self, request):
        from .admin_views import can_import

        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("导入现行法规"), reverse("regulations_admin:import"), icon_name="upload", order=251
    )


@hooks.register("register_page_header_buttons")
def from_draft_button(page, user, view_name, next_url=None):
    """ "生成现行法规" on a passed draft, for someone who may edit it and add a regulation."""
    if not page.live or not plays_role(page, DRAFT_PAGE):
        return
    from .admin_views import can_import, made_from, passed_story

    if not page.permissions_for_user(user).can_edit() or not can_import(user):
        return
    if made_from(page) is not None or not passed_story(page):
        return
    yield Button(
        _("生成现行法规"),
        reverse("regulations_admin:from_draft", args=[page.pk]),
        icon_name="doc-full",
        priority=80,
    )
