"""Batch exports written before they moved to private storage lay under MEDIA_ROOT with a
guessable name (``opinions/exports/batch-<pk>-<date>.xlsx``): move each one into the ``private``
storage under an unguessable name and delete the public copy. A file that has gone is unlinked
(the editor exports the batch again)."""

import secrets

from django.db import migrations


def move_exports(apps, schema_editor):
    from django.core.files.storage import default_storage, storages

    private = storages["private"]
    Batch = apps.get_model("forms", "Batch")
    for batch in Batch.objects.exclude(xlsx_file="", docx_file="").iterator():
        token = secrets.token_urlsafe(24)
        changed = []
        for field in ("xlsx_file", "docx_file"):
            name = getattr(batch, field)
            if not name or private.exists(name):
                continue
            new_name = ""
            if default_storage.exists(name):
                extension = name.rsplit(".", 1)[-1]
                with default_storage.open(name, "rb") as handle:
                    new_name = private.save(
                        f"opinions/exports/batch-{batch.pk}-{token}.{extension}", handle
                    )
                default_storage.delete(name)
            setattr(batch, field, new_name)
            changed.append(field)
        if changed:
            batch.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("forms", "0003_fewer_opinion_indexes")]

    operations = [migrations.RunPython(move_exports, migrations.RunPython.noop)]
