"""The office hears of a 申办 and of a report submitted; the point hears of accept, decline and
send-back — through core.notify (a recording channel stands in for the gateways); a channel that
is down is logged and changes nothing the user did."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from consultations.models import StepRecord
from consultations.reports import report_for, send_back, submit
from consultations.sending import apply, decide
from consultations.workflow import AssignmentState as S
from tests.consultations.conftest import assignment_of, make_task, staff_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class RecordingChannel:
    sent: list = []

    def send(self, message):
        if not message.email:
            return False
        RecordingChannel.sent.append(message)
        return True


class DownChannel:
    def send(self, message):
        raise ConnectionRefusedError("smtp down")


@pytest.fixture
def channel(settings):
    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["tests.consultations.test_notices.RecordingChannel"]
    RecordingChannel.sent = []
    return RecordingChannel.sent


@pytest.fixture
def office_mail(office):
    office.email = "office@example.gov.cn"
    office.save()
    # Someone without the right hears nothing; someone given it directly does.
    UserFactory(username="other", email="other@example.gov.cn")
    direct = UserFactory(username="direct", email="direct@example.gov.cn")
    direct.user_permissions.add(Permission.objects.get(codename="manage_tasks"))
    return {"office@example.gov.cn", "direct@example.gov.cn"}


@pytest.fixture
def point_mail(points):
    user = staff_of(points["huanghe-shequ"], "contact-huanghe")
    user.email = "huanghe@example.gov.cn"
    user.save()
    return {"huanghe@example.gov.cn"}


def _to(sent):
    return {m.email for m in sent}


def test_the_office_hears_of_an_application_and_the_point_of_the_decision(
    channel, office_mail, point_mail, points, django_capture_on_commit_callbacks
):
    task = make_task(points, ["shizhong-jiedao"], open_for_applications=True)
    with django_capture_on_commit_callbacks(execute=True):
        item = apply(task, points["huanghe-shequ"].pk, "我们社区有物业纠纷调解经验")
    assert _to(channel) == office_mail
    assert all("申办" in m.subject and "物业纠纷" in m.body for m in channel)
    channel.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(item, False, reason="名额已满")
    assert _to(channel) == point_mail
    assert "未通过" in channel[0].subject and "名额已满" in channel[0].body


def test_accepting_tells_the_point(channel, point_mail, points, django_capture_on_commit_callbacks):
    task = make_task(points, ["shizhong-jiedao"], open_for_applications=True)
    item = apply(task, points["huanghe-shequ"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        decide(item, True)
    assert _to(channel) == point_mail and "已同意" in channel[0].subject


def test_the_office_hears_of_a_report_and_the_point_of_a_send_back(
    channel, office_mail, point_mail, task, points, django_capture_on_commit_callbacks
):
    item = assignment_of(task, points["huanghe-shequ"])
    StepRecord.objects.create(
        assignment=item, step="notice", date=timezone.localdate(), note="公告"
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(report_for(item), None)
    assert _to(channel) == office_mail and "汇总报告" in channel[0].subject
    channel.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_back(item, "请补充照片")
    assert _to(channel) == point_mail
    assert "退回补充" in channel[0].subject and "请补充照片" in channel[0].body
    assert reverse("consultations_assignment", args=[item.pk]) in channel[0].body


def test_a_mail_server_down_changes_nothing(
    settings, office_mail, staff_client, task, points, django_capture_on_commit_callbacks
):
    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["tests.consultations.test_notices.DownChannel"]
    item = assignment_of(task, points["huanghe-shequ"])
    StepRecord.objects.create(
        assignment=item, step="notice", date=timezone.localdate(), note="公告"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("consultations_report", args=[item.pk]),
            {"summary": "报送", "opinions": "", "feedback": "", "action": "submit"},
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == S.REPORTED
