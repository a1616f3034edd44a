"""The office's board: chips per task and point, filters, and a query count that does not grow
with the number of points (5 or 50)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import StepRecord
from consultations.workflow import AssignmentState as S
from tests.consultations.conftest import assignment_of, make_task

pytestmark = pytest.mark.django_db


def _more_points(n):
    from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage

    index = LiaisonPointIndexPage.objects.filter(locale__language_code="zh-hans").first()
    for i in range(n):
        index.add_child(
            instance=LiaisonPointPage(
                title=f"测试联系点{i}",
                slug=f"test-point-{i}",
                point_type="community",
                district="测试区",
                address="测试路1号",
            )
        )


def _board_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(reverse("consultations_board"))
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("extra", [0, 42])
def test_board_query_count_does_not_grow_with_points(
    office_client, points, django_assert_max_num_queries, extra
):
    _more_points(extra)
    make_task(points, list(points), title="全体联系点任务")
    from core.plugins import point_directory

    make_task(
        points,
        [],
        title="按类型",
        scope={"mode": "all"},
    )
    assert len(point_directory()) == len(points) + extra
    # Budget: session and user (2), messages/admin chrome, tasks, assignments, directory.
    count, response = _board_queries(office_client, django_assert_max_num_queries, 30)
    assert count <= 30
    assert response.content.decode().count("data-chip=") >= len(points)


def test_board_at_5_and_50_points_costs_the_same(
    office_client, points, django_assert_max_num_queries
):
    make_task(points, list(points)[:5], title="五个联系点")
    # Warm what is kept in process (the site, the locales: core/published_memo.py):
    # the two counts compare points, not warmth.
    office_client.get(reverse("consultations_board"))
    small, _ = _board_queries(office_client, django_assert_max_num_queries, 30)
    _more_points(45)
    from consultations.models import ConsultationTask
    from consultations.sending import send

    task = ConsultationTask.objects.get(title="五个联系点")
    task.scope = {"mode": "all"}
    task.save()
    send(task)
    assert task.assignments.count() >= 50
    large, _ = _board_queries(office_client, django_assert_max_num_queries, 30)
    assert large == small


def test_board_chips_and_filters(office_client, points):
    late = make_task(points, ["huanghe-shequ", "xiawa-zhen"], title="逾期任务", due_in=10)
    late.due_date = timezone.localdate() - dt.timedelta(days=1)
    late.save()
    item = assignment_of(late, points["xiawa-zhen"])
    StepRecord.objects.create(assignment=item, step="notice", date=late.due_date)
    item.state = S.IN_PROGRESS
    item.save()
    response = office_client.get(reverse("consultations_board"), {"chip": "late"})
    rows = response.context["rows"]
    slugs = {
        points_by_id.slug
        for points_by_id in points.values()
        if points_by_id.pk in {p.id for p, _ in rows}
    }
    assert {"huanghe-shequ", "xiawa-zhen"} <= slugs
    response = office_client.get(reverse("consultations_board"), {"district": "沾化区"})
    assert {p.district for p, _ in response.context["rows"]} == {"沾化区"}
    response = office_client.get(
        reverse("consultations_board"), {"chip": "=HYPERLINK(", "type": "\uff10" * 500}
    )
    assert response.status_code == 200
