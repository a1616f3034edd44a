"""At the door of an event, on a 375 px phone: a point's staff member (not a superuser, two-step
sign-in passed) checks in two people who signed up and one who walked in, then opens the QR poster;
a resident scans it and checks herself in, at 200 % text. The event then counts the person-times."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812, sideways_overflow
from tests.browser.test_points_events_journey import _staff_user
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]


def test_staff_check_in_at_the_door_and_a_resident_checks_herself_in(live_demo, new_page):
    from events.attendance import person_times
    from events.models import EventNoticePage

    event = EventNoticePage.objects.get(slug="wenming-zuotanhui", locale__language_code="zh-hans")
    now = timezone.now()
    event.start, event.end = now + dt.timedelta(minutes=20), now + dt.timedelta(hours=2)
    event.save(update_fields=["start", "end"])
    event.register("张三", "13912345678", 2)
    event.register("李四", "0543-7654321", 1)
    event.register("王秀兰", "13800001234", 1)

    user, _point = _staff_user("shizhong-jiedao")
    check_in = f"/admin/events/{event.pk}/check-in/"
    page = sign_in_browser(new_page(PHONE_812), live_demo.url, user, check_in)

    # Find 张三 by the last four digits of the phone, and check him in.
    page.fill("#ci-q", "5678")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("button", name="为 张三 签到").click()
    page.wait_for_selector("text=张三 签到成功（2 人）")
    # 李四 by name; his phone is shown in full to point staff (who hold the right).
    page.get_by_role("link", name="显示全部").click()
    assert "0543-7654321" in page.locator("main").inner_text()
    page.get_by_role("button", name="为 李四 签到").click()
    page.wait_for_selector("text=李四 签到成功（1 人）")
    # A walk-in without a phone.
    page.fill("#id_walkin-name", "赵大爷")
    page.fill("#id_walkin-people", "2")
    page.get_by_role("button", name="现场登记并签到").click()
    page.wait_for_selector("text=赵大爷 签到成功（2 人）")
    assert page.get_by_text("已签到 3 次，签到 5 人次").is_visible()
    assert sideways_overflow(page) <= 0
    screenshot(page, "event-check-in-staff-375")

    page.get_by_role("link", name="扫码签到二维码（打印或出示）").click()
    assert page.locator(".qr svg").is_visible()
    link = page.locator(".link").inner_text().strip()
    screenshot(page, "event-check-in-poster-375")

    # The resident: her own phone, 200 % text, no JavaScript needed.
    resident = new_page(PHONE_812, java_script_enabled=False)
    resident.context.add_cookies(
        [{"name": "lb_reading", "value": "xlarge.default", "url": live_demo.url}]
    )
    resident.goto(link)
    resident.fill("input[name=name]", "王秀兰")
    resident.fill("input[name=phone]", "１３８ 0000 1234")  # full-width, as an IME types it
    resident.get_by_role("button", name="签到", exact=True).click()
    resident.wait_for_selector("text=王秀兰，签到成功（1 人）")
    assert sideways_overflow(resident) <= 0
    screenshot(resident, "event-check-in-self-375-xlarge")

    assert person_times(event) == 6
    assert event.attendances.get(name="王秀兰").registration.name == "王秀兰"
