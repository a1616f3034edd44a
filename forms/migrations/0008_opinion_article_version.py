"""An opinion keeps the version and text of the article it was commented on, so that after a
later version renumbers the article the office shows its current number with the one it had
("第七条（征求意见稿第八条）") and answers what was actually read.

Opinions stored before: the version in force on the day each was submitted is looked up through
the commentable page (``core.interfaces.Commentable``; the opinions plugin names no other
plugin's tables), where the page can still say. Nothing to do on a fresh database."""

from django.db import migrations, models


def fill_old_opinions(apps, schema_editor):
    Opinion = apps.get_model("forms", "Opinion")
    old = (
        Opinion.objects.exclude(article_key="")
        .exclude(page_id=None)
        .filter(article_version="")
        .only("pk", "page_id", "article_key", "submit_time")
        .order_by("page_id", "pk")
    )
    if not old.exists():
        return
    # The pages as they are now (specific page classes), through the plugins' interface.
    from forms.article_refs import fill_commented_versions

    fill_commented_versions(old.iterator(chunk_size=2000))


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0007_office_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="article_text",
            field=models.TextField(blank=True, editable=False, verbose_name="条文原文"),
        ),
        migrations.AddField(
            model_name="opinion",
            name="article_version",
            field=models.CharField(
                blank=True, editable=False, max_length=50, verbose_name="所据版本"
            ),
        ),
        migrations.AddField(
            model_name="opinion",
            name="article_version_id",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="版本标识"
            ),
        ),
        migrations.RunPython(fill_old_opinions, migrations.RunPython.noop),
    ]
