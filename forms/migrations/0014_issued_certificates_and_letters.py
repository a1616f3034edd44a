"""采纳证书 and 感谢信 issued for adopted opinions. The office's roles that handle opinions or send
them to the committee may list and print them; point staff get the same right through the plugin's
point-staff declaration (forms/apps.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

GROUPS = ["意见办理员", "法工委联络员"]
CODENAME = "view_issueddocument"


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    create_permissions(global_apps.get_app_config("forms"), apps=apps, verbosity=0)
    permission = Permission.objects.filter(
        content_type__app_label="forms", codename=CODENAME
    ).first()
    if permission is None:
        return
    permission.name = "可查看和打印采纳证书"
    permission.save(update_fields=["name"])
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0013_decision_files"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("certificate", "采纳证书"), ("letter", "感谢信")],
                        max_length=12,
                        verbose_name="类型",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        editable=False, max_length=12, unique=True, verbose_name="验证码"
                    ),
                ),
                (
                    "issued_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="发放时间"
                    ),
                ),
                (
                    "revoked",
                    models.BooleanField(
                        default=False,
                        help_text="作废后，验证页面显示该证书无效，也不能再下载。",
                        verbose_name="已作废",
                    ),
                ),
                (
                    "opinion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="issued_documents",
                        to="forms.opinion",
                        verbose_name="意见建议",
                    ),
                ),
                (
                    "point",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="联系点",
                    ),
                ),
            ],
            options={
                "verbose_name": "采纳证书",
                "verbose_name_plural": "采纳证书",
                "ordering": ["-issued_at", "-id"],
                "default_permissions": ("view",),
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "opinion"), name="forms_issued_once")
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
