"""A resident on a 375 px phone reads the demo's regulation in force (the 供热条例): the text
starts soon after the title, the 目录 button jumps to an article, an older version reads at its
own address; they open the evaluation called out on the page and comment on one article through
the opinion form, at 100 % and 200 % text."""

import pytest
from django.apps import apps

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812, choose_text_size, sideways_overflow, tap

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (apps.is_installed("regulations") and apps.is_installed("forms")),
        reason="regulations or forms plugin not installed",
    ),
]

REGULATION = "/fagui/gongre/"


def _top(page, selector: str) -> float:
    return page.evaluate(
        f"document.querySelector('{selector}').getBoundingClientRect().top + window.scrollY"
    )


@pytest.mark.parametrize("size", ["normal", "xlarge"])
def test_a_resident_reads_the_text_in_force_and_comments_on_an_article(live_demo, new_page, size):
    from forms.models import Opinion
    from regulations.models import EvaluationPage

    evaluation = EvaluationPage.objects.live().get(slug="pinggu", locale__language_code="zh-hans")
    page = new_page(PHONE_812)
    page.goto(live_demo.url + REGULATION)
    if size != "normal":
        choose_text_size(page, size)
        page.goto(live_demo.url + REGULATION)
    # The first article within two screens at 100 %, three at 200 %.
    screens = 2 if size == "normal" else 3
    assert _top(page, "#article-1") <= screens * PHONE_812["height"]
    assert sideways_overflow(page) <= 1
    # No date is broken across lines ("2016年9月" / "26日"): each sits on one line box.
    lines_per_date = page.evaluate(
        """() => {
            const node = document.querySelector('.reg-dates').firstChild;
            return [...node.textContent.matchAll(/\\d{4}年\\d{1,2}月\\d{1,2}日/g)].map(m => {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            });
        }"""
    )
    assert lines_per_date and set(lines_per_date) == {1}, lines_per_date
    screenshot(page, f"regulation-phone-{size}")

    # 目录 → 第十六条: the panel closes and the article is on screen.
    button = page.get_by_role("button", name="目录", exact=True)
    tap(page, button)
    toc = page.locator("#toc")
    assert toc.is_visible()
    toc.get_by_role("link", name="第十六条", exact=True).click()
    assert not toc.is_visible()
    page.wait_for_function("location.hash === '#article-16'")
    box = page.locator("#article-16").bounding_box()
    assert 0 <= box["y"] < PHONE_812["height"]
    assert "十二小时" in page.locator("#article-16").inner_text()  # as amended in 2021

    # The text as promulgated in 2016 reads at its own address.
    page.locator(".reg-versions").get_by_role("link", name="公布", exact=True).click()
    page.wait_for_url("**/versions/1/")
    assert "二十四小时" in page.locator("#article-16").inner_text()
    assert sideways_overflow(page) <= 1
    page.go_back()

    # The open evaluation, then a comment on 第十六条 through the opinion form.
    page.locator(".reg-banner").get_by_role("link").click()
    page.wait_for_url(f"**{evaluation.url}")
    assert sideways_overflow(page) <= 1
    screenshot(page, f"evaluation-phone-{size}")
    link = page.locator("#article-16").get_by_role("link", name="对本条提意见")
    link.click()
    page.wait_for_url("**/opinions/new/**")
    assert "第十六条" in page.locator("h1").inner_text()
    page.get_by_label("意见内容").fill(
        "第十六条的停止供热提前通知，我们小区去年没有收到，建议明确通知方式。"
    )
    page.get_by_label("手机号码").fill("13912347777")
    page.get_by_label("我已阅读并同意隐私说明", exact=False).check()
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url("**/opinions/receipt/**")
    code = page.locator("#receipt-code").inner_text().strip()
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.page_id == evaluation.pk and opinion.article_label == "第十六条"
    assert sideways_overflow(page) <= 1
