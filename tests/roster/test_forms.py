"""Adding, editing and marking as left: bad input gets a clear error and keeps what was typed,
nothing is stored twice, leaving is a date and a reason (the record stays)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from roster.models import RosterMember
from tests.roster.conftest import add_member
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db


def _form(point, **fields):
    data = {"point": point.pk, "name": "新信息员", "role": "informant",
            "phone": "13900005555", "unit": "黄河社区第一网格", "joined": "2026-03-01", "note": ""}  # fmt: skip
    data.update(fields)
    return data


def test_staff_add_a_member_with_a_full_width_phone(staff_client, points):
    point = points["huanghe-shequ"]
    response = staff_client.post(
        reverse("roster_add"), _form(point, phone="＋８６ １３９-００００-５５５５")
    )
    assert response.status_code == 302
    member = RosterMember.objects.get(name="新信息员")
    assert member.phone == "13900005555" and member.point_id == point.pk
    assert member.created_by is not None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "   "}, "请填写姓名。"),
        ({"name": "名" * 51}, "50"),
        ({"phone": ""}, "请填写联系电话。"),
        ({"phone": '=HYPERLINK("http://x")'}, "请填写有效的电话号码"),
        ({"phone": "😀😀😀"}, "请填写有效的电话号码"),
        ({"phone": "1" * 5000}, "30"),
        ({"joined": "昨天"}, "日期"),
        ({"role": "boss"}, "选择一个有效的选项"),
        ({"note": "备" * 1001}, "1000"),
    ],
)
def test_bad_input_is_refused_in_words_and_kept(staff_client, points, fields, error):
    data = _form(points["huanghe-shequ"], **fields)
    response = staff_client.post(reverse("roster_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html, re.findall(r'class="error-message"[^<]*<[^>]*>([^<]*)', html)
    assert not RosterMember.objects.filter(name__startswith="新信息员").exists()
    if "unit" not in fields:
        assert "黄河社区第一网格" in html  # nothing typed lost


def test_a_nul_byte_is_refused_in_words(staff_client, points):
    data = _form(points["huanghe-shequ"], name="张\x00三")
    response = staff_client.post(reverse("roster_add"), data)
    assert response.status_code == 200 and "空字符" in response.content.decode()
    assert not RosterMember.objects.filter(name__startswith="张").exists()


def test_html_and_formulas_in_a_name_are_kept_as_text(staff_client, points):
    data = _form(points["huanghe-shequ"], name="<b>=HYPERLINK(1)</b>", phone="13900005556")
    assert staff_client.post(reverse("roster_add"), data).status_code == 302
    page = staff_client.get(reverse("roster_index")).content.decode()
    assert "&lt;b&gt;=HYPERLINK(1)&lt;/b&gt;" in page and "<b>=HYPERLINK" not in page


def test_the_same_phone_and_role_at_one_point_is_refused(staff_client, points):
    point = points["huanghe-shequ"]
    existing = add_member(point, name="老信息员", phone="13900004444")
    response = staff_client.post(reverse("roster_add"), _form(point, phone="139 0000 4444"))
    assert response.status_code == 200
    assert "本联系点已有在册信息员使用电话 13900004444：老信息员" in response.content.decode()
    assert RosterMember.objects.filter(phone="13900004444").count() == 1
    # Another role, or once the first has left, is a new entry.
    assert (
        staff_client.post(
            reverse("roster_add"), _form(point, phone="13900004444", role="volunteer")
        ).status_code
        == 302
    )
    existing.left = timezone.localdate()
    existing.save()
    assert (
        staff_client.post(reverse("roster_add"), _form(point, phone="13900004444")).status_code
        == 302
    )
    assert RosterMember.objects.filter(phone="13900004444").count() == 3


def test_submitting_twice_stores_once(staff_client, points):
    data = _form(points["huanghe-shequ"], phone="13900003333")
    staff_client.post(reverse("roster_add"), data)
    staff_client.post(reverse("roster_add"), data)
    assert RosterMember.objects.filter(phone="13900003333").count() == 1


def test_marking_as_left_keeps_the_record(staff_client, points):
    member = add_member(points["huanghe-shequ"], days_ago=30)
    url = reverse("roster_leave", args=[member.pk])
    too_early = (member.joined - dt.timedelta(days=1)).isoformat()
    response = staff_client.post(url, {"left": too_early, "left_reason": "调走"})
    assert "离开日期不能早于加入日期" in response.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "离开日期不能晚于今天" in staff_client.post(url, {"left": tomorrow}).content.decode()
    today = timezone.localdate().isoformat()
    assert staff_client.post(url, {"left": today, "left_reason": "工作调动"}).status_code == 302
    member.refresh_from_db()
    assert member.left == timezone.localdate() and member.left_reason == "工作调动"
    # A second time changes nothing.
    staff_client.post(url, {"left": member.joined.isoformat(), "left_reason": "x"})
    member.refresh_from_db()
    assert member.left == timezone.localdate()
    page = staff_client.get(reverse("roster_index"), {"state": "left"}).content.decode()
    assert "工作调动" in page


def test_editing_keeps_the_point_and_checks_dates_against_leaving(staff_client, points):
    member = add_member(points["huanghe-shequ"], days_ago=30)
    member.left = timezone.localdate()
    member.save()
    url = reverse("roster_edit", args=[member.pk])
    data = _form(points["shizhong-jiedao"], name="改名", phone="13900009999", role="informant",
                 joined=(timezone.localdate() + dt.timedelta(days=5)).isoformat())  # fmt: skip
    response = staff_client.post(url, data)
    assert "加入日期不能晚于离开日期" in response.content.decode()
    data["joined"] = member.joined.isoformat()
    assert staff_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.name == "改名" and member.point_id == points["huanghe-shequ"].pk


def _clerk_of(staff):
    """Someone acting for the same point with the roster right but not the clear-phone one."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    from tests.factories import UserFactory

    group = staff.groups.get()
    clerks = Group.objects.create(name="名册录入员")
    clerks.permissions.set(group.permissions.exclude(codename="view_roster_contacts"))
    for grant in GroupPagePermission.objects.filter(group=group):
        GroupPagePermission.objects.create(
            group=clerks, page=grant.page, permission=grant.permission
        )
    user = UserFactory(username="clerk", groups=[clerks.name])
    assert user.has_perm("roster.manage_roster")
    assert not user.has_perm("roster.view_roster_contacts")
    return user


def test_without_the_phone_right_the_edit_form_never_sends_the_phone(client, points, staff):
    login_with_2fa(client, _clerk_of(staff))  # the point's other rights (events' phones) ask it
    member = add_member(points["huanghe-shequ"], phone="13900006666")
    html = client.get(reverse("roster_edit", args=[member.pk])).content.decode()
    assert "13900006666" not in html and "139****6666" in html
    data = _form(points["huanghe-shequ"], name="只改名字", phone="")
    assert client.post(reverse("roster_edit", args=[member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert member.phone == "13900006666" and member.name == "只改名字"
    assert "139****6666" in client.get(reverse("roster_index")).content.decode()
