"""征询任务 on a phone: 黄河社区's staff member opens the task the office sent, records the 座谈讨论
step with a photo and one of the point's events, edits the report made from the steps and sends
it; the office then sees the point as 已报送 on its board and downloads the Word report."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]

TASK = "《滨州市文明行为促进条例（草案）》基层征求意见"


def _user(username, group):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user(
        username, f"{username}@example.gov.cn", "pw-12345-abc"
    )
    user.groups.add(Group.objects.get(name=group))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_point_staff_record_a_step_and_send_the_report_on_a_phone(live_demo, new_page, tmp_path):
    from liaison_points.models import LiaisonPointPage

    point = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    staff = _user("task-staff", f"联系点工作人员：{point.title}")
    photo = tmp_path / "座谈会.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    page = new_page(PHONE | {"height": 812})
    sign_in_browser(page, live_demo.url, staff, "/admin/tasks/")
    page.locator("[data-my-tasks]").get_by_role("link", name=TASK).click()
    page.wait_for_selector("[data-steps]")
    assert _fits(page)
    screenshot(page, "tasks-staff-assignment-phone")

    page.locator("[data-step=discussion]").get_by_role("link", name="记录这个环节").click()
    page.wait_for_selector("[data-step-form]")
    page.fill("#id_participants", "23")
    page.fill("#id_note", "社区议事厅座谈：居民建议在小区增设电动车集中充电点。")
    page.locator("input[name=activities]").first.check()
    page.set_input_files("#id_files", str(photo))
    assert _fits(page)
    screenshot(page, "tasks-staff-step-phone")
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_selector("text=已记录“座谈讨论”")
    step = page.locator("[data-step=discussion]")
    assert "23 人参与" in step.inner_text()
    assert "座谈会.jpg" in step.inner_text()

    page.get_by_role("link", name="生成并编辑报告").click()
    page.wait_for_selector("[data-report-form]")
    summary = page.locator("#id_summary")
    assert "座谈讨论（23 人参与）" in summary.input_value()
    summary.fill(summary.input_value() + "\n共组织三次活动。")
    assert _fits(page)
    screenshot(page, "tasks-staff-report-phone")
    page.get_by_role("button", name="报送法工委").click()
    page.wait_for_selector("[data-reported]")
    assert "汇总报告已报送法工委" in page.content()
    screenshot(page, "tasks-staff-reported-phone")

    office = _user("task-office", "法工委联络员")
    desk = new_page(DESKTOP)
    sign_in_browser(desk, live_demo.url, office, "/admin/tasks/board/?district=滨城区")
    row = desk.locator("[data-board] tr", has_text=point.title)
    assert "已报送" in row.inner_text()
    screenshot(desk, "tasks-office-board")
    row.locator("a", has_text="已报送").first.click()
    with desk.expect_download() as download:
        desk.get_by_role("link", name="下载汇总报告（Word）").click()
    assert download.value.suggested_filename.endswith(".docx")


def test_the_office_sends_a_report_back_and_the_point_resubmits_on_a_phone(live_demo, new_page):
    from liaison_points.models import LiaisonPointPage

    point = LiaisonPointPage.objects.get(slug="shizhong-jiedao", locale__language_code="zh-hans")
    office = _user("return-office", "法工委联络员")
    desk = new_page(DESKTOP)
    sign_in_browser(desk, live_demo.url, office, "/admin/tasks/board/?district=滨城区")
    column = [t.strip() for t in desk.locator("[data-board] thead th").all_inner_texts()]
    index = next(i for i, text in enumerate(column) if TASK[:8] in text)
    row = desk.locator("[data-board] tbody tr", has_text=point.title)
    row.locator("th, td").nth(index).locator("a").click()
    desk.wait_for_selector("[data-send-back]")
    # No reason: a clear error, nothing sent back.
    desk.locator("[data-send-back]").get_by_role("button", name="退回联系点补充").click()
    assert "退回时请写明理由" in desk.locator("[data-send-back]").inner_text()
    desk.fill("[data-send-back] textarea", "请补充座谈会签到表和照片。")
    desk.locator("[data-send-back]").get_by_role("button", name="退回联系点补充").click()
    desk.wait_for_selector("[data-returned]")
    screenshot(desk, "tasks-office-sent-back")

    staff = _user("return-staff", f"联系点工作人员：{point.title}")
    page = new_page(PHONE | {"height": 812})
    sign_in_browser(page, live_demo.url, staff, desk.url)
    notice = page.locator("[data-returned]")
    assert "请补充座谈会签到表和照片。" in notice.inner_text()
    assert _fits(page)
    screenshot(page, "tasks-staff-sent-back-phone")
    page.get_by_role("link", name="继续编辑报告").click()
    page.wait_for_selector("[data-report-form]")
    summary = page.locator("#id_summary")
    summary.fill(summary.input_value() + "\n已补充签到表和照片。")
    page.get_by_role("button", name="报送法工委").click()
    page.wait_for_selector("[data-reported]")
    assert "请补充座谈会签到表和照片。" in page.locator("[data-return-history]").inner_text()

    desk.goto(live_demo.url + "/admin/tasks/board/?district=滨城区")
    row = desk.locator("[data-board] tbody tr", has_text=point.title)
    assert "已报送" in row.locator("th, td").nth(index).inner_text()
