"""The opinions office's roles, ready after ``migrate``: 意见办理员 (handles opinions, no personal
data), 个人信息管理员 (personal data in clear; two-step sign-in follows from the permission),
法工委联络员 (batches and exports). Each also reaches the admin. No role may delete an opinion,
its history or a group: those models no longer have a delete permission at all.

Only forms' own permissions are named here; other plugins add their groups in their own
migrations. Permission names become Chinese, as the group editor shows them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_ROLES = {
    "意见办理员": [
        "view_opinion",
        "change_opinion",
        "view_statuschange",
        "view_opiniongroup",
        "change_opiniongroup",
        "view_batch",
    ],
    "个人信息管理员": ["view_opinion", "view_personal_data", "view_statuschange"],
    "法工委联络员": [
        "view_opinion",
        "export_opinions",
        "view_statuschange",
        "view_opiniongroup",
        "view_batch",
        "add_batch",
        "change_batch",
    ],
}

ACTIONS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}
# Dropped with default_permissions: nobody adds opinions by hand or deletes them, their history
# or groups.
REMOVED = ["add_opinion", "delete_opinion", "add_opiniongroup", "delete_opiniongroup",
           "add_statuschange", "change_statuschange", "delete_statuschange"]  # fmt: skip


def office_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # On a fresh database the permissions are only made after every migration: make them now.
    for label in ("forms", "wagtailadmin"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)

    forms_permissions = Permission.objects.filter(content_type__app_label="forms")
    forms_permissions.filter(codename__in=REMOVED).delete()
    for permission in forms_permissions:
        action, _sep, model = permission.codename.partition("_")
        if action in ACTIONS and model == permission.content_type.model:  # Django's defaults
            verbose = apps.get_model("forms", permission.content_type.model)._meta.verbose_name
            permission.name = f"可{ACTIONS[action]}{verbose}"
            permission.save(update_fields=["name"])

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, codenames in OFFICE_ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin, *forms_permissions.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0006_opinion_publication_review"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="opinion",
            options={
                "default_permissions": ("change", "view"),
                "ordering": ["-submit_time", "-id"],
                "permissions": [
                    ("view_personal_data", "可查看提交人个人信息"),
                    ("enter_offline_opinions", "可为任一联系点录入线下意见"),
                    ("export_opinions", "可导出和报送意见"),
                ],
                "verbose_name": "意见建议",
                "verbose_name_plural": "意见建议",
            },
        ),
        migrations.AlterModelOptions(
            name="opiniongroup",
            options={
                "default_permissions": ("change", "view"),
                "ordering": ["-size", "-id"],
                "verbose_name": "相似意见组",
                "verbose_name_plural": "相似意见组",
            },
        ),
        migrations.AlterModelOptions(
            name="statuschange",
            options={
                "default_permissions": ("view",),
                "ordering": ["created_at", "id"],
                "verbose_name": "状态记录",
                "verbose_name_plural": "状态记录",
            },
        ),
        migrations.RunPython(office_roles, migrations.RunPython.noop),
    ]
