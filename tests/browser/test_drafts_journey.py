"""A visitor on a phone: the drafts index → an open draft → article 10 via the table of contents →
a draft with two versions → the comparison of its versions."""

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_phone_journey_index_draft_article_compare(live_demo, new_page):
    page = new_page(PHONE)
    page.goto(live_demo.url + "/drafts/")
    assert page.locator("h1").inner_text() == "草案征求意见"
    first = page.locator(".draft-card").first
    assert "征求意见中" in first.inner_text() and "还剩" in first.inner_text()
    assert _no_horizontal_scroll(page)
    screenshot(page, "drafts-phone-1-index")

    first.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "滨州市文明行为促进条例（草案）"
    assert "正在征求意见" in page.locator(".draft-banner").inner_text()
    toc_button = page.get_by_role("button", name="目录", exact=True)
    toc_button.click()
    toc = page.get_by_role("navigation", name="目录")
    toc.locator('a[href="#article-10"]').click()
    page.wait_for_function("location.hash === '#article-10'")
    article = page.locator("#article-10")
    assert article.inner_text().startswith("第十条")
    assert article.is_visible()
    box = article.bounding_box()
    assert 0 <= box["y"] < PHONE["height"] / 2  # scrolled to the top of the screen
    assert _no_horizontal_scroll(page)
    screenshot(page, "drafts-phone-2-article-10", full_page=False)

    # jump form works too (no JavaScript needed: the server redirects to the anchor); it is in
    # the table of contents, which the article link closed
    toc_button.click()
    page.get_by_label("跳转到第").fill("3")
    page.get_by_role("button", name="前往").click()
    page.wait_for_function("location.hash === '#article-3'")

    page.goto(live_demo.url + "/drafts/")
    page.get_by_role("link", name="滨州市停车场管理条例（草案）").click()
    assert "征求意见已于" in page.locator(".draft-banner").inner_text()
    page.get_by_role("link", name="版本对照").click()
    assert page.locator("h1").inner_text().startswith("版本对照")
    summary = page.locator(".compare-summary").inner_text()
    assert "新增 1 条" in summary and "删除 1 条" in summary and "修改 3 条" in summary
    assert page.locator(".compare-changed ins").first.is_visible()
    assert _no_horizontal_scroll(page)
    screenshot(page, "drafts-phone-3-compare")

    page.locator(".compare-changed .compare-history").first.click()
    assert "修改历史" in page.locator("h1").inner_text()
    screenshot(page, "drafts-phone-4-history")


def test_desktop_draft_and_print_view(live_demo, new_page):
    page = new_page(DESKTOP)
    page.goto(live_demo.url + "/drafts/tingche/")
    screenshot(page, "drafts-desktop-draft")
    page.get_by_role("link", name="打印版（含二维码）").click()
    assert page.locator("article.print-article svg").count() == 26
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "drafts-desktop-print")
