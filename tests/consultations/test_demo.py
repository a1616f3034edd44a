"""The demo's tasks are in every state the office follows."""

import pytest

from consultations.models import ConsultationTask, TaskAssignment, TaskReport
from consultations.workflow import AssignmentState as S

pytestmark = pytest.mark.django_db


def test_demo_tasks_in_every_state(demo_site):
    states = {a.board_state() for a in TaskAssignment.objects.select_related("task")}
    assert {
        S.NOT_STARTED,
        S.IN_PROGRESS,
        S.REPORTED,
        S.RETURNED,
        S.APPLIED,
        S.DECLINED,
        "late",
    } <= states
    assert TaskAssignment.objects.filter(origin="applied", state=S.NOT_STARTED).exists()
    assert ConsultationTask.objects.filter(state=ConsultationTask.State.DRAFT).exists()
    report = TaskReport.objects.exclude(docx="").first()
    assert report is not None and report.submitted_at
