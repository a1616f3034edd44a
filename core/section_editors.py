"""Editors of one section of the site (草案编辑 on the draft indexes, 问卷编辑 on the questionnaire
indexes): admin access plus add, change and publish on each index page of their section, which
its pages inherit (Wagtail's page permissions per subtree). Never delete: what residents answered
lives under those pages.

Each plugin names its own group and calls ``grant_section_editors`` for every index of its
section — from its migration for the indexes that exist then, and when a new index is created."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_section_editors(group_name: str, index_page) -> Group:
    group, _created = Group.objects.get_or_create(name=group_name)
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
