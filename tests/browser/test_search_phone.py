"""A resident searches on a phone: words from a draft's title and from its text find the
articles, shown as 《title》第N条 before the filters, and a tap opens the article. The English
search page reads the same way."""

import re

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]

# The demo's 文明行为促进 draft (its title has 文明, its penalty articles 罚款).
WENMING = "文明行为促进条例"


def top(page, selector) -> float:
    return page.locator(selector).bounding_box()["y"]


def search(page, url, query) -> list[str]:
    page.goto(url)
    page.locator("#search-q").fill(query)
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_selector(".search-hit")
    return page.locator(".search-hit h3").all_inner_texts()


def test_article_results_come_first_and_open_the_article(live_demo, new_page):
    page = new_page(PHONE_812)
    titles = search(page, live_demo.url + "/search/", "文明 罚款")
    articles = [title for title in titles if title.startswith("《")]
    assert articles, titles
    assert all(WENMING in title.split("》")[0] for title in articles), articles
    assert top(page, ".search-results") < top(page, ".search-facets")
    assert sideways_overflow(page) <= 0
    # Only a suggestion that finds more, and not a part of the query (罚款 alone).
    assert not page.locator(".search-suggestions").count()
    screenshot(page, "search-phone-zh-hans")
    # A wide screen puts the filters in a column beside the results.
    page.set_viewport_size(DESKTOP)
    facets = page.locator(".search-facets").bounding_box()
    results = page.locator(".search-results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
    screenshot(page, "search-desktop-zh-hans")

    page.locator(".search-hit h3 a", has_text=articles[0]).first.click()
    page.wait_for_url(re.compile("/drafts/wenming/"))


def test_english_search_page_reads_results_first(live_demo, new_page):
    page = new_page(PHONE_812)
    titles = search(page, live_demo.url + "/en/search/", "privacy")
    assert "Privacy policy" in titles
    heading = page.locator("#search-results-heading").inner_text()
    assert "found" in heading and "找到" not in heading
    assert top(page, ".search-results") < top(page, ".search-facets")
    assert sideways_overflow(page) <= 0
    screenshot(page, "search-phone-en")
