"""``roster:<role>``: active members at the end of the period, per point, in one query."""

import datetime as dt

import pytest
from django.utils import timezone

from core.plugins import point_indicators
from roster.indicators import roster_indicators
from roster.models import RosterMember
from tests.roster.conftest import add_member

pytestmark = pytest.mark.django_db


def test_members_on_the_roster_at_the_periods_end(points, django_assert_num_queries):
    RosterMember.objects.all().delete()
    point = points["xiawa-zhen"]
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=90), today - dt.timedelta(days=30)
    add_member(point, phone="13900000001", days_ago=200)  # there all along
    add_member(point, phone="13900000002", days_ago=60, left=end)  # left on the first day after
    add_member(point, phone="13900000003", days_ago=200, left=end - dt.timedelta(days=1))
    add_member(point, phone="13900000004", days_ago=29)  # joined after the period
    add_member(point, phone="13900000005", days_ago=200, role="deputy")
    add_member(points["huanghe-shequ"], phone="13900000006", days_ago=200)
    with django_assert_num_queries(1):
        found = {i.code: i for i in roster_indicators(start, end)}
    assert set(found) == {f"roster:{role}" for role in RosterMember.Role.values}
    assert found["roster:informant"].values == {point.pk: 2, points["huanghe-shequ"].pk: 1}
    assert found["roster:deputy"].values == {point.pk: 1}
    assert found["roster:volunteer"].values == {}
    assert found["roster:informant"].label == "在册信息员（期末）"
    assert "roster:informant" in {i.code for i in point_indicators(start, end)}
