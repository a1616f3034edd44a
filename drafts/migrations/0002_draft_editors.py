"""草案编辑: admin access and page rights on the draft indexes that exist (see drafts/roles.py)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "草案编辑"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def draft_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    DraftIndexPage = apps.get_model("drafts", "DraftIndexPage")
    for label in ("wagtailadmin", "wagtailcore"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for index in DraftIndexPage.objects.all():
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0001_initial"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(draft_editors, migrations.RunPython.noop)]
