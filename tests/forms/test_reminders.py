"""Reminders to the office (replies overdue, a window about to close) and to each
point (a draft it is linked to opens), each sent once, a mail server down logged and retried;
dashboard counts that are current. Also: the overdue filter chip reads in Chinese,
公开审核 records have no add/change/delete right."""

import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forms.intake import Submission, create_opinion
from forms.models import Channel, Opinion, PublicationDecision
from forms.workflow import FINAL_STATUSES
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("demo_site")


@pytest.fixture
def office(db):
    """A member of 意见办理员 (from the migration), with an e-mail address."""
    return UserFactory(username="office-r", email="office-r@example.com", groups=["意见办理员"])


@pytest.fixture
def point_staff(db):
    return UserFactory(
        username="point-r",
        email="point-r@example.com",
        groups=["联系点工作人员：市中街道基层立法联系点"],
    )


def _draft(slug):
    from drafts.models import RegulationDraftPage

    return RegulationDraftPage.objects.get(slug=slug, locale__language_code="zh-hans")


def _point(slug="shizhong-jiedao"):
    from liaison_points.models import LiaisonPointPage

    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


def _set(page, **fields):
    type(page).objects.filter(pk=page.pk).update(**fields)


def _mails(to, word):
    return [m for m in mail.outbox if to in m.to and word in m.subject]


def _make_overdue():
    tingche = _draft("tingche")
    create_opinion(
        tingche, Submission(text="停车位太少。"), channel=Channel.WEB, check_window=False
    )
    _set(tingche, reply_deadline=timezone.localdate() - timedelta(days=1))
    return tingche


def test_overdue_replies_are_reported_to_the_office_once(office):
    from forms import reminders
    from forms.models import Reminder

    tingche = _make_overdue()
    reminders.run()
    sent = _mails("office-r@example.com", "超期")
    assert len(sent) == 1 and tingche.title in sent[0].subject
    assert reverse("wagtailsnippets_forms_opinion:list") in sent[0].body
    reminders.run()
    call_command("send_opinion_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(_mails("office-r@example.com", "超期")) == 1
    assert Reminder.objects.filter(kind="overdue", page=tingche).count() == 1


def test_a_window_closing_soon_is_reported_once(office):
    from forms import reminders

    wenming = _draft("wenming")
    reminders.run()
    assert not _mails("office-r@example.com", "即将截止")  # closes in 20 days
    _set(wenming, closes_at=timezone.now() + timedelta(days=2))
    reminders.run()
    reminders.run()
    sent = _mails("office-r@example.com", "即将截止")
    assert len(sent) == 1 and wenming.title in sent[0].subject


def test_points_hear_when_a_linked_draft_opens_once_per_point(point_staff, office):
    from drafts.models import DraftRelatedPoint
    from forms import reminders

    wenming = _draft("wenming")
    DraftRelatedPoint.objects.create(page=wenming, point=_point())
    reminders.run()
    reminders.run()
    sent = _mails("point-r@example.com", "开始征求意见")
    assert len(sent) == 1 and wenming.title in sent[0].subject
    assert "录入线下意见" in sent[0].body
    assert not _mails("office-r@example.com", "开始征求意见")  # office hears of its own work


def test_a_mail_server_down_is_logged_and_retried(office, monkeypatch, caplog):
    from forms import reminders
    from forms.models import Reminder

    tingche = _make_overdue()

    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(reminders, "send_mail", down)
    assert reminders.run()["overdue"] == 0  # no exception
    assert "not sent" in caplog.text
    assert not Reminder.objects.filter(kind="overdue", page=tingche).exists()
    monkeypatch.undo()
    assert reminders.run()["overdue"] == 1
    assert len(_mails("office-r@example.com", "超期")) == 1


def test_the_background_task_sends_them_too(office):
    from forms.tasks import send_reminders

    _make_overdue()
    send_reminders.enqueue()
    assert len(_mails("office-r@example.com", "超期")) == 1


def _dashboard_overdue(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return html


def test_dashboard_counts_are_current(client, office, django_assert_max_num_queries):
    client.force_login(office)
    tingche = _draft("tingche")
    before = _dashboard_overdue(client)
    assert "超过答复期限：0 条" in before
    _make_overdue()  # the deadline moves into the past: the next page load shows it
    waiting = Opinion.objects.filter(page=tingche).exclude(status__in=FINAL_STATUSES).count()
    assert f"超过答复期限：{waiting} 条" in _dashboard_overdue(client)
    from forms.deadlines import office_figures

    with django_assert_max_num_queries(3):  # grouped counts + one query per page model
        figures = office_figures()
    assert figures["overdue"] == waiting


def test_overdue_filter_chip_reads_in_chinese(client, office):
    client.force_login(office)
    url = reverse("wagtailsnippets_forms_opinion:list")
    html = client.get(url, {"channel": "web"}).content.decode()
    assert "False" not in html
    html = client.get(url, {"overdue": "true"}).content.decode()
    assert "True" not in html and "已超答复期限" in html and ">是<" in html.replace(" ", "")


def test_publication_decisions_are_only_viewed():
    assert PublicationDecision._meta.default_permissions == ("view",)
    assert not Permission.objects.filter(
        content_type__app_label="forms",
        codename__in=["add_publicationdecision", "change_publicationdecision",
                      "delete_publicationdecision"],
    ).exists()  # fmt: skip
