"""Reminders before and after the due date, each once, to the point's staff; a mail server that is
down is recorded and tried again, never a crash."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import TaskReminder
from consultations.reminders import run
from consultations.workflow import AssignmentState as S
from tests.consultations.conftest import assignment_of, make_task, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(points, only_new_tasks):
    user = staff_of(points["huanghe-shequ"], "contact-huanghe")
    user.email = "huanghe@example.gov.cn"
    user.save()
    return user


def test_before_and_after_the_due_date_each_once(points, contact):
    task = make_task(points, ["huanghe-shequ"], due_in=2)
    today = timezone.localdate()
    mail.outbox.clear()
    assert run(today - dt.timedelta(days=5)) == {"before": 0, "after": 0}  # too early
    assert run(today)["before"] == 1
    assert run(today)["before"] == 0
    assert len(mail.outbox) == 1 and "huanghe@example.gov.cn" in mail.outbox[0].to
    assert "即将到期" in mail.outbox[0].subject
    after = task.due_date + dt.timedelta(days=1)
    assert run(after)["after"] == 1
    assert run(after)["after"] == 0
    assert "已逾期" in mail.outbox[-1].subject
    assert TaskReminder.objects.filter(assignment__task=task).count() == 2


def test_reported_points_are_not_reminded(points, contact):
    task = make_task(points, ["huanghe-shequ"], due_in=1)
    item = assignment_of(task, points["huanghe-shequ"])
    item.state = S.REPORTED
    item.reported_at = timezone.now()
    item.save()
    assert run(task.due_date + dt.timedelta(days=3)) == {"before": 0, "after": 0}


def test_mail_down_is_recorded_and_tried_again(points, contact, monkeypatch):
    make_task(points, ["huanghe-shequ"], due_in=1)

    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.send_mail", down)
    monkeypatch.setattr("core.notify.send_mail", down)
    assert run()["before"] == 0
    reminder = TaskReminder.objects.get(assignment__point=points["huanghe-shequ"])
    assert reminder.delivered is False
    monkeypatch.undo()
    mail.outbox.clear()
    assert run()["before"] == 1
    assert len(mail.outbox) == 1
    assert TaskReminder.objects.get(pk=reminder.pk).delivered is True


def test_the_command_runs(points, contact, capsys):
    make_task(points, ["huanghe-shequ"], due_in=1)
    call_command("send_task_reminders")
    assert "before 1" in capsys.readouterr().out
