"""A resident half-way through an opinion switches to traditional Chinese (or English): the same
form opens in that language with what they typed still there, on a phone."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.browser.conftest import PHONE, screenshot
from tests.browser.phone import open_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("forms"), reason="forms plugin not installed"),
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]

TEXT = "建议第七条增加夜间遛犬必须牵绳的规定 😀 ＡＢＣ"


def test_switching_language_keeps_what_was_typed(live_demo, new_page):
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    visitor = new_page(PHONE)
    visitor.goto(live_demo.url + reverse("opinions_new", args=[draft.pk]))
    visitor.wait_for_load_state("load")
    visitor.fill("#id_text", TEXT)
    visitor.fill("#id_name", "王芳")
    open_menu(visitor)
    visitor.locator(".language-switcher a[hreflang='zh-hant']").click()
    visitor.wait_for_url("**/zh-hant/opinions/new/**")
    visitor.wait_for_load_state("load")
    assert visitor.input_value("#id_text") == TEXT
    assert visitor.input_value("#id_name") == "王芳"
    assert visitor.evaluate("document.documentElement.lang") == "zh-hant"
    screenshot(visitor, "keep-typed-zh-hant")
    # Kept once: reloading the page does not bring it back a second time.
    visitor.fill("#id_text", "")
    visitor.reload()
    visitor.wait_for_load_state("load")
    assert visitor.input_value("#id_text") == ""
