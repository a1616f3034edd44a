"""Wagtail's first migrations create two groups and a workflow with English names ("Moderators",
"Editors", "Moderators approval") that the admin shows to the office as they are: on the user
form, and on a draft's footer button ("提交给Moderators approval"). They are data, not strings a
catalogue can translate, so they are renamed here. Only the exact English names are touched: an
office that renamed them already keeps its own.

Several Wagtail migrations grant these groups their rights by the English names (the admin, the
images, the documents, translation). The rename comes after every one of them: otherwise a site
whose migrations run in another order (one built without the optional plugins, say) gets the two
groups with no rights at all."""

from django.db import migrations

GROUPS = {"Moderators": "网站审核员", "Editors": "网站编辑"}
TASKS = {"Moderators approval": "网站审核员审批"}


def rename(apps, schema_editor, groups=GROUPS, tasks=TASKS):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    for old, new in groups.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    for old, new in tasks.items():
        Task.objects.filter(name=old).update(name=new)
        Workflow.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(
        apps,
        schema_editor,
        groups={new: old for old, new in GROUPS.items()},
        tasks={new: old for old, new in TASKS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_log_view_only"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # The migrations that grant rights to "Editors" and "Moderators" by name.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
