from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.plugins import DEMO_CONTENT_HOOK, PERSONAL_DATA_PERMISSIONS_HOOK, POINT_INDICATORS_HOOK

from . import access, admin_views
from .indicators import roster_indicators
from .models import RosterMember


@hooks.register("register_admin_urls")
def roster_admin_urls():
    v = admin_views
    return [
        path("roster/", v.index, name="roster_index"),
        path("roster/new/", v.add, name="roster_add"),
        path("roster/export.xlsx", v.export, name="roster_export"),
        path("roster/<int:pk>/", v.edit, name="roster_edit"),
        path("roster/<int:pk>/leave/", v.leave, name="roster_leave"),
    ]


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage(request.user) or access.can_view_all(request.user)


@hooks.register("register_admin_menu_item")
def roster_menu_item():
    return RosterMenuItem(_("人员名册"), reverse("roster_index"), icon_name="group", order=330)


@hooks.register("register_permissions")
def roster_permissions():
    # So that the office can give the rights to a group in the admin's group editor.
    return Permission.objects.filter(
        content_type__app_label=RosterMember._meta.app_label,
        codename__in=["manage_roster", "view_all_rosters", "view_roster_contacts"],
    )


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    # Roster members' phones in clear: two-step sign-in for whoever may see them.
    return [access.CONTACTS]


hooks.register(POINT_INDICATORS_HOOK, roster_indicators)


@hooks.register(DEMO_CONTENT_HOOK, order=115)  # after the points
def roster_demo(demo):
    from .demo import load_roster_demo

    load_roster_demo(demo)
    demo.show(
        "Roster", "/admin/roster/", "(人员名册: a point's staff keep it, the office reads all)"
    )
