"""草案编辑 edit regulations in force and evaluations too: admin access and page rights on the
现行法规 indexes that exist (see regulations/roles.py)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "草案编辑"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def regulation_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    RegulationIndexPage = apps.get_model("regulations", "RegulationIndexPage")
    for label in ("wagtailadmin", "wagtailcore"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    )
    for index in RegulationIndexPage.objects.all():
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtailcore", "0098_apitoken"),
        # After Wagtail gives every existing group its choose rights, so the group made here
        # does not depend on which ran first (as questionnaires 0007).
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(regulation_editors, migrations.RunPython.noop)]
