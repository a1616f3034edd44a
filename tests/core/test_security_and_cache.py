"""Security headers, failed-login lock-out and the anonymous page cache."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from core import page_cache
from core.models import SiteSettings
from home.models import StandardPage


def test_public_pages_send_a_strict_csp(client, demo_site):
    response = client.get("/about/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_is_left_to_wagtail_csp_free(client, db):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password-123")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "right-password-123"}
    )
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_success_resets_the_failure_count(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password-123")
    for _ in range(2):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "right-password-123"}
    )
    assert response.status_code == 302
    client.logout()
    for _ in range(2):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "right-password-123"}
    )
    assert response.status_code == 302


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    page_cache._store().clear()
    yield
    page_cache._store().clear()


def test_anonymous_pages_are_served_from_cache(
    client, demo_site, page_cache_on, django_assert_num_queries
):
    first = client.get("/about/")
    assert first[page_cache.HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/about/")
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_the_cache(client, demo_site, page_cache_on):
    client.get("/about/")
    about = StandardPage.objects.get(slug="about", locale__language_code="zh-hans")
    about.title = "关于本平台"
    about.save_revision().publish()
    response = client.get("/about/")
    assert response[page_cache.HEADER] == "miss"
    assert "<h1>关于本平台</h1>" in response.content.decode()


def test_unpublishing_deleting_and_settings_invalidate(client, demo_site, page_cache_on):
    help_page = StandardPage.objects.get(slug="help", locale__language_code="zh-hans")
    client.get("/help/")
    help_page.unpublish()
    assert client.get("/help/").status_code == 404
    client.get("/")
    Page.objects.get(id=help_page.id).delete()
    assert client.get("/")[page_cache.HEADER] == "miss"
    settings = SiteSettings.for_site(help_page.get_site())
    settings.address = "新地址 9 号"
    settings.save()
    assert "新地址 9 号" in client.get("/").content.decode()


def test_cache_keeps_languages_and_reading_modes_apart(client, demo_site, page_cache_on):
    client.get("/about/")
    client.cookies["lb_reading"] = "large.contrast"
    html = client.get("/about/").content.decode()
    assert 'class="text-large theme-contrast"' in html


def test_logged_in_editors_never_get_cached_pages(client, demo_site, page_cache_on, admin_user):
    client.get("/about/")
    client.force_login(admin_user)
    response = client.get("/about/")
    assert page_cache.HEADER not in response


def test_personal_and_api_paths_are_never_cached(client, demo_site, page_cache_on):
    client.get("/healthz")
    assert page_cache.HEADER not in client.get("/healthz")


def test_every_public_page_can_be_served_from_cache(client, demo_site, page_cache_on):
    """A page that sets a cookie (e.g. an embedded form's CSRF token) is never cached, so under load
    it would be rendered for every reader. Form pages (the opinions plugin's OpinionFormPage) hold a
    form on purpose and are skipped, as are pages that say they must never be cached (a
    questionnaire: its form carries the visitor's own reply token)."""
    import re

    from wagtail.contrib.forms.models import FormMixin

    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [url.split("localhost", 1)[-1] for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(paths) > 10
    uncached = []
    for path in paths:
        client.get(path)
        response = client.get(path)
        if isinstance(response.context and response.context.get("page"), FormMixin):
            continue  # a form page (wagtail.contrib.forms): its form is its content
        if "no-store" in response.get("Cache-Control", ""):
            continue  # never cached by its own choice, not by accident
        if response.status_code == 200 and response.get(page_cache.HEADER) != "hit":
            uncached.append(path)
    assert uncached == [], "\n".join(uncached)


def _hold_render_lock(path):
    """Pretend another worker is rendering ``path`` right now; returns the lock's key."""
    from django.test import RequestFactory

    lock = page_cache._lock_key(page_cache._digest(RequestFactory().get(path)))
    page_cache._store().add(lock, 1, 30)
    return lock


def test_while_a_page_is_being_rendered_others_get_the_previous_copy(
    client, demo_site, page_cache_on, django_assert_num_queries
):
    first = client.get("/about/")
    about = StandardPage.objects.get(slug="about", locale__language_code="zh-hans")
    about.title = "关于本平台"
    about.save_revision().publish()  # drops every cached page
    lock = _hold_render_lock("/about/")
    with django_assert_num_queries(0):  # no page is rendered
        stale = client.get("/about/")
    assert stale[page_cache.HEADER] == "stale"
    assert stale.content == first.content
    page_cache._store().delete(lock)  # the other render is done: the next reader gets the new page
    fresh = client.get("/about/")
    assert fresh[page_cache.HEADER] == "miss" and "<h1>关于本平台</h1>" in fresh.content.decode()


def test_an_unpublished_page_drops_its_previous_copy(client, demo_site, page_cache_on):
    client.get("/help/")
    help_page = StandardPage.objects.get(slug="help", locale__language_code="zh-hans")
    help_page.unpublish()
    assert client.get("/help/").status_code == 404  # the lock holder: drops the old copy
    _hold_render_lock("/help/")
    assert client.get("/help/").status_code == 404  # nothing stale to stand in


def test_without_a_previous_copy_a_waiting_reader_renders_the_page(
    client, demo_site, page_cache_on
):
    _hold_render_lock("/about/")
    response = client.get("/about/")
    assert response.status_code == 200 and response[page_cache.HEADER] == "miss"
