"""core/upstream/page_urls.py: a page's URL worked out from its ancestor's is the URL Wagtail gives
it, for every page of the demo in every language and for a slug that needs quoting; where the
shortcut would not hold, it says so and the menu asks Wagtail."""

import pytest
from wagtail.models import Page, Site
from wagtail.models import pages as wagtail_pages

from core.navigation import menu_entries
from core.upstream.page_urls import urls_below

pytestmark = pytest.mark.django_db


def roots():
    return [page.specific for page in Page.objects.filter(depth=2)]


def test_every_demo_page_gets_the_url_wagtail_gives_it(demo_site):
    checked = 0
    for root in roots():
        for base in [root, *root.get_children()]:
            pages = list(base.get_descendants())
            urls = urls_below(base, base.url, [page.url_path for page in pages])
            assert urls == [page.url for page in pages], base
            checked += len(pages)
    assert checked > 100


def test_a_slug_that_needs_quoting(demo_site):
    home = roots()[0]
    page = home.add_child(instance=Page(title="征求意见", slug="征求意见-2026"))
    [url] = urls_below(home, home.url, [page.url_path])
    assert url == page.url and "%E5%BE%81" in url


def test_the_menu_reads_as_wagtail_builds_it(demo_site):
    for root in roots():
        expected = [(child.title, child.url) for child in root.get_children().live().in_menu()]
        assert expected and menu_entries(root) == expected


def test_where_the_shortcut_does_not_hold_it_says_so(demo_site, monkeypatch):
    home = roots()[0]
    child = home.get_children().live().in_menu().first()
    paths = [page.url_path for page in child.get_descendants()]
    assert urls_below(home, home.url, paths) is not None
    # A page outside the base.
    assert urls_below(child, child.url, [home.url_path]) is None
    # A site rooted below the base: its pages could belong to two sites.
    Site.objects.create(hostname="second.example", root_page=child)
    assert urls_below(home, home.url, paths) is None
    Site.objects.filter(hostname="second.example").delete()
    # Wagtail then strips the slash from every URL but the root's.
    monkeypatch.setattr(wagtail_pages, "WAGTAIL_APPEND_SLASH", False)
    assert urls_below(home, home.url, paths) is None


def test_the_menu_asks_wagtail_when_the_shortcut_does_not_hold(demo_site, monkeypatch):
    home = roots()[0]
    monkeypatch.setattr(wagtail_pages, "WAGTAIL_APPEND_SLASH", False)
    expected = [(child.title, child.url) for child in home.get_children().live().in_menu()]
    assert menu_entries(home) == expected
    assert all(not url.endswith("/") for _title, url in expected)
