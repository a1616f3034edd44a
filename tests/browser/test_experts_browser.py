"""定向征集 in a real browser: a member of the office (法工委联络员, not a superuser) picks experts
by field and invites them to the open draft; an invited expert opens the personal link on a
375 px phone and sends an opinion; the office sees the invitation opened and answered."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_office_invites_experts_and_an_expert_answers_on_a_phone(live_demo, new_page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from experts.models import Expert, ExpertiseField, Invitation
    from forms.models import Opinion

    office = get_user_model().objects.create_user("fgw-browser", "f@example.gov.cn", "pw-12345-abc")
    office.groups.add(Group.objects.get(name="法工委联络员"))
    expert = Expert.objects.create(
        name="欧阳教授", organisation="滨州学院", phone="13800009999", email="oy@example.org"
    )
    expert.fields.set([ExpertiseField.objects.get(name="环境资源")])
    base = live_demo.url

    page = sign_in_browser(new_page(DESKTOP), base, office, "/admin/experts/campaigns/new/")
    page.get_by_label("征集名称").fill("环境条款专家论证")
    page.get_by_label("专业领域").select_option(label="环境资源")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert page.get_by_label("征集名称").input_value() == "环境条款专家论证"  # kept
    page.get_by_label("征求意见的草案").select_option(label="滨州市文明行为促进条例（草案）")
    page.get_by_label("邀请内容").fill("请就草案中公共场所秩序的条款提出意见。")
    reply_by = timezone.localdate() + dt.timedelta(days=10)
    # Typed as the date picker would write it; the picker's pop-up would cover the list below.
    page.locator("#id_reply_by").evaluate("(el, v) => { el.value = v; }", reply_by.isoformat())
    page.get_by_label("欧阳教授", exact=False).check()
    assert page.get_by_text("李晓梅").count() == 0  # another field: filtered out
    screenshot(page, "experts-office-campaign-form")
    page.get_by_role("button", name="发送邀请").click()
    page.get_by_text("已向 1 位专家或机构发出邀请").wait_for()
    invitation = Invitation.objects.get(expert=expert)
    assert invitation.sent is True
    row = page.locator(f"tr[data-invitation='{invitation.pk}']")
    assert "138****9999" in row.inner_text() and "13800009999" not in page.content()
    assert "未反馈" in row.inner_text()

    phone = new_page(PHONE)
    phone.goto(base + f"/i/{invitation.code}")
    phone.wait_for_url("**/opinions/new/**")
    assert "定向征集" in phone.content()
    phone.get_by_label("意见内容").fill("建议第十二条对公共场所噪声的限值作出具体规定。")
    phone.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    assert _fits(phone)
    screenshot(phone, "experts-phone-expert-form")
    phone.get_by_role("button", name="提交意见").click()
    phone.wait_for_url("**/opinions/receipt/**")
    receipt = phone.locator("#receipt-code").inner_text().strip()
    opinion = Opinion.objects.get(receipt_code=receipt)
    assert (opinion.source_kind, opinion.source_code) == ("expert", invitation.code)

    page.reload()
    row = page.locator(f"tr[data-invitation='{invitation.pk}']")
    assert "已反馈 1 条" in row.locator("[data-answered]").inner_text()
    assert row.locator("[data-opened]").inner_text().strip() != "—"
    screenshot(page, "experts-office-campaign-answered")
