"""Offline entry offers a point's staff only their own point's events
(once each) and only live drafts that are open or recently closed, checks both server-side, and
keeps the collection date within a sane window."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import EventNoticePage
from forms.models import Channel, Opinion
from tests.signin import login_with_2fa

pytestmark = pytest.mark.usefixtures("demo_site")

URL = "/admin/opinions/offline/"


@pytest.fixture
def staff(demo_site):
    """A member of the staff of 市中街道 only: no superuser, no office rights."""
    user = get_user_model().objects.create_user("staff-offline", "s@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def _drafts():
    from drafts.models import RegulationDraftPage

    return RegulationDraftPage.objects.filter(locale__language_code="zh-hans")


def _point(slug):
    from liaison_points.models import LiaisonPointPage

    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


def _options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select)]


def _post(client, page, point, event="", day=None, text="板凳会上居民说停车难"):
    day = day if day is not None else timezone.localdate().isoformat()
    data = {
        "page": page.pk, "point": point.pk, "event": event, "collected_on": day, "save": "1",
        "op-TOTAL_FORMS": "1", "op-INITIAL_FORMS": "0", "op-MIN_NUM_FORMS": "0",
        "op-MAX_NUM_FORMS": "50", "op-0-article": "", "op-0-text": text, "op-0-category": "public",
    }  # fmt: skip
    return client.post(f"{URL}?page={page.pk}", data)


def test_staff_are_offered_their_own_events_once_and_live_recent_drafts(client, staff):
    login_with_2fa(client, staff)
    html = client.get(URL).content.decode()
    mine = _point("shizhong-jiedao")
    events = _options(html, "event")
    expected = EventNoticePage.objects.live().child_of(mine).values_list("pk", flat=True)
    assert events and sorted(events) == sorted(expected)
    assert len(events) == len(set(events))
    drafts = set(_options(html, "page"))
    assert _drafts().get(slug="wenming").pk in drafts  # open
    assert _drafts().get(slug="tingche").pk in drafts  # closed five days ago
    assert _drafts().get(slug="gongre").pk not in drafts  # closed in 2016


def test_unpublished_drafts_are_not_offered_nor_accepted(client, staff):
    tingche = _drafts().get(slug="tingche")
    tingche.unpublish()
    before = Opinion.objects.filter(channel=Channel.OFFLINE, page=tingche).count()
    login_with_2fa(client, staff)
    assert tingche.pk not in _options(client.get(URL).content.decode(), "page")
    response = _post(client, tingche, _point("shizhong-jiedao"))
    assert response.status_code == 200 and "不能录入线下意见" in response.content.decode()
    assert Opinion.objects.filter(channel=Channel.OFFLINE, page=tingche).count() == before


def test_forged_ids_are_refused_with_a_clear_message(client, staff):
    login_with_2fa(client, staff)
    wenming, mine = _drafts().get(slug="wenming"), _point("shizhong-jiedao")
    before = Opinion.objects.filter(channel=Channel.OFFLINE).count()
    other_event = EventNoticePage.objects.live().child_of(_point("huanghe-shequ")).first()
    refused = _post(client, wenming, mine, event=other_event.pk)
    assert (
        refused.status_code == 200
        and "只能选择您所在联系点已发布的活动" in refused.content.decode()
    )
    old = _post(client, _drafts().get(slug="gongre"), mine)
    assert old.status_code == 200 and "不能录入线下意见" in old.content.decode()
    other_point = _post(client, wenming, _point("huanghe-shequ"))
    assert "只能为您所在的联系点录入" in other_point.content.decode()
    assert Opinion.objects.filter(channel=Channel.OFFLINE).count() == before
    mine_event = EventNoticePage.objects.live().child_of(mine).first()
    assert _post(client, wenming, mine, event=mine_event.pk).status_code == 302


@pytest.mark.parametrize(
    "day, message",
    [
        ("0001-01-01", "不能早于"),
        ("9999-12-31", "不能晚于今天"),
        ("99999-01-01", ""),
        ("1999-12-31", "不能早于"),
        ("2020-01-01", "征求意见期内"),
        ("tomorrow", ""),
    ],
)
def test_collection_dates_outside_the_window_are_refused(client, staff, day, message):
    login_with_2fa(client, staff)
    if day == "tomorrow":
        day, message = (timezone.localdate() + timedelta(days=1)).isoformat(), "不能晚于今天"
    before = Opinion.objects.filter(channel=Channel.OFFLINE).count()
    response = _post(client, _drafts().get(slug="wenming"), _point("shizhong-jiedao"), day=day)
    html = response.content.decode()
    assert response.status_code == 200 and "板凳会上居民说停车难" in html
    assert message in html
    assert Opinion.objects.filter(channel=Channel.OFFLINE).count() == before


def test_huge_page_ids_are_ignored(client, staff):
    login_with_2fa(client, staff)
    for value in ("9" * 30, "-1", "１２"):
        assert client.get(URL, {"page": value}).status_code == 200
    # A control character in the address is refused before any view (core/bad_input.py).
    assert client.get(URL, {"page": "\x00"}).status_code == 400
