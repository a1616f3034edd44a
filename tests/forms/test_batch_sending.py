"""报送批次 as 法工委联络员 (no superuser): sending moves the batch's opinions to 已转交法工委 through
the workflow (recorded per opinion, only where legal, the rest reported); bookkeeping fields are
never typed; the chooser offers only the same draft's batches and refuses mixing drafts."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from forms.admin_views import add_to_batch
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel, Opinion, StatusChange
from forms.workflow import Status, transition


def member_of(role, username):
    user = get_user_model().objects.create_user(username, password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def liaison(demo_site):
    return member_of("法工委联络员", "lianluo")


def opinion(page, text):
    return create_opinion(page, Submission(text=text), channel=Channel.WEB, check_window=False)


def test_sending_forwards_what_may_be_forwarded_and_reports_the_rest(client, liaison, draft):
    reviewed = [opinion(draft, f"建议修改第{n}条的表述，使之更加明确。") for n in "一二三"]
    for o in reviewed:
        transition(o, Status.REVIEWING)
    fresh = opinion(draft, "建议增加一条关于志愿服务激励的规定。")  # 已接收: not reviewed yet
    batch = Batch.objects.create(title="第一批", recipient="fgw@example.com")
    add_to_batch([*reviewed, fresh], batch)
    client.force_login(liaison)
    response = client.post(
        reverse("wagtailsnippets_forms_batch:export", args=[batch.pk]), {"send": "1"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == Batch.State.SENT and len(mail.outbox) == 1
    for o in reviewed:
        o.refresh_from_db()
        assert o.status == Status.FORWARDED
        change = StatusChange.objects.get(opinion=o, to_status=Status.FORWARDED)
        assert change.user == liaison and "第一批" in change.note
    fresh.refresh_from_db()
    assert fresh.status == Status.RECEIVED
    assert not StatusChange.objects.filter(opinion=fresh, to_status=Status.FORWARDED).exists()
    page = client.get(reverse("wagtailsnippets_forms_batch:inspect", args=[batch.pk]))
    html = page.content.decode()
    assert "data-not-forwarded" in html and "已接收：1" in html
    # Sending again records nothing twice.
    client.post(reverse("wagtailsnippets_forms_batch:export", args=[batch.pk]), {"send": "1"})
    assert (
        StatusChange.objects.filter(opinion__in=reviewed, to_status=Status.FORWARDED).count() == 3
    )


def test_generating_files_without_sending_moves_nothing(client, liaison, draft):
    o = opinion(draft, "建议明确第五条中的执法主体。")
    transition(o, Status.REVIEWING)
    batch = Batch.objects.create(title="只生成文件", recipient="fgw@example.com")
    add_to_batch([o], batch)
    client.force_login(liaison)
    client.post(reverse("wagtailsnippets_forms_batch:export", args=[batch.pk]))
    o.refresh_from_db()
    assert o.status == Status.REVIEWING


def test_bookkeeping_fields_of_a_batch_cannot_be_typed(client, liaison, admin_user):
    batch = Batch.objects.create(title="第二批", created_by=admin_user)
    client.force_login(liaison)
    form = client.get(reverse("wagtailsnippets_forms_batch:edit", args=[batch.pk]))
    fields = set(form.context["form"].fields)
    assert fields == {"title", "recipient", "note"}
    client.post(
        reverse("wagtailsnippets_forms_batch:edit", args=[batch.pk]),
        {
            "title": "第二批（改）", "recipient": "", "note": "", "state": "sent",
            "sent_at": "2020-01-01 00:00", "created_by": liaison.pk, "xlsx_file": "../x.xlsx",
            "exported_at": "2020-01-01 00:00", "created_at": "2020-01-01 00:00",
        },
    )  # fmt: skip
    batch.refresh_from_db()
    assert batch.title == "第二批（改）"
    assert batch.state == Batch.State.DRAFT and batch.sent_at is None
    assert batch.created_by == admin_user and batch.xlsx_file == "" and batch.exported_at is None
    created = client.post(
        reverse("wagtailsnippets_forms_batch:add"),
        {
            "title": "第三批",
            "recipient": "",
            "note": "",
            "state": "sent",
            "created_by": admin_user.pk,
        },
    )
    assert created.status_code == 302
    new = Batch.objects.get(title="第三批")
    assert new.created_by == liaison and new.state == Batch.State.DRAFT


def bulk_url(ids):
    url = reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_batch"])
    return url + "?" + "&".join(f"id={i}" for i in ids) + "&next=/admin/"


def test_the_batch_chooser_offers_only_the_same_drafts_batches(
    client, liaison, draft, closed_draft
):
    here = opinion(draft, "建议第七条增加对噪声扰民的规定。")
    ours = Batch.objects.create(title="文明行为批次")
    add_to_batch([opinion(draft, "另一条关于文明行为的意见。")], ours)
    theirs = Batch.objects.create(title="停车批次")
    add_to_batch([opinion(closed_draft, "另一条关于停车的意见。")], theirs)
    empty = Batch.objects.create(title="空批次")
    client.force_login(liaison)
    form = client.get(bulk_url([here.pk])).context["form"]
    offered = set(form.fields["batch"].queryset)
    assert ours in offered and empty in offered and theirs not in offered
    # A crafted choice of the other draft's batch is refused with a reason.
    response = client.post(bulk_url([here.pk]), {"batch": theirs.pk})
    assert response.status_code == 200
    assert "只能加入同一草案的待报送批次" in response.content.decode()
    assert not theirs.opinions.filter(pk=here.pk).exists()
    response = client.post(bulk_url([here.pk]), {"batch": ours.pk})
    assert response.status_code == 302 and ours.opinions.filter(pk=here.pk).exists()


def test_mixing_drafts_in_one_batch_is_refused_clearly(client, liaison, draft, closed_draft):
    here = opinion(draft, "建议第七条增加对噪声扰民的规定。")
    there = opinion(closed_draft, "建议停车收费标准公开听证。")
    client.force_login(liaison)
    page = client.get(bulk_url([here.pk, there.pk]))
    assert "所选意见来自不同的草案" in page.content.decode()
    before = Batch.objects.count()
    response = client.post(bulk_url([here.pk, there.pk]), {"new_title": "混合批次"})
    assert response.status_code == 200
    assert "所选意见来自不同的草案" in response.content.decode()
    assert Batch.objects.count() == before
    assert not Opinion.batches.through.objects.filter(opinion__in=[here, there]).exists()
