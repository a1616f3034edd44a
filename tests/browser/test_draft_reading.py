"""A resident reads the open demo draft on a phone: the text starts soon after
the title, the 目录 button stays in reach however deep they read (with and without JavaScript),
an article's public opinions open in place, and each article leads to the next. On a desktop the
TOC is a tree beside the text that stays on screen."""

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, choose_text_size, sideways_overflow, tap

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]

DRAFT = "/drafts/wenming/"
# Where the first article's text may start, from the top of the page (not of the screen).
# 100 %: within two screens (today about one); 200 %: within three (today about 2.6).
BUDGET = {"normal": 2 * PHONE_812["height"], "xlarge": 3 * PHONE_812["height"]}


def page_top(page, selector: str) -> float:
    return page.evaluate(
        f"document.querySelector('{selector}').getBoundingClientRect().top + window.scrollY"
    )


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(
        box
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE_812["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE_812["width"]
    )


@pytest.mark.parametrize("size", ["normal", "xlarge"])
def test_first_article_starts_within_budget_on_a_phone(live_demo, new_page, size):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + DRAFT)
    if size != "normal":
        choose_text_size(page, size)
        page.goto(live_demo.url + DRAFT)
    top = page_top(page, "#article-1")
    assert top <= BUDGET[size], (size, top)
    assert sideways_overflow(page) <= 1
    screenshot(page, f"draft-reading-phone-{size}", full_page=False)


def test_toc_button_stays_in_reach_and_jumps_to_an_article(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + DRAFT + "#article-40")
    button = page.get_by_role("button", name="目录", exact=True)
    assert in_viewport(page, button)
    assert button.get_attribute("aria-expanded") == "false"
    toc = page.locator("#toc")
    assert not toc.is_visible()

    tap(page, button)
    assert toc.is_visible() and button.get_attribute("aria-expanded") == "true"
    screenshot(page, "draft-reading-phone-toc")
    toc.get_by_role("link", name="第四十五条", exact=True).click()
    page.wait_for_function("location.hash === '#article-45'")
    assert not toc.is_visible()
    assert 0 <= page.locator("#article-45").bounding_box()["y"] < PHONE_812["height"] / 3

    # Closing the panel leaves the reader where they were.
    scrolled = page.evaluate("window.scrollY")
    tap(page, button)
    toc.get_by_role("link", name="关闭目录").click()
    assert not toc.is_visible()
    assert page.evaluate("window.scrollY") == scrolled
    # Focus is back on the button (keyboard and screen reader users carry on from there).
    assert page.evaluate("document.activeElement.hasAttribute('data-toc-open')")


def test_toc_button_works_without_javascript(live_demo, new_page):
    page = new_page(PHONE_812, java_script_enabled=False)
    page.goto(live_demo.url + DRAFT + "#article-30")
    link = page.get_by_role("link", name="目录", exact=True)
    assert in_viewport(page, link)
    toc = page.locator("#toc")
    assert not toc.is_visible()
    tap(page, link)
    assert toc.is_visible()
    toc.get_by_role("link", name="第三条", exact=True).click()
    page.wait_for_function("location.hash === '#article-3'")
    assert not toc.is_visible()
    assert page.locator("#article-3").is_visible()


def test_article_opens_its_public_opinions_in_place_and_leads_to_the_next(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + DRAFT)
    disclosure = page.locator("details.article-opinions").first
    article = page.locator("article.draft-article", has=disclosure).first
    opinions = disclosure.locator("li.public-opinion")
    assert not opinions.first.is_visible()
    disclosure.locator("summary").click()
    assert opinions.first.is_visible()
    assert "公开意见" in disclosure.locator("summary").inner_text()
    screenshot(page, "draft-reading-phone-opinions")

    anchor = article.get_attribute("id")
    ordinal = int(anchor.rsplit("-", 1)[1])
    article.locator('a[rel="next"]').click()
    page.wait_for_function(f"location.hash === '#article-{ordinal + 1}'")


def test_desktop_shows_the_toc_tree_beside_the_text_while_reading(live_demo, new_page):
    page = new_page(DESKTOP)
    page.goto(live_demo.url + DRAFT)
    toc = page.locator("#toc")
    text = page.locator(".draft-text")
    assert toc.is_visible()
    assert toc.bounding_box()["x"] + toc.bounding_box()["width"] <= text.bounding_box()["x"]
    assert not page.locator(".toc-button").is_visible()
    screenshot(page, "draft-reading-desktop")
    page.goto(live_demo.url + DRAFT + "#article-40")
    box = toc.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"] / 2  # sticky: still on screen deep in the text
