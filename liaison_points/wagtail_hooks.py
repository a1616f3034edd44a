from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import cache_params
from core.plugins import (
    COLLECTION_SOURCE_HOOK,
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    POINT_CONTACTS_HOOK,
    POINT_DIRECTORY_HOOK,
    POINT_SOURCES_HOOK,
    POINTS_FOR_USER_HOOK,
    HomeSection,
)

from . import directory
from .models import LiaisonPointIndexPage, LiaisonPointPage
from .staff import ensure_point_staff, point_staff_emails, points_for_user


@hooks.register("after_create_page")
def create_point_staff(request, page):
    # Also on page_published (signals.py): points created in code or by import get one too.
    if isinstance(page.specific, LiaisonPointPage):
        ensure_point_staff(page.specific)


@hooks.register(POINTS_FOR_USER_HOOK)
def lawbridge_points_for_user(user):
    return points_for_user(user)


@hooks.register(POINT_CONTACTS_HOOK)
def lawbridge_point_contacts(point_page):
    return point_staff_emails(point_page)


hooks.register(POINT_DIRECTORY_HOOK, directory.point_directory)


@hooks.register(DEMO_CONTENT_HOOK, order=20)
def points_demo(demo):
    from .demo import load_points_demo

    load_points_demo(demo)


@hooks.register(HOME_SECTIONS_HOOK, order=40)
def points_home_section(request, page):
    index = LiaisonPointIndexPage.objects.live().public().filter(locale=page.locale).first()
    if index is None:
        return None
    points = list(index.points())
    if not points:
        return None
    return HomeSection(
        template_name="liaison_points/home_section.html",
        title=index.title,
        context={"index": index, "points": points[:6], "count": len(points)},
    )


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """The point directory's filters."""
    from .models import POINT_TYPES

    return {"type": cache_params.choices(*dict(POINT_TYPES)), "district": cache_params.text(40)}


# --- Collection codes (征集码) and where opinions come from -----------------------------------


@hooks.register(COLLECTION_SOURCE_HOOK)
def collection_source(token_or_code):
    from .sources import from_token_or_code

    return from_token_or_code(token_or_code)


@hooks.register(POINT_SOURCES_HOOK)
def point_sources(point_page):
    from .sources import point_sources

    return point_sources(point_page) if isinstance(point_page.specific, LiaisonPointPage) else []


@hooks.register("register_admin_urls")
def register_admin_urls():
    from . import codes_admin

    return [
        path("points/codes/", codes_admin.index_view, name="liaison_points_codes_index"),
        path("points/<str:point_id>/codes/", codes_admin.point_view, name="liaison_points_codes"),
        path(
            "points/<str:point_id>/codes/<str:code_id>/toggle/",
            codes_admin.toggle_view,
            name="liaison_points_codes_toggle",
        ),
        path(
            "points/<str:point_id>/codes/print/<str:layout>/",
            codes_admin.print_view,
            name="liaison_points_codes_print",
        ),
    ]


class _CodesMenuItem(MenuItem):
    def is_shown(self, request):
        from .codes_admin import can_use

        return can_use(request.user)


@hooks.register("register_admin_menu_item")
def codes_menu_item():
    return _CodesMenuItem(
        _("征集码"), reverse("liaison_points_codes_index"), icon_name="link", order=253
    )
