"""A point whose status turns 撤销 (assessment) is out of the network: tasks are no longer sent to
it, the task form does not offer it, it cannot apply, the board and reminders leave it out. The
consultations plugin learns it through core's ``lawbridge_withdrawn_points`` hook only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.status import record_status
from consultations.admin_forms import TaskForm
from consultations.models import TaskReminder
from consultations.reminders import run
from consultations.sending import ApplyRefused, apply
from core.plugins import withdrawn_points
from tests.consultations.conftest import make_task, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked(points, only_new_tasks):
    point = points["huanghe-shequ"]
    record_status(point, "trial", "试运行", timezone.localdate() - dt.timedelta(days=300))
    record_status(point, "revoked", "连续两年未开展活动，撤销。", timezone.localdate())
    return point


def test_the_hook_names_revoked_points_only(points, revoked):
    assert withdrawn_points() == {revoked.pk}
    record_status(revoked, "rectifying", "恢复，限期整改。", timezone.localdate())
    assert withdrawn_points() == set()


def test_tasks_are_not_sent_to_a_revoked_point(points, revoked):
    task = make_task(points, [], scope={"mode": "all", "values": []})
    assigned = set(task.assignments.values_list("point_id", flat=True))
    assert revoked.pk not in assigned and points["shizhong-jiedao"].pk in assigned
    picked = make_task(
        points, ["huanghe-shequ", "shizhong-jiedao"], title="逐个选择"
    )  # chosen by hand before the change: still skipped when sent
    assert set(picked.assignments.values_list("point_id", flat=True)) == {
        points["shizhong-jiedao"].pk
    }
    offered = {value for value, _label in TaskForm().fields["scope_points"].choices}
    assert str(revoked.pk) not in offered and str(points["shizhong-jiedao"].pk) in offered


def test_a_revoked_point_cannot_apply(points, revoked):
    task = make_task(points, ["shizhong-jiedao"], open_for_applications=True)
    with pytest.raises(ApplyRefused):
        apply(task, revoked.pk, "申办")


def test_the_board_and_reminders_leave_it_out(office_client, points, only_new_tasks):
    point = points["huanghe-shequ"]
    user = staff_of(point, "contact-huanghe")
    user.email = "huanghe@example.gov.cn"
    user.save()
    task = make_task(points, ["huanghe-shequ", "shizhong-jiedao"], due_in=1)
    record_status(point, "revoked", "撤销。", timezone.localdate())
    board = office_client.get(reverse("consultations_board"))
    assert point.pk not in [p.id for p, _cells in board.context["rows"]]
    assert points["shizhong-jiedao"].pk in [p.id for p, _cells in board.context["rows"]]
    assert sum(board.context["board"].totals[task.pk].values()) == 1
    run()
    assert not TaskReminder.objects.filter(assignment__point=point).exists()


def test_a_revoked_point_is_not_offered_open_tasks(staff_client, points, revoked):
    task = make_task(points, ["shizhong-jiedao"], open_for_applications=True)
    response = staff_client.get(reverse("consultations_index"))
    assert task not in [t for t, _points in response.context["open_tasks"]]
