"""A resident opens their receipt link in WeChat (another browser, no receipt cookie) on a phone:
the page asks for the last four digits, whose box opens the number pad, and shows the opinion;
without JavaScript too. Desktop and English get the same page."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]

TEXT = "建议在集市旁增设公共厕所，方便老人。"


@pytest.fixture
def opinion(live_demo):
    from tests.factories import OpinionFactory

    return OpinionFactory(text=TEXT, phone="13812345678")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_receipt_link_opened_in_wechat_asks_for_the_last_four_digits(
    live_demo, new_page, opinion, javascript
):
    page = new_page(PHONE_812, java_script_enabled=javascript)
    response = page.goto(f"{live_demo.url}/opinions/receipt/{opinion.receipt_code}/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "查看意见回执"
    digits = page.get_by_label("手机号后四位")
    assert digits.get_attribute("inputmode") == "numeric"
    assert digits.get_attribute("pattern") == "[0-9]{4}"
    assert page.get_by_label("或：电子邮箱").get_attribute("type") == "email"
    assert page.get_by_label("回执码").input_value() == opinion.receipt_code
    assert sideways_overflow(page) <= 0
    if javascript:
        screenshot(page, "receipt-anywhere-phone")
    digits.fill("５６７８")  # a Chinese input method in full-width mode
    page.get_by_role("button", name="查看办理情况").click()
    page.wait_for_load_state()
    assert TEXT in page.locator(".opinion-status").inner_text()


def test_the_same_page_in_english_on_a_desktop(live_demo, new_page, opinion):
    page = new_page(DESKTOP)
    page.goto(f"{live_demo.url}/en/opinions/receipt/{opinion.receipt_code}/")
    digits = page.get_by_label("Last 4 digits of your mobile number")
    assert digits.get_attribute("inputmode") == "numeric"
    screenshot(page, "receipt-anywhere-desktop-en")


def test_a_decided_opinion_says_why_it_cannot_be_withdrawn(live_demo, new_page, opinion):
    from forms.workflow import Status, transition

    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step, notify=False)
    transition(opinion, Status.ADOPTED, reply="已在修改稿中体现。", notify=False)
    page = new_page(PHONE_812)
    page.goto(f"{live_demo.url}/opinions/status/?code={opinion.receipt_code}")
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "不能再撤回" in page.locator(".withdraw-refusal").inner_text()
    assert page.get_by_role("link", name="撤回这条意见").count() == 0
    assert sideways_overflow(page) <= 0
    screenshot(page, "status-decided-phone")
