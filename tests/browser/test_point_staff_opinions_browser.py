"""A point's staff member, on a desktop and on a phone: enters a sheet gathered after the window
closed (flagged), then finds their point's opinions in 意见建议 › 全部意见 — masked, none of
another point's — and no menu they cannot use."""

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_points_events_journey import _staff_user
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]


def test_point_staff_walk_their_opinions(live_demo, new_page):
    from forms.intake import Submission, create_opinion
    from forms.models import Channel
    from liaison_points.models import LiaisonPointPage

    user, point = _staff_user("shizhong-jiedao")
    other = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    from drafts.models import RegulationDraftPage

    wenming = RegulationDraftPage.objects.get(slug="wenming", locale__language_code="zh-hans")
    theirs = create_opinion(
        wenming,
        Submission(text="黄河社区的意见，不该被市中街道看到", name="赵六", phone="13700001111"),
        channel=Channel.OFFLINE,
        point=other,
        check_window=False,
    )
    page = sign_in_browser(new_page(DESKTOP), live_demo.url, user, "/admin/opinions/offline/")
    page.select_option("#id_page", label="滨州市停车场管理条例（草案）")
    page.get_by_role("button", name="下一步：填写意见").click()
    page.wait_for_selector("#id_op-0-text")
    page.fill("#id_collected_on", timezone.localdate().isoformat())  # closed five days ago
    page.fill("#id_op-0-text", "居民说我家住在黄河五路12号，电话13612345678，小区停车难")
    page.fill("#id_op-0-name", "李四")
    page.get_by_role("button", name="保存全部").click()
    page.wait_for_selector("text=已录入 1 条线下意见")
    assert page.get_by_text("截止后收集").first.is_visible()
    screenshot(page, "point-staff-late-offline")

    page.goto(live_demo.url + "/admin/opinions/opinions/")
    body = page.locator("main").inner_text()
    assert "线下活动（截止后收集）" in body
    assert "李*" in body and "李四" not in body and "13612345678" not in body
    assert theirs.receipt_code not in body
    screenshot(page, "point-staff-opinions-desktop")
    sidebar = page.locator("aside, nav").first.inner_text()
    for label in ("意见统计", "报送批次", "相似意见组", "公开与反馈"):
        assert label not in sidebar, label

    page.locator("main table a", has_text="LB-").first.click()
    page.wait_for_selector("[data-opinion-text]")
    text = page.locator("[data-opinion-text]").inner_text()
    assert "13612345678" not in text and "黄河五路12号" not in text
    assert page.locator("[data-collected-late]").is_visible()
    screenshot(page, "point-staff-opinion-inspect")

    response = page.goto(live_demo.url + f"/admin/opinions/opinions/inspect/{theirs.pk}/")
    assert response.status == 404

    page.set_viewport_size(PHONE | {"height": 812})
    page.goto(live_demo.url + "/admin/opinions/opinions/")
    assert "截止后收集" in page.locator("main").inner_text()
    screenshot(page, "point-staff-opinions-phone")
    page.set_viewport_size(DESKTOP)
