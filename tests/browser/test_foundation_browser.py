"""A visitor on a phone or a desktop, in both languages, with the 适老化 reading controls."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.phone import open_menu

pytestmark = [pytest.mark.browser]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/", "zh-hans", "立法连心桥"),
        ("/about/", "zh-hans", "关于我们"),
        ("/en/", "en", "LawBridge"),
        ("/en/help/", "en", "Help"),
    ],
)
def test_pages_render_for_people(live_demo, new_page, viewport_name, path, lang, heading):
    viewport = PHONE if viewport_name == "phone" else DESKTOP
    page = new_page(viewport)
    page.goto(live_demo.url + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == heading
    open_menu(page)  # on a phone the navigation is behind the menu button
    assert page.get_by_role(
        "navigation", name="主导航" if lang == "zh-hans" else "Main navigation"
    ).is_visible()
    assert page.locator("footer").inner_text().count("备") >= 1  # filing numbers are shown
    assert _no_horizontal_scroll(page)
    screenshot(
        page, f"foundation-{viewport_name}-{lang}-{path.strip('/').replace('/', '_') or 'home'}"
    )


def test_large_text_and_contrast_persist_across_pages(live_demo, new_page):
    page = new_page(PHONE)
    page.goto(live_demo.url + "/")
    base_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    open_menu(page)
    page.get_by_role("link", name="大字号", exact=True).click()
    page.get_by_role("link", name="高对比度").click()
    assert "text-large" in page.locator("html").get_attribute("class")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="使用帮助").click()
    page.wait_for_url("**/help/")
    html_class = page.locator("html").get_attribute("class")
    assert "text-large" in html_class and "theme-contrast" in html_class
    large_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large_size >= base_size * 1.5
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert _no_horizontal_scroll(page)  # 150 % text still reflows on a 375 px screen
    screenshot(page, "foundation-phone-large-contrast")


def test_reading_controls_work_without_javascript(live_demo, new_page):
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live_demo.url + "/about/")
    page.get_by_role("link", name="菜单").click()  # opens the menu by :target
    page.get_by_role("link", name="超大字号").click()
    page.wait_for_url("**/about/")
    assert "text-xlarge" in page.locator("html").get_attribute("class")
    page.goto(live_demo.url + "/en/")
    assert "text-xlarge" in page.locator("html").get_attribute("class")


def test_keyboard_reaches_skip_link_and_menu(live_demo, new_page):
    page = new_page(DESKTOP)
    page.goto(live_demo.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到正文"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left >= 0")
    page.keyboard.press("Enter")
    # Following the link is queued by the browser, not done inside the key press.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    # The menu is reachable with Tab alone and its focus is visible.
    page.goto(live_demo.url + "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "关于我们":
            break
    else:
        pytest.fail("关于我们 is not reachable with the keyboard")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/about/")


def test_language_switcher_keeps_the_page(live_demo, new_page):
    page = new_page(PHONE)
    page.goto(live_demo.url + "/privacy/")
    open_menu(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/privacy/")
    assert page.locator("h1").inner_text() == "Privacy policy"


def test_the_suite_walks_in_the_same_chromium_release_as_the_full_browser(browser, full_browser):
    """The headless shell the suite walks in, when installed, is the same Chromium release as
    the browser residents use (both from Debian's chromium source package)."""
    if browser is full_browser:
        pytest.skip("the suite walks in the full browser itself: nothing to compare")
    assert browser.version == full_browser.version
