"""草案编辑 edit plans: admin access and page rights on the 立法计划 indexes that exist (see
plans/roles.py). The group is the office's draft editors; made here when no other migration has."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "草案编辑"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def plan_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    PlanIndexPage = apps.get_model("plans", "PlanIndexPage")
    for label in ("wagtailadmin", "wagtailcore"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for index in PlanIndexPage.objects.all():
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_plans"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtailcore", "0098_apitoken"),
        # After Wagtail gives every existing group its choose rights, so the group made here
        # does not depend on which ran first (as questionnaires 0007).
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(plan_editors, migrations.RunPython.noop)]
