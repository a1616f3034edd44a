"""The sign-ups of an event in the admin and as a printable sign-in sheet: full phones only for
holders of events.view_registration_phone (point staff), audit-logged; masked for other editors."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page

from core.models import PersonalDataAccess
from events.models import EventNoticePage
from tests.signin import login_with_2fa

PHONE = "13912345678"


@pytest.fixture
def event(demo_site):
    event = EventNoticePage.objects.filter(
        registration_open=True, locale__language_code="zh-hans"
    ).first()
    event.register("张三", PHONE, 2)
    event.register("李四", "0543-7654321", 1)
    return event


def _user(name, *, phone_permission):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-abc")
    group = Group.objects.create(name=f"组-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if phone_permission:
        group.permissions.add(Permission.objects.get(codename="view_registration_phone"))
    root = Page.objects.get(depth=1)
    GroupPagePermission.objects.create(
        group=group, page=root, permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(group)
    return user


def _sheet(client, event):
    response = client.get(reverse("events_sign_in_sheet", args=[event.pk]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_sign_in_sheet_with_phones_for_staff(client, event):
    login_with_2fa(client, _user("staff", phone_permission=True))
    before = PersonalDataAccess.objects.count()
    rows = _sheet(client, event)
    assert rows[0][0] == event.title
    assert rows[3] == ["序号", "姓名", "联系电话", "人数", "报名时间", "已签到", "签到"]
    assert [r[:4] for r in rows[4:6]] == [[1, "张三", PHONE, 2], [2, "李四", "0543-7654321", 1]]
    assert any(r[0] == "合计 3 人" for r in rows if r)
    log = PersonalDataAccess.objects.order_by("pk")[before:]
    assert [(e.action, e.object_type, e.count) for e in log] == [
        ("export", "events.eventregistration", 2)
    ]


def test_other_editors_get_masked_phones_and_no_log(client, event):
    client.force_login(_user("editor", phone_permission=False))
    before = PersonalDataAccess.objects.count()
    html = client.get(reverse("events_registrations", args=[event.pk])).content.decode()
    assert "139****5678" in html and PHONE not in html
    rows = _sheet(client, event)
    assert rows[4][2] == "139****5678"
    assert PersonalDataAccess.objects.count() == before


def test_the_sheet_needs_edit_rights_on_the_event(client, event):
    user = get_user_model().objects.create_user("nobody", "n@example.com", "pw-12345-abc")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("events_sign_in_sheet", args=[event.pk]))
    assert response.status_code in (302, 403)


def test_cancelled_sign_ups_are_marked_on_the_list_and_left_off_the_sheet(client, event):
    from django.utils import timezone

    event.registrations.filter(name="李四").update(cancelled=timezone.now())
    login_with_2fa(client, _user("staff", phone_permission=True))
    html = client.get(reverse("events_registrations", args=[event.pk])).content.decode()
    assert "已报名 2 人" in html and "已取消（" in html
    rows = _sheet(client, event)
    assert [r[1] for r in rows[4:] if r and isinstance(r[0], int)] == ["张三"]
    assert any(r[0] == "合计 2 人" for r in rows if r)
