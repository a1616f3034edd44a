from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from wagtail import hooks
from wagtail.admin.widgets import Button

from core import cache_params
from core.plugins import (
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    PERSONAL_DATA_PERMISSIONS_HOOK,
    POINT_ACTIVITIES_HOOK,
    POINT_INDICATORS_HOOK,
    HomeSection,
)
from core.untranslated import in_language

from . import admin_views, checkin_admin, point_activities, point_indicators
from .models import EventChangeNotice, EventIndexPage, EventNoticePage


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [
        path(
            "events/<int:page_id>/registrations/",
            admin_views.registrations,
            name="events_registrations",
        ),
        path(
            "events/<int:page_id>/registrations/sign-in-sheet.xlsx",
            admin_views.sign_in_sheet,
            name="events_sign_in_sheet",
        ),
        path(
            "events/<int:page_id>/check-in/", checkin_admin.check_in_screen, name="events_check_in"
        ),
        path(
            "events/<int:page_id>/check-in/poster/",
            checkin_admin.check_in_poster,
            name="events_check_in_poster",
        ),
    ]


hooks.register(POINT_INDICATORS_HOOK, point_indicators.point_indicators)


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    # Phones of the people who signed up, in full: two-step sign-in for whoever may see them.
    return [admin_views.PHONE_PERMISSION]


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, EventNoticePage):
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("报名名单"),
            reverse("events_registrations", args=[page.pk]),
            icon_name="group",
            priority=90,
        ),
        Button(
            pgettext("check in", "签到"),
            reverse("events_check_in", args=[page.pk]),
            icon_name="tick",
            priority=91,
        ),
    ]


@hooks.register("after_publish_page")
def tell_editor_who_is_notified(request, page):
    """A published change of time, place or the event being called off: how many people it goes
    to (events/changes.py recorded it for this very revision)."""
    if not issubclass(page.specific_class or type(page), EventNoticePage):
        return
    live_revision_id = (
        EventNoticePage.objects.filter(pk=page.pk)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    notice = EventChangeNotice.objects.filter(
        event_id=page.pk, revision_id=live_revision_id
    ).first()
    if live_revision_id is None or notice is None:
        return
    messages.info(
        request,
        ngettext(
            "活动的变更将以短信通知 %(n)s 位已报名的群众，发送结果见报名名单。",
            "活动的变更将以短信通知 %(n)s 位已报名的群众，发送结果见报名名单。",
            notice.recipients,
        )
        % {"n": notice.recipients},
    )


@hooks.register(DEMO_CONTENT_HOOK, order=30)
def events_demo(demo):
    from .demo import load_events_demo

    load_events_demo(demo)


@hooks.register(HOME_SECTIONS_HOOK, order=30)
def events_home_section(request, page):
    index = EventIndexPage.objects.live().public().filter(locale=page.locale).first()
    if index is None:
        return None
    # Notices not translated yet are shown in Chinese, marked as such (core.untranslated).
    events = list(
        in_language(EventNoticePage.objects.live().public(), page.locale_id)
        .filter(end__gte=timezone.now())
        .order_by("start")[:3]
    )
    if not events:
        return None
    return HomeSection(
        template_name="events/home_section.html",
        title=_("近期活动"),
        context={"index": index, "events": events},
    )


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """The calendar's filters and views, the sign-up form's ?register=1 and check-in's ?done=1."""
    from .models import EVENT_TYPES

    return {
        "type": cache_params.choices(*dict(EVENT_TYPES)),
        "point": cache_params.number(maximum=10**9),
        "month": cache_params.month,
        "view": cache_params.choices("calendar", "list"),
        "page": cache_params.number(maximum=10_000),
        "register": cache_params.choices("1"),
        # The self check-in page after checking in (events/checkin.py; never cached itself).
        "done": cache_params.choices("1"),
    }


hooks.register(POINT_ACTIVITIES_HOOK, point_activities.activities)
