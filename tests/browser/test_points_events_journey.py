"""A resident finds the nearest point on a phone, opens its next event and adds it to the
calendar; a point's staff member logs in and posts an event for their point."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from icalendar import Calendar

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]

# Next to 黄河社区 (37.4012 N, 117.9685 E), in the west of 滨城区.
NEAR_HUANGHE = {"latitude": 37.405, "longitude": 117.962}


def test_resident_finds_nearest_point_and_adds_its_next_event_to_calendar(
    live_demo, new_page, tmp_path
):
    from events.models import EventNoticePage

    page = new_page(PHONE, geolocation=NEAR_HUANGHE, permissions=["geolocation"])
    page.goto(live_demo.url + "/points/")
    assert page.locator("h1").inner_text() == "联系点"
    screenshot(page, "points-phone-index")
    page.get_by_role("button", name="找最近的联系点").click()
    page.get_by_text("已按离您的距离排序。").wait_for()
    first = page.locator("#point-list > li").first
    assert "黄河社区立法信息采集点" in first.inner_text()
    assert "约 0.7 公里" in first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "points-phone-nearest")

    first.get_by_role("link", name="黄河社区立法信息采集点").click()
    page.wait_for_url("**/points/huanghe-shequ/")
    events = page.get_by_role("region", name="近期活动")
    events.get_by_role("link").first.click()
    page.wait_for_url("**/points/huanghe-shequ/*/")
    title = page.locator("h1").inner_text()
    expected = (
        EventNoticePage.objects.live()
        .filter(slug__in=["yanglao-bandenghui", "fangzha-jiangzuo"], end__gte=timezone.now())
        .order_by("start")
        .first()
    )
    assert title == expected.title
    screenshot(page, "points-phone-event")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="添加到日历").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{expected.pk}.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    cal = Calendar.from_ical(path.read_bytes())
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == expected.title
    assert vevent.decoded("DTSTART") == expected.start
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_resident_signs_up_for_an_event_on_a_phone(live_demo, new_page):
    from events.models import EventNoticePage, EventRegistration

    event = EventNoticePage.objects.live().get(
        slug="yanglao-bandenghui", locale__language_code="zh-hans"
    )
    page = new_page(PHONE)
    page.goto(live_demo.url + event.url)
    # The event page itself holds no form (it is served from the page cache): a link opens it.
    assert page.locator("#registration form").count() == 0
    page.get_by_role("link", name="我要报名").click()
    page.wait_for_url("**?register=1#registration")
    page.get_by_label("姓名").fill("王大爷")
    page.get_by_label("联系电话").fill("13900001111")
    page.get_by_label("我同意联系点使用以上信息联系我").check()
    screenshot(page, "events-phone-sign-up")
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/registered/#signed-up")
    assert page.locator("h1").inner_text() == "报名成功"
    assert EventRegistration.objects.filter(event=event, phone="13900001111").count() == 1


def test_map_and_list_work_without_javascript(live_demo, new_page):
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live_demo.url + "/points/")
    assert not page.get_by_role("button", name="找最近的联系点").is_visible()
    page.select_option("#filter-district", "惠民县")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**district=*")
    items = page.locator("#point-list > li")
    assert items.count() == 2
    assert page.locator("svg.lp-map a.lp-marker").count() == 2


def _staff_user(slug):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from liaison_points.models import LiaisonPointPage

    point = LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")
    user = get_user_model().objects.create_user(f"staff-{slug}", "", "staff-pass-123")
    user.groups.add(Group.objects.get(name=f"联系点工作人员：{point.title}"))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, point


def test_staff_member_posts_an_event_for_their_point(live_demo, new_page):
    from events.models import EventNoticePage

    user, point = _staff_user("huanghe-shequ")
    # Point staff see residents' phones (sign-ups): their session has passed the second step.
    add_event = f"/admin/pages/{point.pk}/add_subpage/"
    page = sign_in_browser(new_page(DESKTOP), live_demo.url, user, add_event)
    page.get_by_role("link", name="活动通知").first.click()
    page.wait_for_url("**/add/events/eventnoticepage/**")
    start = timezone.localtime() + timedelta(days=4)
    page.fill("#id_title", "流动板凳会：楼道堆物怎么管")
    page.select_option("#id_event_type", "bench")
    page.fill("#id_start", start.strftime("%Y-%m-%d 15:00"))
    page.keyboard.press("Escape")
    page.fill("#id_end", start.strftime("%Y-%m-%d 17:00"))
    page.keyboard.press("Escape")
    page.fill("#id_place", "黄河小区东门议事亭")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(f"**/admin/pages/{point.pk}/")
    screenshot(page, "points-staff-published")

    event = EventNoticePage.objects.get(title="流动板凳会：楼道堆物怎么管")
    assert event.live
    assert event.get_parent().pk == point.pk
    assert timezone.localtime(event.start).hour == 15

    # The resident sees it at once on the point page and in the events list.
    public = new_page(PHONE)
    public.goto(live_demo.url + "/points/huanghe-shequ/")
    assert public.get_by_role("link", name="流动板凳会：楼道堆物怎么管").is_visible()

    # The point's staff cannot open another point in the editor.
    page.goto(live_demo.url + f"/admin/pages/{point.get_prev_sibling().pk}/edit/")
    assert "/edit/" not in page.url


@pytest.mark.skipif(
    not (apps.is_installed("forms") and apps.is_installed("drafts")),
    reason="offline opinions live in forms and attach to drafts",
)
def test_staff_member_enters_three_offline_opinions(live_demo, new_page):
    """Point staff enter three opinions from a 板凳会 in one form; the point's figures count them."""
    from forms.models import Opinion

    user, point = _staff_user("huanghe-shequ")
    before = Opinion.objects.filter(point=point).count()
    page = sign_in_browser(new_page(DESKTOP), live_demo.url, user, "/admin/opinions/offline/")
    # Their one point is preselected (once, not once per translation); the date is today.
    assert page.locator("#id_point option:checked").inner_text() == point.title
    assert page.locator("#id_collected_on").input_value() == str(timezone.localdate())
    page.select_option("#id_page", label="滨州市文明行为促进条例（草案）")
    page.get_by_role("button", name="下一步：填写意见").click()
    page.wait_for_selector("#id_op-0-text")
    texts = ["楼道堆物应当明确清理期限。", "建议增加对高空抛物的处罚。", "希望多设置公共厕所指引。"]
    for row, text in enumerate(texts):
        page.fill(f"#id_op-{row}-text", text)
    page.select_option("#id_op-1-article", label="第十条")
    page.get_by_role("button", name="保存全部").click()
    page.wait_for_selector("text=已录入 3 条线下意见")
    screenshot(page, "points-staff-offline-opinions")

    entered = Opinion.objects.filter(point=point).order_by("id")
    assert entered.count() == before + 3
    newest = list(entered)[-3:]
    assert [o.text for o in newest] == texts
    assert {o.channel for o in newest} == {"offline"}
    assert newest[1].article_label == "第十条"

    # The point page's figures include them at once.
    public = new_page(PHONE)
    public.goto(live_demo.url + "/points/huanghe-shequ/")
    totals = public.locator("#figures-title ~ table tfoot td").first.inner_text()
    assert int(totals) == before + 3
