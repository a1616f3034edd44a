"""法工委联络员 read every point's roster (``view_all_rosters``), with phones masked: the office
counts and follows the points' people; a clear phone needs ``view_roster_contacts``, which only
point staff receive (``PluginConfig.point_staff_permissions``). The group is made by whichever
plugin migrates first (get_or_create, so the order does not matter)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "法工委联络员"
GRANTED = ["view_all_rosters"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in ("wagtailadmin", "roster"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="roster", codename__in=GRANTED),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="roster", codename__in=GRANTED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0001_roster"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        # After Wagtail gives every existing group its choose rights: a group this migration
        # creates is then the same as one the opinions plugin's roles create.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
