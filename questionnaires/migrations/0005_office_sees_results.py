"""法工委联络员 see questionnaire results (counts, cross tables, written answers, exports): they carry
the findings to the committee. The group is the office's liaison role, made by whichever plugin
migrates first (get_or_create, so the order does not matter)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "法工委联络员"
GRANTED = ["view_questionnaire_results"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in ("wagtailadmin", "questionnaires"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="questionnaires", codename__in=GRANTED),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="questionnaires", codename__in=GRANTED
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0004_reply_collection_source"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        # After Wagtail gives every existing group its choose rights (as consultations 0002).
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
