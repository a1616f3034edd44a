"""Routing to the committee: the batch export (XLSX + DOCX) and its email."""

import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from docx import Document
from openpyxl import load_workbook

from forms.admin_views import add_to_batch
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
    workbook = load_workbook(default_storage.open(batch.xlsx_file, "rb"), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 3  # campaign of 3 is one row
    by_text = {row[3]: row for row in rows}
    assert by_text["建议删除第一条中的“倡导”二字，改为“应当”。"][7] == 3
    lawyer = by_text["第二条表述不清。"]
    assert lawyer[4] == "律师" and lawyer[6] == "小程序/接口" and lawyer[8] == "审核中"
    assert lawyer[2] == "第二条"
    summary = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert sum(row[2] for row in summary) == 5

    document = Document(default_storage.open(batch.docx_file, "rb"))
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
    assert load_workbook(io.BytesIO(xlsx)).worksheets[0].max_row == 5


def test_export_without_sending_leaves_the_batch_open(batch, client, admin_user):
    client.force_login(admin_user)
    from django.urls import reverse

    client.post(reverse("wagtailsnippets_forms_batch:export", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == Batch.State.DRAFT and batch.xlsx_file and mail.outbox == []
    response = client.get(reverse("wagtailsnippets_forms_batch:download", args=[batch.pk, "xlsx"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
