"""Security regressions a resident or a staff member would hit in a real browser."""

import base64
import binascii

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser]


@pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed")
def test_back_button_and_submit_again_keeps_one_opinion(live_demo, new_page):
    """security.md: "the same form posted twice (double tap, back button) shows the first
    receipt". The form page is not cached, so Back reloads it with a new single-use token while
    Chromium restores the typed text: a second opinion with a second receipt code was stored."""
    from drafts.models import RegulationDraftPage
    from forms.models import Opinion

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    page = new_page(PHONE)
    page.goto(f"{live_demo.url}/opinions/new/{draft.pk}/")
    text = "返回后再点一次提交，不应多出一条意见。"
    page.get_by_label("意见内容").fill(text)
    page.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url("**/opinions/receipt/**")
    first = page.url
    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_label("意见内容").input_value() == text  # the browser kept the text
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url("**/opinions/receipt/**")
    screenshot(page, "walk-back-button-resubmit")
    assert Opinion.objects.filter(text=text).count() == 1
    assert page.url == first


def test_sign_up_name_of_invisible_characters_is_refused(live_demo, new_page):
    """The opinion form refuses zero-width-only text; the event sign-up took a name made only
    of zero-width spaces, so the 签到表 had a blank line nobody could call."""
    from events.models import EventNoticePage, EventRegistration

    event = EventNoticePage.objects.live().get(
        slug="yanglao-bandenghui", locale__language_code="zh-hans"
    )
    page = new_page(PHONE)
    page.goto(live_demo.url + event.url + "?register=1#registration")
    page.get_by_label("姓名").fill("\u200b\u200b")
    page.get_by_label("联系电话").fill("13900002222")
    page.get_by_label("我同意联系点使用以上信息联系我").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_load_state()
    screenshot(page, "walk-sign-up-invisible-name")
    assert not EventRegistration.objects.filter(event=event, phone="13900002222").exists()
    assert page.get_by_label("联系电话").input_value() == "13900002222"  # nothing typed lost


def test_two_factor_setup_key_can_be_typed_into_an_authenticator(live_demo, new_page):
    """Staff setting up on the phone that shows the page cannot scan it: they type the key.
    Authenticator apps take the base32 key of the QR code's otpauth:// URL; the page showed the
    40-digit hex key, which gives wrong codes."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user("walk-pii", password="walk-pass-1234")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_personal_data"),
    )
    page = new_page(DESKTOP)
    page.goto(live_demo.url + "/admin/login/")
    page.fill("input[name=username]", "walk-pii")
    page.fill("input[name=password]", "walk-pass-1234")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/setup/**")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown = page.locator("figure.qr code").inner_text().strip()
    expected = base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")
    assert shown.replace(" ", "").upper() == expected
