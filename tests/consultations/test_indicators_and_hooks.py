"""Tasks on the scorecard (``lawbridge_point_indicators``) for all points in one query, and the
hooks other plugins provide for this one (the point directory, a point's events)."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.indicators import task_indicators
from consultations.workflow import AssignmentState as S
from core.plugins import point_activities, point_directory, point_indicators
from tests.consultations.conftest import assignment_of, make_task

pytestmark = pytest.mark.django_db


def test_tasks_assigned_on_time_and_late_per_point(
    points, only_new_tasks, django_assert_max_num_queries
):
    today = timezone.localdate()
    task = make_task(points, ["huanghe-shequ", "xiawa-zhen", "mashanzi-cun"], due_in=-2)
    on_time = assignment_of(task, points["huanghe-shequ"])
    on_time.state = S.REPORTED
    on_time.reported_at = timezone.now() - dt.timedelta(days=3)
    on_time.save()
    late_report = assignment_of(task, points["xiawa-zhen"])
    late_report.state = S.REPORTED
    late_report.reported_at = timezone.now()
    late_report.save()
    start, end = today - dt.timedelta(days=400), today + dt.timedelta(days=1)
    with django_assert_max_num_queries(1):
        found = {i.code: i for i in task_indicators(start, end)}
    assert set(found) == {"tasks_assigned", "tasks_reported_on_time", "tasks_late"}
    ids = {slug: points[slug].pk for slug in ("huanghe-shequ", "xiawa-zhen", "mashanzi-cun")}
    assert found["tasks_assigned"].values == dict.fromkeys(ids.values(), 1)
    assert found["tasks_reported_on_time"].values == {ids["huanghe-shequ"]: 1}
    assert found["tasks_late"].values == {ids["xiawa-zhen"]: 1, ids["mashanzi-cun"]: 1}
    assert "tasks_late" in {i.code for i in point_indicators(start, end)}


def test_a_period_holds_only_tasks_due_in_it(points, only_new_tasks):
    make_task(points, ["huanghe-shequ"], due_in=100, title="明年的任务")
    today = timezone.localdate()
    found = {
        i.code: i
        for i in task_indicators(today + dt.timedelta(days=90), today + dt.timedelta(days=110))
    }
    assert found["tasks_assigned"].values == {points["huanghe-shequ"].pk: 1}


def test_point_directory_gives_type_and_district_in_few_queries(
    points, django_assert_max_num_queries
):
    # One for the points, the rest for the site roots their public URLs are built from: never
    # one per point.
    with django_assert_max_num_queries(3):
        directory = point_directory()
    huanghe = next(p for p in directory if p.id == points["huanghe-shequ"].pk)
    assert (huanghe.point_type, huanghe.point_type_label, huanghe.district) == (
        "community",
        "社区",
        "滨城区",
    )


def test_point_activities_are_the_points_events(points):
    from events.models import EventNoticePage

    point = points["huanghe-shequ"]
    events = EventNoticePage.objects.child_of(point).filter(cancelled=False)
    assert events.exists(), "the demo gives 黄河社区 events"
    first = events.order_by("start").first()
    day = timezone.localtime(first.start).date()
    found = point_activities(point, day, day)
    assert first.pk in {a.id for a in found}
    assert all(a.date == day for a in found)
    other = points["binzhou-xueyuan"]
    assert first.pk not in {a.id for a in point_activities(other, day, day)}
