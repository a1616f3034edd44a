"""草案编辑 (draft editors): import and edit drafts and open them for comment — page permissions
(add, change, publish) on every 草案征求意见 index, inherited by its drafts, plus admin access.
The import screen asks the same page permissions (admin_views).

The group is made by migration 0002 (with rights on the indexes that exist then); a new index —
made by an editor or by the demo loader — gets the rights through ``grant_draft_editors``."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

EDITORS = "草案编辑"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def grant_draft_editors(index_page) -> Group:
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group
