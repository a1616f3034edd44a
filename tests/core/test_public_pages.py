"""The foundation's public pages: what a visitor sees in each language."""

import pytest
from wagtail.models import Page

from core.models import SiteSettings
from tests.html_checks import assert_good_page

PAGES = [
    "/",
    "/about/",
    "/privacy/",
    "/help/",
    "/en/",
    "/en/about/",
    "/en/help/",
    "/zh-hant/",
    "/zh-hant/privacy/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_is_valid_accessible_html(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())


def test_chinese_is_the_default_language(client, demo_site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans"' in html
    assert "立法连心桥" in html


def test_english_site_has_english_content_and_ui(client, demo_site):
    html = client.get("/en/about/").content.decode()
    assert '<html lang="en"' in html
    assert "<h1>About us</h1>" in html
    assert "Skip to content" in html  # UI strings come from locale/en/LC_MESSAGES/django.po
    assert "跳到正文" not in html


def test_language_switcher_links_to_the_same_page_in_the_other_language(client, demo_site):
    html = client.get("/about/").content.decode()
    assert 'href="/en/about/" lang="en"' in html
    html = client.get("/en/privacy/").content.decode()
    assert 'href="/privacy/" lang="zh-hans"' in html


def test_menu_lists_the_standard_pages(client, demo_site):
    html = client.get("/").content.decode()
    for title, url in [("关于我们", "/about/"), ("隐私政策", "/privacy/"), ("使用帮助", "/help/")]:
        assert f'<a href="{url}">{title}</a>' in html


def test_footer_shows_site_settings_editors_change(client, home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.icp_number = "鲁ICP备99999999号-9"
    settings.police_number = "鲁公网安备 37000000000001号"
    settings.address = "测试路 8 号"
    settings.save()
    html = client.get("/help/").content.decode()
    assert "鲁ICP备99999999号-9" in html
    assert "鲁公网安备 37000000000001号" in html
    assert "测试路 8 号" in html


def test_unknown_page_is_a_translated_404(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_load_demo_is_idempotent(demo_site):
    from django.core.management import call_command

    before = Page.objects.count()
    call_command("load_demo", "--no-admin", stdout=None)
    assert Page.objects.count() == before
    assert Page.objects.filter(slug="about").count() == 3  # one per language, not more


def test_language_switcher_loads_every_translation_in_one_query(client, demo_site):
    """The links need each translation's URL, not the translated page itself: one query for all
    of them, however many languages the site has."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/about/").content.decode()
    assert 'href="/en/about/" lang="en"' in html
    about = Page.objects.get(slug="about", locale__language_code="zh-hans")
    # By its translation key, or by the key of the page's id (core/navigation.py).
    lookups = [
        q["sql"]
        for q in queries
        if '"translation_key" = ' in q["sql"]
        and (about.translation_key.hex in q["sql"] or f'"id" = {about.pk} ' in q["sql"])
    ]
    assert len(lookups) == 1, lookups
