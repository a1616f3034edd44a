"""Site-wide endpoints that are not Wagtail pages: health check, robots.txt, reading preferences."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .reading import preferences_from_request

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    """Ping every Redis-backed cache (default, pages, limits), straight through the client: the
    default cache ignores Redis errors, and a write would not tell an ignored error from a miss."""
    for alias, config in settings.CACHES.items():
        if not config.get("BACKEND", "").startswith("django_redis."):
            continue
        try:
            answered = caches[alias].client.get_client(write=True).ping()
        except Exception as exc:  # noqa: BLE001 - say which store failed
            raise RuntimeError(f"cache {alias}: {exc}") from exc
        if not answered:
            raise RuntimeError(f"cache {alias} did not answer")


@never_cache
@require_GET
def healthz(request):
    """200 when every backing service answers, 503 (with which one failed) otherwise."""
    checks = {"database": _check_database}
    # Only meaningful when a shared cache (Redis) is configured; process memory cannot be "down".
    if settings.REDIS_URL:
        checks["redis"] = _check_cache
    results, healthy = {}, True
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "down" for a load balancer
            logger.warning("healthz: %s is down: %s", name, exc)
            results[name] = "down"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": results}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /prefs/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def reading_preferences(request):
    """Set text size / colour theme and go back. Plain links, so it works without JavaScript."""
    prefs = preferences_from_request(request).with_changes(
        text=request.GET.get("text"), theme=request.GET.get("theme")
    )
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.READING_PREFS_COOKIE,
        prefs.to_cookie(),
        max_age=settings.READING_PREFS_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
