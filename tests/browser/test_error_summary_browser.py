"""On a phone, a refused opinion opens with the error summary focused; its links focus the field."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.browser.conftest import PHONE, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


def test_a_refused_opinion_focuses_the_error_summary_on_a_phone(live_demo, new_page):
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    visitor = new_page(PHONE)
    visitor.goto(live_demo.url + reverse("opinions_new", args=[draft.pk]))
    visitor.get_by_role("button", name="提交意见").click()
    visitor.wait_for_selector("[data-error-summary]")
    visitor.wait_for_load_state("load")  # deferred scripts have run
    focused = "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
    assert visitor.evaluate(focused)
    screenshot(visitor, "forms-phone-error-summary")
    visitor.locator("[data-error-summary]").get_by_role("link", name="请填写意见内容。").click()
    visitor.wait_for_function("document.activeElement && document.activeElement.id === 'id_text'")
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
