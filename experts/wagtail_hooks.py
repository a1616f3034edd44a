"""What the experts plugin registers with Wagtail and core: its admin screens and menu, its
permissions, the collection source its personal links stand for, and its demo content."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from core.plugins import (
    COLLECTION_SOURCE_HOOK,
    DEMO_CONTENT_HOOK,
    PERSONAL_DATA_PERMISSIONS_HOOK,
)

from . import access, admin_views
from .models import Expert
from .sources import from_token


@hooks.register("register_admin_urls")
def experts_admin_urls():
    v = admin_views
    return [
        path("experts/", v.expert_index, name="experts_index"),
        path("experts/new/", v.expert_form, name="experts_create"),
        path("experts/<str:pk>/edit/", v.expert_form, name="experts_edit"),
        path("experts/fields/", v.field_index, name="experts_fields"),
        path("experts/fields/new/", v.field_form, name="experts_field_create"),
        path("experts/fields/<str:pk>/edit/", v.field_form, name="experts_field_edit"),
        path("experts/campaigns/", v.campaign_index, name="experts_campaigns"),
        path("experts/campaigns/new/", v.campaign_create, name="experts_campaign_create"),
        path("experts/campaigns/<str:pk>/", v.campaign_detail, name="experts_campaign"),
        path("experts/campaigns/<str:pk>/remind/", v.remind, name="experts_remind"),
        path("experts/invitations/<str:pk>/resend/", v.resend, name="experts_resend"),
    ]


class _ReadItem(MenuItem):
    def is_shown(self, request):
        return access.can_read(request.user)


class _ManageItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage(request.user)


class _ExpertsMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return access.can_read(request.user)


@hooks.register("register_admin_menu_item")
def experts_menu_item():
    items = [
        _ReadItem(_("专家名单"), reverse("experts_index"), icon_name="group", order=10),
        _ReadItem(
            pgettext_lazy("campaigns", "定向征集"),
            reverse("experts_campaigns"),
            icon_name="mail",
            order=20,
        ),
        _ManageItem(_("专业领域"), reverse("experts_fields"), icon_name="tag", order=30),
    ]
    return _ExpertsMenu(_("专家智库"), Menu(items=items), icon_name="group", order=330)


@hooks.register("register_permissions")
def experts_permissions():
    # So that these rights can be given to a group or a person in the admin.
    return Permission.objects.filter(
        content_type__app_label=Expert._meta.app_label,
        codename__in=["manage_experts", "view_expert_contacts"],
    )


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    # Experts' phones and e-mails in clear: two-step sign-in for whoever may see them.
    return [access.CONTACTS]


hooks.register(COLLECTION_SOURCE_HOOK, from_token)


@hooks.register(DEMO_CONTENT_HOOK, order=115)  # after the drafts and the opinions
def experts_demo(demo):
    from .demo import load_demo

    load_demo(demo)
    demo.show("Expert pool", "/admin/experts/campaigns/", "(专家智库 · 定向征集)")
