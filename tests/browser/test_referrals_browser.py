"""转办 in a real browser: an 意见办理员 (no superuser, no personal data) refers a
request that is not about law-making to a department and records its reply on a desktop; the
resident finds the reply on a 375 px phone, in Chinese and in English, and rates it once."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow
from tests.signin import sign_in_browser

pytestmark = [pytest.mark.browser]


def _handler():
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    # live_demo flushes the database, and with it the office's groups made by migrations.
    importlib.import_module("forms.migrations.0007_office_roles").office_roles(apps, None)
    importlib.import_module("forms.migrations.0019_referrals_and_subjects").grant(apps, None)
    handler = get_user_model().objects.create_user("yj-referrer", "", "referrer-pass-123")
    handler.groups.add(Group.objects.get(name="意见办理员"))
    return handler


def _request(text, phone):
    from forms.intake import Submission, create_opinion
    from forms.models import Channel, OpinionFormPage

    form_page = OpinionFormPage.objects.get(slug="suggestions", locale__language_code="zh-hans")
    return create_opinion(
        form_page, Submission(text=text, phone=phone), channel=Channel.FORM, check_window=False
    )


@pytest.mark.parametrize(("prefix", "labels"), [
    ("", {"lookup": "手机号后四位", "find": "查询", "ask": "您对这次答复满意吗？",
          "choice": "基本满意", "send": "提交评价", "thanks": "感谢您的评价"}),
    ("/en", {"lookup": "Last 4 digits of your mobile number", "find": "Look up",
             "ask": "Are you satisfied with this reply?", "choice": "Fairly satisfied",
             "send": "Send rating", "thanks": "Thank you for your rating"}),
])  # fmt: skip
def test_office_refers_and_replies_and_the_resident_rates_on_a_phone(
    live_demo, new_page, prefix, labels
):
    from forms.models import Department, Referral

    handler = _handler()
    department = Department.objects.get(name="区住房和城乡建设局")
    opinion = _request("楼道里的灯坏了很久，物业一直不修。", "13955556666")
    base = live_demo.url

    office = new_page(DESKTOP)
    sign_in_browser(office, base, handler, f"/admin/opinions/opinions/inspect/{opinion.pk}/")
    assert "13955556666" not in office.content()  # masked for the role
    refer = office.locator("[data-refer-form]")
    refer.locator("select[name=department]").select_option(label=department.name)
    refer.locator("textarea[name=note]").fill("请督促物业维修。")
    refer.get_by_role("button", name="转办").click()
    office.wait_for_load_state()
    assert "已转办至区住房和城乡建设局" in office.content()
    reply = office.locator("[data-referral-reply-form]")
    reply.locator("textarea[name=reply]").fill("已责成物业三日内修复楼道照明。")
    reply.get_by_role("button", name="保存单位答复").click()
    office.wait_for_load_state()
    assert "已责成物业三日内修复楼道照明。" in office.locator("[data-referral-reply]").inner_text()
    screenshot(office, f"referral-office{prefix.replace('/', '-')}")

    phone = new_page(PHONE_812)
    phone.goto(f"{base}{prefix}/opinions/status/?code={opinion.receipt_code}")
    phone.get_by_label(labels["lookup"]).fill("6666")
    phone.get_by_role("button", name=labels["find"], exact=True).click()
    assert "已责成物业三日内修复楼道照明。" in phone.locator("[data-referral-reply]").inner_text()
    form = phone.locator("[data-rating-form]")
    assert labels["ask"] in form.inner_text()
    form.get_by_label(labels["choice"]).check()
    assert sideways_overflow(phone) <= 0
    screenshot(phone, f"referral-resident{prefix.replace('/', '-')}")
    form.get_by_role("button", name=labels["send"]).click()
    assert labels["thanks"] in phone.locator("[data-referral-rating]").inner_text()
    assert phone.locator("[data-rating-form]").count() == 0  # once
    assert sideways_overflow(phone) <= 0
    assert Referral.objects.get(opinion=opinion).rating == "fairly"
