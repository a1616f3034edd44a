"""Reflow (issue 15, part 5): no page scrolls sideways on a 375 px phone at 200 % text, in any
language. Walks every URL of the sitemap (each language's pages and their alternates) and the
views the sitemap does not list (the month calendar, a search with its facets)."""

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


@sqlite_pass_only
def test_no_page_scrolls_sideways_at_200_percent(live_demo, new_page):
    page = new_page(PHONE_812)  # one page for the whole walk
    page.goto(live_demo.url + "/")
    choose_text_size(page, "xlarge")  # the site's own control; the cookie carries it on
    paths = sitemap_paths(page, live_demo.url)
    assert {"/en/", "/zh-hant/"} <= set(paths)  # all three languages
    assert len(paths) > 50
    wide = {}
    for path in paths + NOT_IN_SITEMAP:
        page.goto(live_demo.url + path)
        assert "text-xlarge" in page.locator("html").get_attribute("class")
        if (overflow := sideways_overflow(page)) > 1:
            wide[path] = overflow
            screenshot(page, "reflow-" + path.strip("/").replace("/", "_"))
    assert not wide, wide


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
