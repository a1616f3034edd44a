"""Reflow: no page scrolls sideways on a 375 px phone at 200 % or at
150 % text, in any language, and no page needs anything its CSP refuses. Walks every URL of the
sitemap (each language's pages and their alternates) and the views the sitemap does not list (the
month calendar, a search with its facets)."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import screenshot, sqlite_pass_only
from tests.browser.phone import PHONE_812, choose_text_size, sideways_overflow

pytestmark = [pytest.mark.browser]

NOT_IN_SITEMAP = [
    "/events/?view=calendar",
    "/en/events/?view=calendar",
    "/search/?q=%E6%96%87%E6%98%8E",
    "/zh-hant/search/?q=%E6%96%87%E6%98%8E",
    "/en/search/?q=law",
]


def sitemap_paths(page, base_url) -> list[str]:
    xml = page.request.get(base_url + "/sitemap.xml").text()
    urls = re.findall(r'<loc>([^<]+)</loc>|href="([^"]+)"', xml)
    paths = {urlsplit(loc or href).path for loc, href in urls}
    return sorted(paths)


def _font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


@sqlite_pass_only
def test_no_page_scrolls_sideways_at_large_text_or_needs_what_the_csp_refuses(live_demo, new_page):
    """One visit per page checks all three. Each page is loaded at 200 % (the cookie the reading
    control sets); then the same document is measured again at 150 % by switching the class
    the server would have rendered for it (the text size is nothing but that class on <html>:
    core/reading.py), a relayout instead of a second visit. What the CSP refuses does not
    depend on the text size."""
    page = new_page(PHONE_812)  # one page for the whole walk
    page.goto(live_demo.url + "/")
    choose_text_size(page, "xlarge")  # the site's own control; the cookie carries it on
    paths = sitemap_paths(page, live_demo.url)
    assert {"/en/", "/zh-hant/"} <= set(paths)  # all three languages
    assert len(paths) > 50
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    wide, problems, sizes = {}, [], set()
    for path in paths + NOT_IN_SITEMAP:
        refused.clear()
        page.goto(live_demo.url + path)
        page.wait_for_load_state("load")
        problems += [f"{path}: {text}" for text in refused]
        assert "text-xlarge" in page.locator("html").get_attribute("class")
        for size in ("xlarge", "large"):
            if size == "large":
                page.evaluate(
                    "document.documentElement.classList.replace('text-xlarge', 'text-large')"
                )
            sizes.add((size, _font_size(page)))
            if (overflow := sideways_overflow(page)) > 1:
                wide[f"{path} [{size}]"] = overflow
                screenshot(page, f"reflow-{size}-" + path.strip("/").replace("/", "_"))
    # The switch took effect: two text sizes, 150 % smaller than 200 %.
    assert len(sizes) == 2 and dict(sizes)["large"] < dict(sizes)["xlarge"], sizes
    assert not wide, wide
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", ["large", "xlarge"])
@pytest.mark.parametrize(
    "path",
    [
        "/events/",  # the filters
        "/events/?view=calendar",  # the month: a list of days on a phone
        "/points/shizhong-jiedao/",  # the team list
        "/search/?q=%E6%96%87%E6%98%8E",  # the facets
    ],
)
def test_crowded_pages_reflow_in_high_contrast(live_demo, new_page, path, size):
    page = new_page(PHONE_812)
    page.context.add_cookies(
        [{"name": "lb_reading", "value": f"{size}.contrast", "url": live_demo.url}]
    )
    page.goto(live_demo.url + path)
    assert f"text-{size}" in page.locator("html").get_attribute("class")
    assert sideways_overflow(page) <= 1
    screenshot(page, f"reflow-{size}-" + path.strip("/").split("?")[0].replace("/", "_"))


def test_search_results_come_before_facets_on_a_phone(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/search/?q=%E6%96%87%E6%98%8E")
    results = page.locator(".search-results").bounding_box()
    facets = page.locator(".search-facets").bounding_box()
    assert results["y"] < facets["y"]


def test_calendar_lists_the_days_with_events_on_a_phone(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/events/?view=calendar")
    events = page.locator(".ev-calendar .ev-cal-event")
    if events.count() == 0:
        pytest.skip("no demo event this month")
    first = events.first
    assert first.is_visible()
    # Each is dated in the list (the weekday columns are gone).
    assert re.search(r"\d+月\d+日", first.inner_text())
    assert not page.locator(".ev-calendar thead").is_visible()
