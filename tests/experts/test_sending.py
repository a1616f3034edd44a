"""Invitations go out by SMS and e-mail after the request; a gateway that is down leaves them
saved and marked 未发送 with 重发, never a 500; reminders go only to those who have not answered."""

import datetime as dt
from types import SimpleNamespace

from django.core import mail
from django.utils import timezone

from core.notify import ConsoleSMSChannel
from experts.models import Campaign, Invitation
from tests.experts.conftest import make_expert

BROKEN = ["tests.experts.test_sending.BrokenGateway"]


class BrokenGateway:
    def send(self, message):
        raise ConnectionError("gateway down")


def test_each_invitee_gets_a_personal_link_by_sms_and_email(campaign):
    invitations = list(campaign.invitations.select_related("expert"))
    assert len(invitations) == 2
    assert all(i.sent and i.sent_at for i in invitations)
    for invitation in invitations:
        assert any(
            phone == invitation.expert.phone and f"/i/{invitation.code}" in text
            for phone, text in ConsoleSMSChannel.sent
        )
    assert any(f"/i/{invitations[0].code}" in m.body for m in mail.outbox)


def _create(client, draft, experts, **overrides):
    data = {
        "title": "环境资源专家论证",
        "page_id": str(draft.pk),
        "message": "请就草案第十二条提出意见。",
        "reply_by": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "experts": [str(e.pk) for e in experts],
    }
    data.update(overrides)
    return client.post("/admin/experts/campaigns/new/", data)


def test_gateway_down_saves_the_invitation_as_unsent_and_resend_works(
    office_client, draft, settings, django_capture_on_commit_callbacks
):
    expert = make_expert("孙研究员", fields=["环境资源"])
    settings.LAWBRIDGE_NOTIFY_CHANNELS = BROKEN
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(office_client, draft, [expert])
    assert response.status_code == 302
    invitation = Invitation.objects.get(expert=expert)
    assert invitation.sent is False
    page = office_client.get(response["Location"])
    assert "未发送" in page.content.decode() and "data-resend" in page.content.decode()

    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["core.notify.ConsoleSMSChannel"]
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(f"/admin/experts/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.sent is True and invitation.sent_at is not None


def test_a_queue_that_cannot_take_the_job_loses_nothing(
    office_client, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from experts import sending

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(sending, "send_invitations", SimpleNamespace(enqueue=refuse))
    expert = make_expert("郑处长")
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(office_client, draft, [expert])
    assert response.status_code == 302
    assert Invitation.objects.get(expert=expert).sent is None  # shown 发送中, with 重发


def test_posting_twice_does_not_invite_anyone_twice(office_client, draft):
    expert = make_expert("冯主任")
    _create(office_client, draft, [expert, expert])
    assert Invitation.objects.filter(expert=expert).count() == 1


def test_reminders_go_only_to_those_who_have_not_answered(
    client, office, campaign, django_capture_on_commit_callbacks
):
    from tests.experts.test_links_and_credit import _open_and_comment

    answered, waiting = campaign.invitations.order_by("pk")
    _open_and_comment(client, answered, "建议第十五条增加不文明行为的劝阻程序。")
    ConsoleSMSChannel.sent = []
    office_client = client
    office_client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(f"/admin/experts/campaigns/{campaign.pk}/remind/")
    assert response.status_code == 302
    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert answered.reminded_at is None and waiting.reminded_at is not None
    assert [phone for phone, _text in ConsoleSMSChannel.sent] == [waiting.expert.phone]


def test_campaign_is_listed_with_its_counts(office_client, campaign):
    response = office_client.get("/admin/experts/campaigns/")
    assert response.status_code == 200
    listed = {c.pk: c for c in response.context["campaigns"]}
    assert listed[campaign.pk].invited == 2
    assert Campaign.objects.count() >= 1
