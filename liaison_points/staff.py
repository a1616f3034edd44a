"""Point staff: one group per liaison point that may add, edit and publish pages under that point
(its events and news), upload images and documents into the point's own collection, and enter
whatever other installed plugins declare their point staff need (entering offline opinions,
calling back the people who signed up for an event).
Nothing else: the legislative-affairs office keeps the whole site through its own groups.

Everything here is idempotent; it runs whenever a point page is created or published."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from core.plugins import point_staff_permissions

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
GROUP_PREFIX = "联系点工作人员："
COLLECTION_PREFIX = "联系点："


def group_name(point) -> str:
    return f"{GROUP_PREFIX}{point.title}"[:150]


def _plugin_permissions() -> list[Permission]:
    # Other plugins declare what their point staff need (``PluginConfig.point_staff_permissions``):
    # this app never names another's permissions.
    wanted = Q(pk__in=[])
    for app_label, codename in point_staff_permissions():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted))


@transaction.atomic
def ensure_point_staff(point) -> Group:
    """The staff group of ``point`` (shared by all its translations), with its permissions."""
    from .models import PointStaff

    link = (
        PointStaff.objects.filter(translation_key=point.translation_key)
        .select_related("group", "collection")
        .first()
    )
    if link is None:
        name = group_name(point)
        group = Group.objects.filter(name=name).first() or Group.objects.create(name=name)
        # The root collection comes with Wagtail's migrations; a flushed database lacks it.
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection_name = f"{COLLECTION_PREFIX}{point.title}"[:255]
        collection = root.get_children().filter(name=collection_name).first()
        if collection is None:
            collection = root.add_child(instance=Collection(name=collection_name))
        link = PointStaff.objects.create(
            translation_key=point.translation_key, group=group, collection=collection
        )
    group = link.group
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(admin_access)
    group.permissions.add(*_plugin_permissions())
    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for permission in page_perms:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=point.pk, permission=permission
        )
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=link.collection, permission=permission
            )
    return group


RETIRED_SUFFIX = "（已撤销）"


@transaction.atomic
def retire_point_staff(translation_key) -> None:
    """The point is gone in every language: its staff group goes (its members lose the access it
    gave, nothing else), and its media collection stays — images and documents may be used on
    other pages and are the office's records — renamed so editors can tell."""
    from .models import LiaisonPointPage, PointStaff

    if LiaisonPointPage.objects.filter(translation_key=translation_key).exists():
        return  # another language of the point is still there
    link = PointStaff.objects.filter(translation_key=translation_key).first()
    if link is None:
        return
    collection = link.collection
    if not collection.name.endswith(RETIRED_SUFFIX):
        collection.name = f"{collection.name[: 255 - len(RETIRED_SUFFIX)]}{RETIRED_SUFFIX}"
        collection.save(update_fields=["name"])
    link.group.delete()  # cascades to the link and the group's permissions


def grant_plugin_permissions(**kwargs) -> None:
    """post_migrate: when a plugin arrives later, give every point group its staff permissions."""
    from .models import PointStaff

    try:
        permissions = _plugin_permissions()
        if not permissions:
            return
        for link in PointStaff.objects.select_related("group"):
            link.group.permissions.add(*permissions)
    except Exception:  # noqa: BLE001 - tables may not exist yet during the first migrate
        return


def points_for_user(user) -> models.QuerySet:
    """Liaison point pages ``user`` may act for: where they can edit pages (own group page
    permissions on the point or an ancestor). Superusers act for every point."""
    from .models import LiaisonPointPage

    if user is None or not user.is_active or not user.is_authenticated:
        return LiaisonPointPage.objects.none()
    points = LiaisonPointPage.objects.all()
    if user.is_superuser:
        return points.order_by("path")
    paths = list(
        GroupPagePermission.objects.filter(
            group__user=user, permission__codename="change_page"
        ).values_list("page__path", flat=True)
    )
    if not paths:
        return LiaisonPointPage.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return points.filter(condition).order_by("path")


def point_staff_emails(point) -> list[str]:
    """E-mail addresses of the point's staff (its group's active members), for reminders."""
    from .models import PointStaff

    link = PointStaff.objects.filter(translation_key=point.translation_key).first()
    if link is None:
        return []
    return sorted(
        set(
            link.group.user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def can_act_for(user, page: Page) -> bool:
    return page.permissions_for_user(user).can_edit()
