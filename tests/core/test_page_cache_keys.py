"""The page cache keys on what changes the page, and cannot crowd out limits.

A key holds the path, the query parameters plugins declared (normalised) and the reading
preferences as parsed: tracking parameters, made-up parameters and garbage cookies are the same
page and the same entry, so they can neither force renders nor grow the cache without bound."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from core import caches, page_cache, ratelimit
from core.plugins import page_cache_params

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    page_cache._store().clear()
    yield
    page_cache._store().clear()


@pytest.fixture
def writes(monkeypatch):
    """Every key the page cache writes from now on."""
    store = page_cache._store()
    written = []
    real_set = store.set

    def spy(key, *args, **kwargs):
        written.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(store, "set", spy)
    return written


def test_tracking_and_unknown_parameters_are_the_same_cached_page(
    client, demo_site, page_cache_on, writes, django_assert_num_queries
):
    first = client.get("/about/")
    assert first[page_cache.HEADER] == "miss"
    stored = len(writes)
    with django_assert_num_queries(0):
        for query in ("?utm_source=x", "?a=1", "?utm_source=wechat&from=singlemessage&a=2"):
            response = client.get(f"/about/{query}")
            assert response[page_cache.HEADER] == "hit", query
            assert response.content == first.content
    assert len(writes) == stored, "no new entry for made-up parameters"


def test_declared_parameters_are_normalised_and_the_view_sees_only_them(
    client, demo_site, page_cache_on, writes
):
    listing = client.get("/events/?type=market&utm_campaign=spring")
    assert listing[page_cache.HEADER] == "miss"
    stored = len(writes)
    same = client.get("/events/?utm_medium=x&type=market")
    assert same[page_cache.HEADER] == "hit" and same.content == listing.content
    # A value no plugin recognises is as if absent: the unfiltered listing, one entry.
    plain = client.get("/events/")
    assert plain[page_cache.HEADER] == "miss"
    assert client.get("/events/?type=<script>&page=abc")[page_cache.HEADER] == "hit"
    assert len(writes) == stored + 2  # the unfiltered page and its previous copy


def test_a_search_is_rendered_live_and_never_stored(client, demo_site, page_cache_on, writes):
    for query in ("立法", "立法 意见"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200 and page_cache.HEADER not in response
    assert writes == []


def test_a_garbage_reading_cookie_is_the_default_page_from_the_same_key(
    client, demo_site, page_cache_on, writes
):
    default = client.get("/about/")
    stored = len(writes)
    for garbage in ("x" * 3000, "<script>.huge", "%00%ff", "xlarge-ish.contrast-ish"):
        client.cookies["lb_reading"] = garbage
        response = client.get("/about/")
        assert response[page_cache.HEADER] == "hit", garbage
        assert response.content == default.content
    assert len(writes) == stored
    client.cookies["lb_reading"] = "large.bogus"  # the part that is known still counts
    html = client.get("/about/").content.decode()
    assert 'class="text-large theme-default"' in html


def _limits_cache(max_entries):
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    small = {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 2}
    return {
        "default": {"BACKEND": locmem, "LOCATION": "t-default", "OPTIONS": small},
        "pages": {"BACKEND": locmem, "LOCATION": "t-pages", "OPTIONS": small},
        "limits": {"BACKEND": locmem, "LOCATION": "t-limits"},
    }


def test_filling_the_page_cache_does_not_evict_rate_limit_counters(client, demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "probe": "3/h"}
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    with override_settings(CACHES=_limits_cache(20)):
        assert [ratelimit.limited(request, "probe") for _ in range(3)] == [False] * 3
        for number in range(1, 41):  # 40 distinct pages (and their previous copies)
            assert client.get(f"/about/?page={number}")[page_cache.HEADER] == "miss"
        assert ratelimit.limited(request, "probe"), "the counter survived the page cache"


def test_pages_and_limits_live_in_separate_stores(settings):
    assert {"default", "pages", "limits"} <= set(settings.CACHES)
    assert settings.RATELIMIT_USE_CACHE == "limits"
    assert settings.CACHES["pages"].get("LOCATION") != settings.CACHES["limits"].get("LOCATION")
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] > 0  # bounded in process memory
    assert caches.get(caches.PAGES) is not caches.get(caches.LIMITS)


# Every query parameter a public view reads must be declared (or its view never cached): an
# undeclared one is removed before the page is rendered, so its feature would silently break.
_READS = re.compile(r"""(?:GET|params)(?:\.get\(|\[)\s*["'](\w+)["']""")
_NOT_CACHED = {
    "core/views.py",  # /prefs/, /healthz: excluded prefixes
    "core/two_factor.py",  # /admin/
    "forms/views.py",  # /opinions/: excluded prefix, @never_cache
    "forms/admin_views.py",  # /admin/
    "forms/certificates_admin.py",  # /admin/
    "consultations/admin_views.py",  # /admin/
    "roster/admin_views.py",  # /admin/
    "questionnaires/admin_views.py",  # /admin/
    "events/checkin_admin.py",  # /admin/
    "experts/admin_views.py",  # /admin/
}


def test_every_query_parameter_a_public_view_reads_is_declared(db):
    declared = page_cache_params()
    missing = []
    from django.apps import apps

    for app in ("core", *settings.LAWBRIDGE_OPTIONAL_PLUGINS):
        if not apps.is_installed(app):
            continue  # its declarations are not registered either
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in _NOT_CACHED or "/migrations/" in relative:
                continue
            for name in _READS.findall(path.read_text()):
                if name not in declared:
                    missing.append(f"{relative}: {name}")
    assert missing == [], "declare these in the plugin's lawbridge_page_cache_params hook"


def _production_settings(**env_overrides):
    """CACHES and the refusals of lawbridge.settings.production under ``env_overrides``."""
    import os
    import secrets
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("REDIS_")}
    env.update(DJANGO_SETTINGS_MODULE="lawbridge.settings.production")
    env.update(SECRET_KEY=secrets.token_urlsafe(50), **env_overrides)
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_keeps_limits_in_another_redis_database_than_pages():
    import json

    result = _production_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    configured = json.loads(result.stdout)
    assert configured["pages"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert configured["limits"]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert configured["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert not configured["limits"]["OPTIONS"].get("IGNORE_EXCEPTIONS")  # handled, and logged
    separate = _production_settings(
        REDIS_URL="redis://127.0.0.1:6379/0", REDIS_LIMITS_URL="redis://10.0.0.2:6380/0"
    )
    assert json.loads(separate.stdout)["limits"]["LOCATION"] == "redis://10.0.0.2:6380/0"
    shared = _production_settings(
        REDIS_URL="redis://127.0.0.1:6379/0", REDIS_LIMITS_URL="redis://127.0.0.1:6379/0"
    )
    assert shared.returncode != 0 and "REDIS_LIMITS_URL" in shared.stderr


def test_normalised_query_is_canonical_bounded_and_knows_live_parameters():
    from django.http import QueryDict

    from core import cache_params as cp

    declared = {
        "type": cp.any_of(cp.choices("market"), cp.choices("community")),
        "page": cp.number(maximum=50),
        "month": cp.month,
        "q": cp.LIVE,
    }
    query = QueryDict("utm_source=x&page=2&type=community&month=2025-3&a=1")
    assert cp.normalised_query(query, declared) == "month=2025-03&page=2&type=community"
    assert cp.normalised_query(QueryDict("page=51&page=%EF%BC%92&type=x"), declared) == ""
    assert cp.normalised_query(QueryDict("type=market&type=community"), declared) == (
        "type=community"  # the value the view's .get() sees: the last one
    )
    assert cp.normalised_query(QueryDict("q=法&page=2"), declared) is None
