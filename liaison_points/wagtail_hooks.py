from wagtail import hooks

from core import cache_params
from core.plugins import (
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    POINT_CONTACTS_HOOK,
    POINT_DIRECTORY_HOOK,
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


hooks.register(POINT_DIRECTORY_HOOK, directory.directory)
