"""Health check, sitemap, robots.txt and the page API."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_ok_with_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def _redis_cache(url):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


def test_healthz_checks_the_real_redis(client, db):
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    with override_settings(REDIS_URL=url, CACHES=_redis_cache(url)):
        caches._settings = None  # noqa: SLF001 - make Django rebuild its cache handlers
        try:
            response = client.get("/healthz")
        finally:
            caches._settings = None
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["redis"] == "ok"


def test_healthz_is_503_when_redis_is_down(client, db):
    url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with override_settings(REDIS_URL=url, CACHES=_redis_cache(url)):
        caches._settings = None  # noqa: SLF001
        try:
            response = client.get("/healthz")
        finally:
            caches._settings = None
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "down"}


def test_sitemap_lists_both_languages_with_hreflang(client, demo_site):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/en/about/</loc>" in xml
    assert 'hreflang="zh-hans" href="http://localhost/about/"' in xml
    assert 'hreflang="en" href="http://localhost/en/about/"' in xml


def test_robots_points_to_sitemap_and_hides_admin(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_page_api_lists_pages_with_their_fields(client, demo_site):
    data = client.get("/api/v2/pages/", {"type": "home.StandardPage", "fields": "introduction"})
    items = data.json()["items"]
    titles = {item["title"] for item in items}
    assert {"关于我们", "About us", "隐私政策"} <= titles
    assert all("introduction" in item for item in items)


def _run_settings(env_overrides):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lawbridge.settings.production"}
    env.pop("SECRET_KEY", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50, "DEBUG": "1"}, "DEBUG"),
    ],
)
def test_production_refuses_unsafe_defaults(env, message):
    result = _run_settings(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_secret():
    result = _run_settings({"SECRET_KEY": "k" * 50})
    assert result.returncode == 0, result.stderr


def _deploy_check(env_overrides):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lawbridge.settings.production"}
    for name in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: set by playwright tests
        env.pop(name, None)
    secret = secrets.token_urlsafe(50)
    env.update({"SECRET_KEY": secret, "ALLOWED_HOSTS": "lawbridge.example.gov.cn"})
    env.update({"TRUSTED_PROXY_COUNT": "1"})  # one nginx in front, as the recipe says
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_per_process_rate_limits():
    """Without Redis every gunicorn worker would count a client's requests on its own."""
    result = _deploy_check({})
    assert result.returncode != 0
    assert "django_ratelimit" in result.stderr
    result = _deploy_check({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr


def test_production_refuses_an_unknown_client_address():
    """Behind a proxy, without TRUSTED_PROXY_COUNT the whole city would share one address."""
    result = _deploy_check({"REDIS_URL": "redis://127.0.0.1:6379/0", "TRUSTED_PROXY_COUNT": ""})
    assert result.returncode != 0
    assert "lawbridge.E001" in result.stderr
    result = _deploy_check({"REDIS_URL": "redis://127.0.0.1:6379/0", "TRUSTED_PROXY_COUNT": "0"})
    assert result.returncode == 0, result.stderr
