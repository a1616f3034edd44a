"""Reminders sent once (``forms.reminders``), offline opinions flagged when collected after the
window closed, and 公开审核 records that nobody adds, edits or deletes by hand (their stale
permissions go, as in 0007)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


STALE = ["add_publicationdecision", "change_publicationdecision", "delete_publicationdecision"]


def drop_stale_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="forms", codename__in=STALE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0008_opinion_article_version"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="publicationdecision",
            options={
                "default_permissions": ("view",),
                "ordering": ["created_at", "id"],
                "verbose_name": "公开审核记录",
                "verbose_name_plural": "公开审核记录",
            },
        ),
        migrations.AddField(
            model_name="opinion",
            name="collected_late",
            field=models.BooleanField(default=False, editable=False, verbose_name="截止后收集"),
        ),
        migrations.CreateModel(
            name="Reminder",
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
                        choices=[
                            ("overdue", "答复已超期"),
                            ("closing", "即将截止"),
                            ("opened", "草案开始征求意见"),
                        ],
                        max_length=10,
                        verbose_name="类型",
                    ),
                ),
                ("point_id", models.PositiveIntegerField(default=0)),
                ("recipients", models.PositiveIntegerField(default=0, verbose_name="收件人数")),
                (
                    "sent_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="发送时间"
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "提醒记录",
                "verbose_name_plural": "提醒记录",
                "default_permissions": ("view",),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "page", "point_id"), name="forms_reminder_once"
                    )
                ],
            },
        ),
        migrations.RunPython(drop_stale_permissions, migrations.RunPython.noop),
    ]
