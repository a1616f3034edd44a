"""The phone header: name, search and a menu button holding the languages, the
reading controls and the navigation; headings near the top at any text size; changing the text
size keeps the reader's place. Desktop keeps the full header."""

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, choose_text_size, h1_top, open_menu

pytestmark = [pytest.mark.browser]

# Every kind of page a resident opens from the home page, and a search.
BUDGET_PAGES = [
    "/",
    "/drafts/",
    "/drafts/wenming/",
    "/events/",
    "/points/shizhong-jiedao/",
    "/search/?q=%E6%96%87%E6%98%8E",
]


@pytest.mark.parametrize("size", ["normal", "xlarge"])
def test_heading_starts_near_the_top_on_a_phone(live_demo, new_page, size):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/about/")
    if size != "normal":
        choose_text_size(page, size)
    # 100 %: within the top quarter of the screen; 200 %: within the first screen.
    budget = PHONE_812["height"] / 4 if size == "normal" else PHONE_812["height"] - 40
    for path in BUDGET_PAGES:
        page.goto(live_demo.url + path)
        assert h1_top(page) < budget, (path, size, h1_top(page))
    screenshot(page, f"phone-header-search-{size}")


def test_menu_button_opens_languages_reading_and_navigation(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/drafts/")
    header = page.locator(".site-header")
    assert header.get_by_role("link", name="立法连心桥").is_visible()
    assert header.get_by_role("link", name="搜索").is_visible()
    nav = page.get_by_role("navigation", name="主导航")
    assert not nav.is_visible()
    button = page.get_by_role("button", name="菜单")
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-menu"
    # The closed header is one short bar.
    assert header.bounding_box()["height"] < 70

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    menu = page.locator("#site-menu")
    assert menu.get_by_role("link", name="English").is_visible()
    assert menu.get_by_role("link", name="超大字号").is_visible()
    assert menu.get_by_role("link", name="高对比度").is_visible()
    screenshot(page, "phone-header-menu-open")

    page.keyboard.press("Escape")
    assert not nav.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"

    # The navigation works from the menu.
    open_menu(page)
    nav.get_by_role("link", name="活动通知").click()
    page.wait_for_url("**/events/")


def test_menu_works_without_javascript(live_demo, new_page):
    page = new_page(PHONE_812, java_script_enabled=False)
    page.goto(live_demo.url + "/")
    nav = page.get_by_role("navigation", name="主导航")
    assert not nav.is_visible()
    page.locator(".site-header").get_by_role("link", name="菜单").click()
    assert nav.is_visible()
    page.locator("#site-menu").get_by_role("link", name="超大字号").click()
    page.wait_for_load_state()
    assert "text-xlarge" in page.locator("html").get_attribute("class")


def test_desktop_keeps_the_full_header(live_demo, new_page):
    page = new_page(DESKTOP)
    page.goto(live_demo.url + "/")
    header = page.locator(".site-header")
    assert not page.locator(".menu-toggle").is_visible()
    assert header.get_by_role("navigation", name="主导航").is_visible()
    assert header.locator("#header-search-q").is_visible()
    assert header.get_by_role("link", name="English").is_visible()
    assert header.get_by_role("link", name="超大字号").is_visible()
    # The languages share the first row with the name (the header is not stacked as on a phone).
    brand = header.get_by_role("link", name="立法连心桥").bounding_box()
    english = header.get_by_role("link", name="English").bounding_box()
    assert abs(english["y"] - brand["y"]) < brand["height"]
    assert h1_top(page) < 300
    screenshot(page, "desktop-header")


def test_changing_text_size_keeps_the_article_being_read(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/drafts/wenming/")
    inset = page.locator(".header-top").bounding_box()["height"]
    # The reader is a little way into 第八条.
    page.evaluate(
        """inset => { const a = document.getElementById('article-8');
        window.scrollBy(0, a.getBoundingClientRect().top - inset + 30); }""",
        inset,
    )
    choose_text_size(page, "xlarge")  # opens the menu, taps 超大字号, closes it with Escape
    inset = page.locator(".header-top").bounding_box()["height"]
    box = page.locator("#article-8").bounding_box()
    assert box["y"] <= inset + 1 < box["y"] + box["height"], (box, inset)
