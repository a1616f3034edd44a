"""The snippet edit views of the opinions area edit only what the workflow allows: an opinion's
category and public flag, a batch's title, recipient and note. Tried as a 意见办理 editor who may
change opinions but not see personal data."""

import pytest
from django.urls import reverse

from core.models import PersonalDataAccess
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel, Opinion, OpinionGroup
from forms.workflow import Status


@pytest.fixture
def opinion(draft, article3):
    return create_opinion(
        draft,
        Submission(text="建议第三条明确处罚标准。", target=article3, name="张三",
                   phone="13812345678", email="zhang@example.com", region="蓬江区"),
        channel=Channel.WEB,
    )  # fmt: skip


def test_opinion_edit_shows_no_contact_and_changes_only_category(client, editor, opinion):
    assert not editor.has_perm("forms.view_personal_data")
    assert editor.has_perm("forms.change_opinion")
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:edit", args=[opinion.pk])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for secret in ("13812345678", "zhang@example.com", "张三", "蓬江区"):
        assert secret not in html
    for field in ("phone", "email", "name", "text", "status", "receipt_code"):
        assert f'name="{field}"' not in html
    assert not PersonalDataAccess.objects.exists()  # nothing shown, nothing to log

    before = Opinion.objects.get(pk=opinion.pk)
    response = client.post(
        url,
        {
            "category": "expert",
            "publish_consent": before.publish_consent,
            "text": "被篡改的意见",
            "status": Status.ADOPTED,
            "receipt_code": "HACKED01",
            "phone": "13900000000",
            "name": "李四",
            "email": "evil@example.com",
            "reply": "已采纳",
        },
    )
    assert response.status_code == 302
    after = Opinion.objects.get(pk=opinion.pk)
    assert after.category == "expert"  # the one thing an editor may correct
    for field in ("text", "status", "receipt_code", "phone", "name", "email", "reply", "page_id"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.history.count() == before.history.count()


def test_batch_edit_keeps_its_bookkeeping(client, editor):
    batch = Batch.objects.create(title="第一批", created_by=None)
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_batch:edit", args=[batch.pk])
    html = client.get(url).content.decode()
    for field in ("state", "sent_at", "created_by", "created_at"):
        assert f'name="{field}"' not in html
    client.post(
        url,
        {
            "title": "第一批（改）",
            "recipient": "",
            "note": "",
            "state": Batch.State.SENT,
            "sent_at": "2020-01-01 00:00",
            "created_at": "2020-01-01 00:00",
        },
    )
    batch.refresh_from_db()
    assert batch.title == "第一批（改）"
    assert batch.state == Batch.State.DRAFT and batch.sent_at is None
    assert batch.created_at.year != 2020


def test_a_batch_added_in_the_admin_records_its_author(client, editor):
    client.force_login(editor)
    client.post(reverse("wagtailsnippets_forms_batch:add"), {"title": "新批次", "note": ""})
    assert Batch.objects.get(title="新批次").created_by == editor


def test_groups_are_listed_but_never_edited_by_hand(client, editor, opinion):
    group = OpinionGroup.objects.create(page_id=opinion.page_id, representative=opinion, size=2)
    client.force_login(editor)
    assert client.get(reverse("wagtailsnippets_forms_opiniongroup:list")).status_code == 200
    edit = client.get(reverse("wagtailsnippets_forms_opiniongroup:edit", args=[group.pk]))
    assert edit.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    client.post(reverse("wagtailsnippets_forms_opiniongroup:edit", args=[group.pk]), {"size": "99"})
    group.refresh_from_db()
    assert group.size == 2
