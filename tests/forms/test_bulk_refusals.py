"""A bulk status change tells the handler which opinions it could not move, and why."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from forms.intake import Submission, create_opinion
from forms.workflow import Status, transition

FORWARD_URL = reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_forward"])


@pytest.fixture
def handler(client, django_user_model):
    user = django_user_model.objects.create_user("bulk-handler", password="x")
    user.groups.add(Group.objects.get(name="意见办理员"))
    client.force_login(user)
    return user


def forward(client, *opinions):
    ids = "&".join(f"id={o.pk}" for o in opinions)
    response = client.post(f"{FORWARD_URL}?{ids}", {"note": ""})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_refused_opinions_are_listed_with_their_reason(client, handler, draft):
    assert not handler.is_superuser
    fresh = create_opinion(draft, Submission(text="刚收到，还没审核"), channel="web")
    reviewed = create_opinion(draft, Submission(text="已经审核过了"), channel="web")
    transition(reviewed, Status.REVIEWING, user=handler)
    shown = forward(client, fresh, reviewed)
    fresh.refresh_from_db()
    reviewed.refresh_from_db()
    assert reviewed.status == Status.FORWARDED and fresh.status == Status.RECEIVED
    refusals = [m for m in shown if "未处理" in m]
    assert len(refusals) == 1, shown
    # The refused one, with the workflow's reason; not the one that moved.
    assert f"<li>{fresh.receipt_code}: 不能从“已接收”改为“已转交法工委”。</li>" in refusals[0]
    assert reviewed.receipt_code not in refusals[0]
    assert any("1 条意见已改为" in m for m in shown), shown


def test_when_none_can_move_only_the_refusals_are_shown(client, handler, draft):
    fresh = create_opinion(draft, Submission(text="刚收到，还没审核"), channel="web")
    shown = forward(client, fresh)
    assert len(shown) == 1, shown
    assert "1 条意见未处理" in shown[0] and fresh.receipt_code in shown[0]
