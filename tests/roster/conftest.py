"""The roster on the demo's points: the office (法工委联络员, not a superuser), a point's staff
(their group's rights only, two-step sign-in passed)."""

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


def staff_of(point, username=None):
    group = Group.objects.get(name=f"联系点工作人员：{point.title}")
    return UserFactory(username=username or f"staff-{point.slug}", groups=[group.name])


@pytest.fixture
def staff(points):
    return staff_of(points["huanghe-shequ"])


@pytest.fixture
def staff_client(client, staff):
    """A client signed in as 黄河社区's staff."""
    login_with_2fa(client, staff)
    return client


@pytest.fixture
def office_client(client, demo_site):
    client.force_login(UserFactory(username="fagongwei", groups=["法工委联络员"]))
    return client


def add_member(point, *, name="测试人员", role="informant", phone="13900009999", days_ago=100, **f):
    from roster.models import RosterMember

    return RosterMember.objects.create(
        point=point,
        name=name,
        role=role,
        phone=phone,
        joined=timezone.localdate() - dt.timedelta(days=days_ago),
        **f,
    )
