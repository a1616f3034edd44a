"""Keyboard alone: the skip link, the main menu, the comment form on a draft (the disclosure and
an article's comment link), the draft's table of contents and jump box, the events calendar's
month links, and the search box — reached with Tab, used with Enter / Space / typing. Every
element that takes focus on the way shows a visible focus outline."""

import re

import pytest
from django.apps import apps

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser]

needs = {
    app: pytest.mark.skipif(not apps.is_installed(app), reason=f"{app} plugin not installed")
    for app in ("drafts", "forms", "events", "search")
}

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    href: el.getAttribute('href') || '', text: (el.innerText || el.value || '').trim().slice(0, 40),
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    shadow: style.boxShadow, visible: box.width > 0 && box.height > 0,
  };
}"""


def focus_is_visible(info) -> bool:
    return info["visible"] and (
        (info["outline"] != "none" and info["outlineWidth"] >= 2) or info["shadow"] != "none"
    )


def tab_to(page, matches, limit=400, backwards=False):
    """Press Tab until the focused element satisfies ``matches``; every stop on the way must show
    its focus. Returns what is focused."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = page.evaluate(FOCUSED)
        if info is None:
            continue
        assert focus_is_visible(info), f"focus not visible on {info}"
        seen.append(info)
        if matches(info):
            return info
    raise AssertionError(f"never reached; last stops: {seen[-5:]}")


@pytest.fixture
def kb_page(live_demo, new_page):
    def make(path, viewport=DESKTOP):
        page = new_page(viewport)
        page.goto(live_demo.url + path)
        return page

    return make


def test_skip_link_moves_focus_to_the_content(kb_page):
    page = kb_page("/", PHONE)
    page.keyboard.press("Tab")
    info = page.evaluate(FOCUSED)
    assert info["href"] == "#main" and focus_is_visible(info)
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    # Following a link is queued as a task by the browser, not done inside the key press: wait for
    # it instead of reading the address at once (which read the old one on a loaded machine).
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    page.keyboard.press("Tab")  # the next stop is inside the content, past the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_main_menu(kb_page):
    page = kb_page("/", PHONE)
    # On a phone the navigation is behind the menu button: Enter opens it, Tab goes on into it.
    tab_to(page, lambda i: i["tag"] == "button" and "菜单" in i["text"])
    page.keyboard.press("Enter")
    tab_to(page, lambda i: i["href"] == "/about/" or i["text"] == "关于我们")
    nav = page.evaluate("document.activeElement.closest('nav')?.getAttribute('aria-label')")
    assert nav
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/about/$"))
    assert page.locator("h1").inner_text() == "关于我们"


@needs["drafts"]
@needs["forms"]
def test_comment_on_a_draft_with_the_keyboard(kb_page):
    page = kb_page("/drafts/wenming/", PHONE)
    # The link "对草案提意见" leads to the whole-draft form: Enter follows it, then fill in and send.
    tab_to(page, lambda i: i["tag"] == "a" and "对草案提意见" in i["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/opinions/new/\d+/$"))
    tab_to(page, lambda i: i["name"] == "text")
    page.keyboard.type("建议对不文明养犬行为规定具体的处罚标准。")
    tab_to(page, lambda i: i["name"] == "privacy_consent")
    page.keyboard.press("Space")
    tab_to(page, lambda i: i["tag"] == "button" and "提交意见" in i["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/opinions/receipt/"))
    assert "意见已收到" in page.locator("h1").inner_text()
    screenshot(page, "keyboard-receipt")


@needs["drafts"]
@needs["forms"]
def test_article_comment_link_and_back(kb_page):
    page = kb_page("/drafts/wenming/", PHONE)
    tab_to(page, lambda i: "opinion-link" in page.evaluate("document.activeElement.className"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/opinions/new/\d+/\?article="))
    tab_to(page, lambda i: i["name"] == "text")
    page.keyboard.type("第一条的立法目的建议写得更具体。")
    tab_to(page, lambda i: i["name"] == "privacy_consent")
    page.keyboard.press("Space")
    tab_to(page, lambda i: i["tag"] == "button" and i["text"].startswith("提交"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/opinions/receipt/"))
    tab_to(page, lambda i: "继续阅读" in i["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/drafts/wenming/#article-1$"))


@needs["drafts"]
def test_table_of_contents_and_jump_box(kb_page):
    page = kb_page("/drafts/wenming/", DESKTOP)
    tab_to(page, lambda i: i["href"] == "#article-3")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#article-3$"), timeout=5000)
    assert page.evaluate("document.querySelector('#article-3').matches(':target')")
    page.goto(page.url.split("#")[0])
    tab_to(page, lambda i: i["id"] == "jump-to")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#article-5$"))


@needs["events"]
def test_calendar_months(kb_page):
    page = kb_page("/events/?view=calendar", DESKTOP)
    title = page.locator("#calendar-title").inner_text()
    tab_to(page, lambda i: "下个月" in i["text"])
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    following = page.locator("#calendar-title").inner_text()
    assert following != title
    tab_to(page, lambda i: "上个月" in i["text"])
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.locator("#calendar-title").inner_text() == title
    # The days' events are links reached by Tab as well.
    tab_to(page, lambda i: "下个月" in i["text"])


@needs["search"]
def test_search_box_to_the_first_result(kb_page):
    page = kb_page("/", PHONE)
    # On a phone the header's search is a button to the search page and its box.
    tab_to(page, lambda i: i["href"] == "/search/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/$"))
    tab_to(page, lambda i: i["name"] == "q")
    page.keyboard.type("停车")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    first = page.locator(".search-hits a").first
    href = first.get_attribute("href")
    tab_to(page, lambda i: i["href"] == href)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.split("#")[0])))
