"""Private files written before they had their own storage lay under MEDIA_ROOT, which the web
server serves: batch exports (receipt codes, unpublished opinions) with a guessable name
(``opinions/exports/batch-<pk>-<date>.xlsx``), and opinion attachments uploaded before
0002 gave them the ``private`` storage. Move each into the ``private`` storage (exports under an
unguessable name) and delete the public copy. An export that has gone is unlinked (the editor
exports the batch again); an attachment that has gone is left as it is."""

import secrets

from django.db import migrations


def _move(name, target_name, private):
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        new_name = private.save(target_name, handle)
    default_storage.delete(name)
    return new_name


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
                new_name = _move(
                    name, f"opinions/exports/batch-{batch.pk}-{token}.{extension}", private
                )
            setattr(batch, field, new_name)
            changed.append(field)
        if changed:
            batch.save(update_fields=changed)


def move_attachments(apps, schema_editor):
    from django.core.files.storage import default_storage, storages

    private = storages["private"]
    Attachment = apps.get_model("forms", "OpinionAttachment")
    for attachment in Attachment.objects.iterator():
        name = attachment.file.name
        if name and not private.exists(name) and default_storage.exists(name):
            Attachment.objects.filter(pk=attachment.pk).update(file=_move(name, name, private))


def move_private_files(apps, schema_editor):
    move_exports(apps, schema_editor)
    move_attachments(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("forms", "0004_api_clients_kept_uploads_idempotency_keys")]

    operations = [migrations.RunPython(move_private_files, migrations.RunPython.noop)]
