"""The scorecard in a real browser: a 法工委联络员 at a desktop opens the year's ranking, sees every
point with its status and flags, filters by type, downloads the yearly report and records a
status change; a point's staff member on a phone opens their own card, and not another's."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]

PASSWORD = "walk-pass-123"


def _user(username, group):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user(username, "", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _sign_in(live_demo, new_page, user, viewport):
    # Point staff see residents' phones (event sign-ups) and pass two-step sign-in; the office's
    # liaison role sees no personal data and goes straight in.
    return sign_in_browser(new_page(viewport), live_demo.url, user)


def test_office_ranks_the_points_and_a_point_reads_its_own_card(live_demo, new_page):
    from liaison_points.models import LiaisonPointPage

    office = _sign_in(live_demo, new_page, _user("walk-office", "法工委联络员"), DESKTOP)
    office.get_by_role("button", name="考核评价").click()
    office.get_by_role("link", name="考核排名").click()
    office.wait_for_selector("[data-assessment-ranking]")
    rows = office.locator("[data-assessment-ranking] tbody tr")
    assert rows.count() == LiaisonPointPage.objects.filter(locale__language_code="zh-hans").count()
    mashanzi = office.locator("tbody tr", has_text="马山子村立法联系点")
    assert "整改" in mashanzi.inner_text()
    assert office.locator(".assessment-flag").count() > 0  # the demo's missed rules
    screenshot(office, "assessment-ranking-desktop")

    office.select_option("#id_type", label="村")
    office.get_by_role("button", name="筛选").click()
    office.wait_for_selector("text=清除筛选")
    assert office.locator("[data-assessment-ranking] tbody tr").count() == 1

    with office.expect_download() as download:
        office.get_by_role("link", name="下载年度报告（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    office.goto(live_demo.url + "/admin/assessment/statuses/")
    office.select_option("#id_point", label="黄河社区立法信息采集点（滨城区）")
    office.select_option("#id_status", label="整改")
    office.get_by_role("button", name="记录").click()
    office.wait_for_selector(".error-message")  # refused: the reason is required
    office.fill("#id_reason", "第三季度未开展代表接待日，限期整改。")
    office.get_by_role("button", name="记录").click()
    office.wait_for_selector("text=状态改为“整改”")
    assert "第三季度未开展代表接待日" in office.locator("[data-status-history]").inner_text()

    # A point's staff member, on a phone.
    phone = _sign_in(
        live_demo, new_page, _user("walk-mashanzi", "联系点工作人员：马山子村立法联系点"), PHONE_812
    )
    phone.goto(live_demo.url + "/admin/assessment/card/")
    phone.wait_for_selector("[data-assessment-card]")
    card = phone.locator("[data-assessment-card]").inner_text()
    assert "整改" in card and "限期三个月整改" in card and "总分" in card
    assert sideways_overflow(phone) <= 0
    screenshot(phone, "assessment-card-phone")
    other = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    response = phone.goto(f"{live_demo.url}/admin/assessment/card/{other.pk}/")
    assert response.status == 404
