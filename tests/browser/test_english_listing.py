"""An English reader on the drafts index, before anyone has translated the drafts: they are listed
in Chinese with a "Chinese only" badge, nothing spills sideways, and a title opens the Chinese
page. Phone and desktop."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("viewport", [PHONE_812, DESKTOP], ids=["phone", "desktop"])
def test_english_reader_finds_the_chinese_drafts(live_demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(live_demo.url + "/en/drafts/")
    assert page.locator("html").get_attribute("lang") == "en"
    cards = page.locator(".draft-card")
    assert cards.count() > 0
    assert page.locator(".drafts-count").inner_text().endswith("drafts")
    first = cards.first
    badge = first.locator(".badge-original-language")
    assert badge.is_visible() and badge.inner_text() == "Chinese only"
    title = first.locator("h3 a")
    assert title.get_attribute("lang") == "zh-Hans"
    assert sideways_overflow(page) == 0
    screenshot(page, f"english-drafts-index-{viewport['width']}")

    title.click()
    page.wait_for_url(lambda url: not url.split(live_demo.url, 1)[1].startswith("/en/"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_english_home_on_a_phone_shows_the_open_chinese_draft(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/en/")
    section = page.locator(".home-open-drafts")
    section.scroll_into_view_if_needed()
    assert section.locator(".badge-original-language").first.is_visible()
    assert sideways_overflow(page) == 0
    screenshot(page, "english-home-open-drafts-375")
    # The Chinese site is as before: no badge.
    page.goto(live_demo.url + "/drafts/")
    assert page.locator(".draft-card").count() > 0
    assert page.locator(".badge-original-language").count() == 0
    screenshot(page, "chinese-drafts-index-375")
