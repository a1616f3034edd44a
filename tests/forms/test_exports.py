"""Routing to the committee: the batch export (XLSX + DOCX) and its email. The files hold
receipt codes and unpublished opinions: private storage, unguessable names, the export right."""

import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from forms.admin_views import add_to_batch
from forms.exports import export_storage
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel
from forms.tasks import export_batch
from forms.workflow import Status, transition


@pytest.fixture
def batch(draft, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    targets = draft.get_comment_targets()
    campaign = "建议删除第一条中的“倡导”二字，改为“应当”。"
    opinions = [
        create_opinion(draft, Submission(text=campaign, target=targets[0]), channel=Channel.WEB)
        for _ in range(3)
    ]
    opinions.append(
        create_opinion(
            draft,
            Submission(text="第二条表述不清。", target=targets[1], category="lawyer"),
            channel=Channel.API,
        )
    )
    opinions.append(create_opinion(draft, Submission(text="整体很好。"), channel=Channel.WEB))
    transition(opinions[3], Status.REVIEWING)
    batch = Batch.objects.create(
        title="第一批报送", recipient="fgw@example.gov.cn, clerk@example.gov.cn"
    )
    add_to_batch([opinions[0], opinions[3], opinions[4]], batch)
    return batch


def test_xlsx_and_docx_are_complete_and_emailed(batch):
    assert batch.opinions.count() == 5  # the group came along with its first member
    export_batch.enqueue(batch.pk, True)
    batch.refresh_from_db()
    assert batch.state == Batch.State.SENT and batch.sent_at
    workbook = load_workbook(export_storage().open(batch.xlsx_file, "rb"), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 3  # campaign of 3 is one row
    by_text = {row[3]: row for row in rows}
    assert by_text["建议删除第一条中的“倡导”二字，改为“应当”。"][11] == 3
    lawyer = by_text["第二条表述不清。"]
    assert lawyer[8] == "律师" and lawyer[10] == "小程序/接口" and lawyer[5] == "审核中"
    assert lawyer[1] == "第二条"
    summary = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert sum(row[2] for row in summary) == 5

    document = Document(export_storage().open(batch.docx_file, "rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "共收到意见建议 5 条" in text
    assert "【3 人提出相同或相近意见】建议删除第一条" in text
    assert "第二条表述不清。" in text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fgw@example.gov.cn", "clerk@example.gov.cn"]
    names = [name for name, _content, _mime in message.attachments]
    assert any(n.endswith(".xlsx") for n in names) and any(n.endswith(".docx") for n in names)
    xlsx = next(content for name, content, _ in message.attachments if name.endswith(".xlsx"))
    assert load_workbook(io.BytesIO(xlsx)).worksheets[0].max_row == 7  # 4 heading rows


def test_export_without_sending_leaves_the_batch_open(batch, client, admin_user):
    client.force_login(admin_user)
    from django.urls import reverse

    client.post(reverse("wagtailsnippets_forms_batch:export", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == Batch.State.DRAFT and batch.xlsx_file and mail.outbox == []
    response = client.get(reverse("wagtailsnippets_forms_batch:download", args=[batch.pk, "xlsx"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def _files_under(root) -> set[Path]:
    return {path for path in Path(root).rglob("*") if path.is_file()}


def _clerk(name, codenames):
    """A non-superuser admin user in a group of their own."""
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-abc")
    group = Group.objects.create(name=f"组-{name}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_batch", *codenames])
    )
    user.groups.add(group)
    return user


def test_exports_never_land_under_media_root(batch, settings):
    before = _files_under(settings.MEDIA_ROOT)
    private_before = _files_under(settings.PRIVATE_MEDIA_ROOT)
    export_batch.enqueue(batch.pk, True)
    export_batch.enqueue(batch.pk, False)  # again: the superseded files are removed
    batch.refresh_from_db()
    assert _files_under(settings.MEDIA_ROOT) == before
    written = _files_under(settings.PRIVATE_MEDIA_ROOT) - private_before
    assert {path.suffix for path in written} == {".xlsx", ".docx"} and len(written) == 2
    assert not default_storage.exists(batch.xlsx_file)
    assert export_storage().exists(batch.xlsx_file) and export_storage().exists(batch.docx_file)


def test_export_names_are_not_guessable(batch):
    names = set()
    for _ in range(2):  # two exports in the same second
        export_batch.enqueue(batch.pk, False)
        batch.refresh_from_db()
        names |= {batch.xlsx_file, batch.docx_file}
        for name in (batch.xlsx_file, batch.docx_file):
            # 24 random bytes (192 bits) in URL-safe base64; no date, time or counter
            assert re.fullmatch(
                rf"opinions/exports/batch-{batch.pk}-[\w-]{{32}}\.(xlsx|docx)", name
            )
    assert len(names) == 4


def _denied(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_download_needs_the_export_right(batch, client):
    export_batch.enqueue(batch.pk, False)
    url = reverse("wagtailsnippets_forms_batch:download", args=[batch.pk, "xlsx"])
    client.force_login(_clerk("handler", ["view_opinion", "change_opinion", "change_batch"]))
    response = client.get(url)
    assert _denied(response)
    assert not hasattr(response, "streaming_content")

    client.force_login(_clerk("exporter", ["view_opinion", "export_opinions"]))
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_old_private_files_move_out_of_media_root(batch, client, admin_user):
    """Exports (and attachments uploaded before they had private storage) written by earlier
    releases lay under MEDIA_ROOT: the migration moves them and unlinks exports that have gone."""
    from forms.models import OpinionAttachment

    old_xlsx = default_storage.save(
        f"opinions/exports/batch-{batch.pk}-20250101-120000.xlsx", ContentFile(b"PK old xlsx")
    )
    batch.xlsx_file = old_xlsx
    batch.docx_file = f"opinions/exports/batch-{batch.pk}-20250101-120000.docx"  # gone
    batch.save()
    photo = default_storage.save("opinions/attachments/2025/01/0123abcd.jpg", ContentFile(b"jpg"))
    attachment = OpinionAttachment.objects.create(
        opinion=batch.opinions.first(),
        file=photo,
        original_name="photo.jpg",
        content_type="image/jpeg",
        size=3,
    )
    migration = importlib.import_module(
        "forms.migrations.0005_move_private_files_out_of_media_root"
    )
    migration.move_private_files(apps, None)

    batch.refresh_from_db()
    assert not default_storage.exists(old_xlsx)
    assert batch.xlsx_file != old_xlsx and export_storage().exists(batch.xlsx_file)
    assert batch.docx_file == ""  # not linked any more
    attachment.refresh_from_db()
    assert not default_storage.exists(photo)
    assert attachment.file.read() == b"jpg"  # now from the private storage
    client.force_login(admin_user)
    response = client.get(reverse("wagtailsnippets_forms_batch:download", args=[batch.pk, "xlsx"]))
    assert b"".join(response.streaming_content) == b"PK old xlsx"
    response = client.get(reverse("wagtailsnippets_forms_batch:download", args=[batch.pk, "docx"]))
    assert response.status_code == 404
