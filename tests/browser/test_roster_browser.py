"""人员名册 on a phone: 黄河社区's staff member (not a superuser, two-step sign-in) adds a new 信息员
typing the phone as a Chinese input method does, is told when they enter the same person twice,
and marks a member as left; the record stays on the roster as 已离开."""

import re
from binascii import unhexlify

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser]


def _staff(point):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user("roster-staff", "r@example.gov.cn", "pw-12345-abc")
    user.groups.add(Group.objects.get(name=f"联系点工作人员：{point.title}"))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _sign_in(page, base, user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(base + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-12345-abc")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile("/2fa/verify/"))  # the roster's phones ask for the second step
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.fill("#id_token", str(totp(unhexlify(device.key.encode()))).zfill(6))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(base + "/admin/")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_point_staff_add_a_member_and_mark_one_as_left_on_a_phone(live_demo, new_page):
    from liaison_points.models import LiaisonPointPage
    from roster.models import RosterMember

    point = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    page = new_page(PHONE | {"height": 812})
    _sign_in(page, live_demo.url, _staff(point))

    page.goto(live_demo.url + "/admin/roster/")
    page.wait_for_selector("[data-roster]")
    assert "示例·周丽" in page.locator("[data-roster]").inner_text()
    assert _fits(page)
    screenshot(page, "roster-staff-list-phone")

    page.locator("[data-roster-add]").click()
    page.wait_for_selector("[data-roster-form]")
    page.fill("#id_name", "新来的信息员")
    page.select_option("#id_role", "informant")
    page.fill("#id_phone", "＋８６ １３９-００００-２９９９")
    page.fill("#id_unit", "黄河社区第二网格")
    page.fill("#id_joined", "2026-03-01")
    assert _fits(page)
    screenshot(page, "roster-staff-add-phone")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已将新来的信息员登记为信息员。")
    row = page.locator("[data-roster] tr", has_text="新来的信息员")
    assert "13900002999" in row.inner_text()

    # The same person again: refused in words, what was typed kept.
    page.locator("[data-roster-add]").click()
    page.fill("#id_name", "新来的信息员")
    page.select_option("#id_role", "informant")
    page.fill("#id_phone", "139 0000 2999")
    page.fill("#id_unit", "重复一次")
    page.fill("#id_joined", "2026-03-02")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=请勿重复登记")
    assert page.input_value("#id_unit") == "重复一次"
    assert RosterMember.objects.filter(phone="13900002999").count() == 1

    page.goto(live_demo.url + "/admin/roster/")
    page.locator("[data-roster] tr", has_text="示例·吴刚").locator("[data-leave]").click()
    page.wait_for_selector("[data-roster-form]")
    page.fill("#id_left_reason", "外出务工")
    assert _fits(page)
    screenshot(page, "roster-staff-leave-phone")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已记录示例·吴刚离开。名册保留其记录。")
    left_row = page.locator("[data-roster] tr", has_text="示例·吴刚")
    assert "外出务工" in left_row.inner_text()
    assert RosterMember.objects.get(name="示例·吴刚").left is not None
    assert _fits(page)
    screenshot(page, "roster-staff-left-phone")
