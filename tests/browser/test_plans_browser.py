"""A resident on a 375 px phone opens the demo's 2027 plan from the 立法计划 index, reads the items
as cards, comments on item 3 and gets a receipt; at 200 % text nothing runs off the screen."""

import pytest
from django.apps import apps

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812, choose_text_size, sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("forms"), reason="no opinions plugin"),
]


def test_a_resident_comments_on_item_3_from_a_phone(live_demo, new_page):
    from forms.models import Opinion
    from plans.models import LegislativePlanPage, PlanIndexPage

    index = PlanIndexPage.objects.get(locale__language_code="zh-hans")
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    item = plan.get_comment_targets()[2]

    resident = new_page(PHONE_812)
    resident.goto(live_demo.url + index.url)
    resident.get_by_role("link", name=plan.title).click()
    resident.wait_for_url("**" + plan.url)
    assert resident.locator("table").count() == 0  # cards, not a table
    card = resident.locator("#item-3")
    assert "第3项" in card.inner_text()
    assert sideways_overflow(resident) <= 0
    screenshot(resident, "plans-phone-plan")

    card.get_by_role("link", name="对本项提意见").click()
    resident.wait_for_url("**/opinions/new/**")
    assert item.label in resident.locator("h1").inner_text()
    resident.get_by_label("意见内容").fill("建议把老旧小区夜间共享停车位写进条例，并明确收费标准。")
    resident.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    resident.get_by_role("button", name="提交意见").click()
    resident.wait_for_url("**/opinions/receipt/**")
    code = resident.locator("#receipt-code").inner_text().strip()
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.page_id == plan.pk and opinion.article_key == item.key
    assert opinion.article_label == item.label
    assert sideways_overflow(resident) <= 0
    screenshot(resident, "plans-phone-receipt")


def test_the_plan_reflows_at_the_largest_text(live_demo, new_page):
    from plans.models import LegislativePlanPage

    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    resident = new_page(PHONE_812)
    resident.goto(live_demo.url + plan.url)
    choose_text_size(resident, "xlarge")
    assert sideways_overflow(resident) <= 0
    resident.goto(live_demo.url + "/en" + plan.url)
    assert "Comment on this item" in resident.locator("#item-3").inner_text()
    assert sideways_overflow(resident) <= 0
    screenshot(resident, "plans-phone-xlarge-en")
