"""A bulk status change tells the handler which opinions it could not move, and why."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from forms.intake import Submission, create_opinion
from forms.workflow import Status, transition


@pytest.fixture
def handler(client, django_user_model):
    user = django_user_model.objects.create_user("bulk-handler", password="x")
    user.groups.add(Group.objects.get(name="意见办理员"))
    client.force_login(user)
    return user


def test_refused_opinions_are_listed_with_their_reason(client, handler, draft):
    fresh = create_opinion(draft, Submission(text="刚收到，还没审核"), channel="web")
    reviewed = create_opinion(draft, Submission(text="已经审核过了"), channel="web")
    transition(reviewed, Status.REVIEWING, user=handler)
    url = reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_forward"])
    response = client.post(f"{url}?id={fresh.pk}&id={reviewed.pk}", {"note": ""})
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    fresh.refresh_from_db()
    reviewed.refresh_from_db()
    assert reviewed.status == Status.FORWARDED and fresh.status == Status.RECEIVED
    assert any(fresh.receipt_code in m and "未处理" in m for m in shown), shown
    assert any("1 条意见已改为" in m for m in shown), shown
