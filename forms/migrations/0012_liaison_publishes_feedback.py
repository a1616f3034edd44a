"""法工委联络员 publish what became of the opinions (公开与反馈): until now only superusers could,
because no group held the settings' permissions. Settings are never deleted (unpublishing is a
switch), so that permission goes. Permission names follow the model's new name."""

from django.db import migrations

GROUP = "法工委联络员"
GRANTED = ["add_pageopinionsettings", "change_pageopinionsettings", "view_pageopinionsettings"]
ACTIONS = {"add": "新增", "change": "修改", "view": "查看"}


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    create_permissions(global_apps.get_app_config("forms"), apps=apps, verbosity=0)
    Permission.objects.filter(
        content_type__app_label="forms", codename="delete_pageopinionsettings"
    ).delete()
    permissions = Permission.objects.filter(content_type__app_label="forms", codename__in=GRANTED)
    for permission in permissions:
        permission.name = f"可{ACTIONS[permission.codename.split('_')[0]]}公开与反馈"
        permission.save(update_fields=["name"])
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="forms", codename__in=GRANTED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0011_grouping_runs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="pageopinionsettings",
            options={
                "default_permissions": ("add", "change", "view"),
                "verbose_name": "公开与反馈",
                "verbose_name_plural": "公开与反馈",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
