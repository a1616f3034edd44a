"""A resident signs up for an event on a phone, sees the cancel code, and later cancels with it:
the place is free again. In Chinese, and in English on the event's English translation."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812

pytestmark = [pytest.mark.browser]


def _event(language: str):
    from core.demo import ensure_translation
    from events.models import EventNoticePage

    event = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    if language == "zh-hans":
        return event
    from wagtail.models import Locale

    point = event.get_parent()
    if point.get_translation_or_none(Locale.objects.get(language_code=language)) is None:
        pytest.skip(f"the demo has no {language} translation of the point")
    return ensure_translation(event, language, title="Bench meeting on elderly care")


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "zh-hans",
            {
                "register": "我要报名",
                "name": "姓名",
                "done": "报名成功",
                "cancel_link": "取消报名",
                "code_phone": "报名时填写的电话号码",
                "confirm": "确认取消报名",
                "cancelled": "已取消您的报名",
                "places": "剩余名额：5 个",
            },
        ),
        (
            "en",
            {
                "register": "Sign up",
                "name": "Name",
                "done": "You are signed up",
                "cancel_link": "Cancel my sign-up",
                "code_phone": "Phone number you signed up with",
                "confirm": "Cancel my sign-up",
                "cancelled": "Your sign-up is cancelled",
                "places": None,
            },
        ),
    ],
)
def test_sign_up_see_the_code_cancel_and_the_place_is_free(live_demo, new_page, language, words):
    from events.models import EventRegistration

    event = _event(language)
    page = new_page(PHONE_812)
    page.goto(live_demo.url + event.url)
    section = page.locator("#registration")
    section.get_by_role("link", name=words["register"]).click()
    form = page.locator("#registration form")
    form.get_by_label(words["name"], exact=False).first.fill("张秀兰")
    form.locator("input[name=phone]").fill("１３８ 1234 5678")  # full-width, as an IME types it
    form.locator("input[name=people]").fill("2")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/registered/#signed-up")
    assert page.locator("h1").inner_text() == words["done"]
    code = page.locator("[data-cancel-code]").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"event-signup-code-{language}-375")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"event-signup-code-{language}-1280")
    registration = EventRegistration.objects.get(event_id=event.pk, cancelled__isnull=True)
    assert registration.cancel_code == code and registration.people == 2

    # Later, from any phone and without JavaScript: the event page links to the cancel page.
    page = new_page(PHONE_812, java_script_enabled=False)
    page.goto(live_demo.url + event.url)
    page.get_by_role("link", name=words["cancel_link"]).click()
    page.wait_for_url("**/cancel/")
    page.get_by_label(words["code_phone"]).fill("+86 138-1234-5678")
    page.locator("input[name=code]").fill(code)
    screenshot(page, f"event-cancel-form-{language}-375")
    page.get_by_role("button", name=words["confirm"]).click()
    page.get_by_text(words["cancelled"]).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"event-cancel-done-{language}-375")

    registration.refresh_from_db()
    assert registration.cancelled is not None
    event.refresh_from_db()
    assert event.places_left == event.capacity
    page.goto(live_demo.url + event.url)
    if words["places"]:
        assert words["places"] in page.locator("#registration").inner_text()


def test_staff_move_their_event_and_see_who_is_told(live_demo, new_page):
    """A point's staff member changes the place of their event after two sign-ups (one since
    cancelled): the editor is told how many the change goes to, the registrations page how many it
    reached, and the one still signed up gets the SMS."""
    from django.utils import timezone

    from core.notify import ConsoleSMSChannel
    from events.models import EventNoticePage
    from tests.browser.test_points_events_journey import _staff_user
    from tests.signin import sign_in_browser

    user, point = _staff_user("huanghe-shequ")
    event = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    event.register("张三", "13800000001", 1)
    gone = event.register("李四", "13800000002", 1)
    gone.cancelled = timezone.now()
    gone.save()
    ConsoleSMSChannel.sent = []

    edit = f"/admin/pages/{event.pk}/edit/"
    page = sign_in_browser(new_page(DESKTOP), live_demo.url, user, edit)
    page.fill("#id_place", "黄河小区文化广场")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(f"**/admin/pages/{point.pk}/")
    page.get_by_text("活动的变更将以短信通知 1 位已报名的群众").wait_for()
    screenshot(page, "event-staff-published-change-1280")

    page.goto(live_demo.url + f"/admin/events/{event.pk}/registrations/")
    assert "已通知 1 / 1 人" in page.locator("main").inner_text()
    screenshot(page, "event-staff-registrations-1280")
    assert [(phone, "黄河小区文化广场" in text) for phone, text in ConsoleSMSChannel.sent] == [
        ("13800000001", True)
    ]
