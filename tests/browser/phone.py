"""What the phone tests share: a 375 x 812 screen (an iPhone X-sized phone, WeChat's usual one) and
the site's own reading control, used the way a resident uses it."""

PHONE_812 = {"width": 375, "height": 812}

# The label of each text size in the reading controls (templates/navigation/reading_controls.html).
TEXT_SIZE_LINKS = {"normal": "标准字号", "large": "大字号", "xlarge": "超大字号"}


def tap(page, locator) -> None:
    """Tap where the element is, as a finger does. (Playwright's ``click`` first scrolls the element
    into view, and for one in the sticky header that scrolls the page: a reader mid-draft would
    not have moved.)"""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def open_menu(page) -> None:
    """Open the phone header's menu (a no-op on wider screens, where there is no menu button)."""
    toggle = page.locator("[data-menu-toggle]")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        tap(page, toggle)
        page.wait_for_function("document.getElementById('site-menu').offsetHeight > 0")


def choose_text_size(page, size: str) -> None:
    """Pick a text size with the site's reading control (it keeps the choice in a cookie)."""
    open_menu(page)
    tap(
        page, page.locator("#site-menu").get_by_role("link", name=TEXT_SIZE_LINKS[size], exact=True)
    )
    page.wait_for_function(f"document.documentElement.classList.contains('text-{size}')")
    page.keyboard.press("Escape")


def h1_top(page) -> float:
    return page.evaluate("document.querySelector('h1').getBoundingClientRect().top")


def sideways_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 when it reflows)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
