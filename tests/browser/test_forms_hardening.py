"""A person filling the opinion form too fast (like a bot) is asked for the CAPTCHA, keeps what
they typed, solves it on a phone and gets a receipt; the CAPTCHA image satisfies our CSP."""

import pytest
from django.apps import apps

from tests.browser.conftest import PHONE, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


def test_captcha_round_trip_keeps_the_text(live_demo, new_page, settings):
    from captcha.models import CaptchaStore

    from drafts.models import RegulationDraftPage
    from forms.models import Opinion

    settings.SPAM_DEFENCE = True
    settings.SPAM_MIN_FILL_SECONDS = 120  # anyone is "too fast": the CAPTCHA appears
    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    page = new_page(PHONE)
    refusals = []
    page.on(
        "console",
        lambda msg: refusals.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_demo.url}/opinions/new/{draft.pk}/")
    box = page.locator("#div_id_website").bounding_box()
    assert box["x"] + box["width"] < 0  # the honeypot is off-screen for people
    text = "建议增加对电动自行车进楼充电的处罚规定。"
    page.get_by_label("意见内容").fill(text)
    page.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    page.get_by_role("button", name="提交意见").click()

    alert = page.locator(".alert-warning[role=alert]")
    assert "为确认是您本人提交" in alert.inner_text()
    assert page.get_by_label("意见内容").input_value() == text
    image = page.locator("img.captcha-image")
    image.wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.captcha-image');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    screenshot(page, "forms-phone-captcha")
    key = page.locator("input[name=captcha_0]").get_attribute("value")
    page.get_by_label("验证码").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url("**/opinions/receipt/**")
    code = page.locator("#receipt-code").inner_text().strip()
    assert Opinion.objects.get(receipt_code=code).text == text
    assert not refusals, refusals
