"""The fields of expertise the office starts with (it adds, renames and switches off its own), and
the office's right to keep the pool and run 定向征集. 法工委联络员 is the office's liaison role,
made by whichever plugin migrates first (get_or_create). It does not receive
``view_expert_contacts``: contacts in clear need two-step sign-in, and are given to people."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "法工委联络员"
GRANTED = ["manage_experts"]
FIELDS = ["民商法", "行政法", "刑事法", "环境资源", "城乡建设", "社会治理", "经济财税", "教育文化", "卫生健康", "劳动和社会保障"]  # fmt: skip


def forwards(apps, schema_editor):
    ExpertiseField = apps.get_model("experts", "ExpertiseField")
    for order, name in enumerate(FIELDS):
        ExpertiseField.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in ("wagtailadmin", "experts"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="experts", codename__in=GRANTED),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="experts", codename__in=GRANTED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_pool"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        # After Wagtail gives every existing group its choose rights (see consultations 0002).
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
