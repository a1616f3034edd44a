"""退回补充: the office returns a submitted report with a reason; the point reads it, edits and
submits again; every return is kept, and the board shows the part as 退回补充."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import ReportReturn, StepRecord, TaskReport
from consultations.reports import ReportRefused, report_for, send_back, submit
from consultations.workflow import AssignmentState as S
from tests.consultations.conftest import assignment_of, staff_of
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db


@pytest.fixture
def point_client(points):
    """黄河社区's staff, in a browser of their own (the office uses ``client``)."""
    other = Client()
    login_with_2fa(other, staff_of(points["huanghe-shequ"]))
    return other


@pytest.fixture
def reported(task, points):
    item = assignment_of(task, points["huanghe-shequ"])
    StepRecord.objects.create(
        assignment=item, step="notice", date=timezone.localdate(), note="公告"
    )
    report = report_for(item)
    report.summary = "第一次报送"
    submit(report, None)
    item.refresh_from_db()
    return item


def test_the_office_sends_back_and_the_point_resubmits(office_client, point_client, reported):
    first_docx = TaskReport.objects.get(assignment=reported).docx.name
    url = reverse("consultations_send_back", args=[reported.pk])
    response = office_client.post(url, {"reason": "请补充座谈会签到表"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.state == S.RETURNED
    returned = ReportReturn.objects.get(assignment=reported)
    assert returned.reason == "请补充座谈会签到表" and returned.docx.name == first_docx
    assert returned.returned_by.username == "fagongwei"
    # A second click stores nothing twice.
    office_client.post(url, {"reason": "请补充座谈会签到表"})
    assert ReportReturn.objects.filter(assignment=reported).count() == 1

    # The point reads the reason and may record and report again.
    page = point_client.get(reverse("consultations_assignment", args=[reported.pk]))
    text = page.content.decode()
    assert "请补充座谈会签到表" in text and "data-returned" in text
    assert reverse("consultations_report", args=[reported.pk]) in text
    step = point_client.post(
        reverse("consultations_step", args=[reported.pk, "discussion"]),
        {"date": timezone.localdate().isoformat(), "note": "补充座谈"},
    )
    assert step.status_code == 302
    response = point_client.post(
        reverse("consultations_report", args=[reported.pk]),
        {"summary": "补充后再次报送", "opinions": "", "feedback": "", "action": "submit"},
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.state == S.REPORTED
    report = TaskReport.objects.get(assignment=reported)
    assert report.summary == "补充后再次报送" and report.docx.name != first_docx
    # History kept: the return and the DOCX the office had first.
    assert ReportReturn.objects.get(assignment=reported).docx.name == first_docx
    history = office_client.get(reverse("consultations_assignment", args=[reported.pk]))
    assert "请补充座谈会签到表" in history.content.decode()


def test_the_board_shows_the_returned_state(office_client, reported):
    send_back(reported, "缺照片")
    board = office_client.get(reverse("consultations_board"))
    assert 'data-chip="returned"' in board.content.decode()
    assert "退回补充" in board.content.decode()
    filtered = office_client.get(reverse("consultations_board"), {"chip": "returned"})
    rows = dict(filtered.context["rows"])
    point = next(p for p in rows if p.id == reported.point_id)
    assert ("returned", reported.pk) in [cell[:2] for cell in rows[point] if cell]


@pytest.mark.parametrize("reason", ["", "   ", "\x00", "长" * 2001])
def test_a_reason_is_required_and_typed_text_is_kept(office_client, reported, reason):
    response = office_client.post(
        reverse("consultations_send_back", args=[reported.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    assert response.context["send_back_form"].errors["reason"]
    reported.refresh_from_db()
    assert reported.state == S.REPORTED
    assert not ReportReturn.objects.filter(assignment=reported).exists()
    if len(reason) > 100:
        assert reason[:50] in response.content.decode()


def test_only_the_office_sends_back_and_only_a_submitted_report(
    staff_client, reported, task, points
):
    url = reverse("consultations_send_back", args=[reported.pk])
    assert staff_client.post(url, {"reason": "自己退回"}).status_code in (302, 403)
    reported.refresh_from_db()
    assert reported.state == S.REPORTED
    other = assignment_of(task, points["shizhong-jiedao"])
    with pytest.raises(ReportRefused):
        send_back(other, "尚未报送")
    with pytest.raises(ValueError):
        send_back(reported, " ")
