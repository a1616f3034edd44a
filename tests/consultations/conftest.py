"""Consultation tasks on the demo's points: the office (法工委联络员, not a superuser), a point's
staff (its group's rights only, two-step sign-in passed), and a task sent to chosen points."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import UserFactory
from tests.signin import login_with_2fa


@pytest.fixture
def points(demo_site):
    from liaison_points.models import LiaisonPointPage

    return {p.slug: p for p in LiaisonPointPage.objects.filter(locale__language_code="zh-hans")}


@pytest.fixture
def office(demo_site):
    return UserFactory(username="fagongwei", groups=["法工委联络员"])


def staff_of(point, username=None):
    group = Group.objects.get(name=f"联系点工作人员：{point.title}")
    return UserFactory(username=username or f"staff-{point.slug}", groups=[group.name])


@pytest.fixture
def staff_client(client, points):
    """A client signed in as 黄河社区's staff."""
    login_with_2fa(client, staff_of(points["huanghe-shequ"]))
    return client


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def make_task(points, slugs, *, due_in=10, **fields):
    from consultations.models import ConsultationTask
    from consultations.sending import send

    fields.setdefault("kind", ConsultationTask.Kind.TOPIC)
    fields.setdefault("topic", "社区治理立法调研")
    task = ConsultationTask.objects.create(
        title=fields.pop("title", "测试征询任务"),
        due_date=timezone.localdate() + dt.timedelta(days=due_in),
        scope=fields.pop("scope", {"mode": "points", "values": [str(points[s].pk) for s in slugs]}),
        **fields,
    )
    send(task)
    task.refresh_from_db()
    return task


@pytest.fixture
def only_new_tasks(demo_site):
    """Without the demo's tasks (reminders and scorecards count every task)."""
    from consultations.models import ConsultationTask

    ConsultationTask.objects.all().delete()


@pytest.fixture
def task(points):
    return make_task(points, ["huanghe-shequ", "shizhong-jiedao"])


def assignment_of(task, point):
    return task.assignments.get(point=point)
