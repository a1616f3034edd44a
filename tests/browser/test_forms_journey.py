"""A visitor on a phone comments on article 3 of the demo draft, gets a receipt code; an editor
answers it in the admin; the visitor sees the reply on the status page. Walked in the suite's
browser and in the full browser residents use (tests/browser/conftest.py)."""

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.signin import sign_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


@pytest.mark.parametrize("pages", ["new_page", "new_full_browser_page"])
def test_comment_answer_and_reply_round_trip(live_demo, pages, request, django_user_model):
    from drafts.models import RegulationDraftPage
    from forms.models import Opinion

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    article = draft.get_comment_targets()[2]

    new_page = request.getfixturevalue(pages)
    # The visitor reads article 3 on a phone and follows its comment link.
    visitor = new_page(PHONE)
    visitor.goto(live_demo.url + draft.url + "#article-3")
    # The link reads "对本条提意见"; screen readers also hear which article it is.
    link = visitor.locator("#article-3").get_by_role("link", name="对本条提意见")
    assert article.label in link.text_content()
    link.click()
    visitor.wait_for_url("**/opinions/new/**")
    assert article.label in visitor.locator("h1").inner_text()
    visitor.get_by_label("意见内容").fill("建议第三条写明由哪个部门负责监督，避免互相推诿。")
    assert "/ 5000" in visitor.locator(".char-counter").inner_text()
    visitor.get_by_label("手机号码").fill("13912348888")
    visitor.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    screenshot(visitor, "forms-phone-article-form")
    visitor.get_by_role("button", name="提交意见").click()
    visitor.wait_for_url("**/opinions/receipt/**")
    code = visitor.locator("#receipt-code").inner_text().strip()
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.article_key == article.key
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(visitor, "forms-phone-receipt")
    back = visitor.get_by_role("link", name=f"返回{article.label}继续阅读")
    assert back.get_attribute("href").endswith("#article-3")

    # An editor answers it in the Wagtail admin.
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-editor")
    from django.urls import reverse

    editor = new_page(DESKTOP)
    opinions = reverse("wagtailsnippets_forms_opinion:list") + f"?q={code}"
    sign_in_browser(editor, live_demo.url, user, opinions)
    editor.get_by_role("link", name=code).click()
    for status, reply in (
        ("reviewing", ""),
        ("forwarded", ""),
        ("adopted", "已采纳：修改稿第三条已明确由市文明办负责监督。"),
    ):
        editor.select_option("select[name=to_status]", status)
        if reply:
            editor.fill("textarea[name=reply]", reply)
        editor.get_by_role("button", name="保存", exact=True).click()
        editor.wait_for_load_state()
    screenshot(editor, "forms-admin-inspect")
    opinion.refresh_from_db()
    assert opinion.status == "adopted"

    # The visitor checks the status page.
    visitor.goto(live_demo.url + "/opinions/status/")
    visitor.get_by_label("回执码").fill(code.lower())
    visitor.get_by_label("手机号后四位").fill("8888")
    visitor.get_by_role("button", name="查询").click()
    assert (
        "已采纳：修改稿第三条已明确由市文明办负责监督。"
        in visitor.locator(".official-reply").inner_text()
    )
    assert "已转交法工委" in visitor.locator(".status-history").inner_text()
    screenshot(visitor, "forms-phone-status")
