"""The expert pool on the demo site: the office (法工委联络员, not a superuser, contacts masked), a
person given the clear-contacts right (two-step sign-in passed), the open demo draft, and a
campaign inviting two experts to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.factories import UserFactory


@pytest.fixture
def office(demo_site):
    return UserFactory(username="fgw-experts", groups=["法工委联络员"])


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def clear_user(office):
    user = UserFactory(username="fgw-contacts", groups=["法工委联络员"])
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="experts", codename="view_expert_contacts")
    )
    return user


@pytest.fixture
def draft(demo_site):
    from drafts.models import RegulationDraftPage

    page = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    assert page.accepts_comments()
    return page


def make_expert(name="测试专家", *, fields=(), **extra):
    from experts.models import Expert, ExpertiseField

    extra.setdefault("phone", "13912345678")
    extra.setdefault("email", "expert@example.org")
    expert = Expert.objects.create(name=name, **extra)
    expert.fields.set(ExpertiseField.objects.filter(name__in=fields))
    return expert


@pytest.fixture
def campaign(draft, django_capture_on_commit_callbacks):
    from experts.sending import create_campaign

    experts = [make_expert("周律师", fields=["民商法"]), make_expert("吴教授", fields=["行政法"])]
    with django_capture_on_commit_callbacks(execute=True):
        return create_campaign(
            title="测试定向征集",
            page=draft,
            message="请提出意见。",
            reply_by=timezone.localdate() + dt.timedelta(days=7),
            experts=experts,
        )
