"""Whole-page cache for anonymous readers, invalidated whenever content is published.

wagtail-cache does not support Wagtail 8 yet and Django's cache middleware splits the cache on
every Cookie/Accept-Language header and cannot be invalidated on publish, so this is a small
middleware of our own:

- only GET/HEAD from visitors without a session (no login, no flash messages), only 200 responses
  that set no cookie and are not marked private/no-store;
- the key holds the host, full path, active language and the reading-preferences cookie (the only
  cookie that changes the markup); everything else about the visitor is ignored;
- a generation number in the cache is part of every key: publishing, unpublishing, deleting or
  moving a page, or saving site settings bumps it, which drops every cached page at once (cheap and
  always correct for a CMS where publishing is rare and reading is not).

- no stampede: publishing drops every cached page at once, and on a hot draft hundreds of readers
  would then render the same page together. The first reader to miss takes a short lock and
  renders; while it does, the others get the previous copy of that page (kept apart from the
  generation, header ``stale``). A page that is no longer cacheable (unpublished: 404) drops its
  previous copy, so a retracted page is never served after its first miss.

Views whose output must not be shared set ``Cache-Control: private`` (e.g. ``@never_cache``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_response_headers

GENERATION_KEY = "lawbridge:page-cache:generation"
LOCK_SECONDS = 30  # longest a render may hold the lock (a crashed worker frees it by then)
STALE_FACTOR = 4  # the previous copy of a page is kept this many times PAGE_CACHE_SECONDS
HEADER = "X-LawBridge-Cache"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate(**_kwargs) -> None:
    """Drop every cached page (signal receiver signature)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _digest(request) -> str:
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
            request.COOKIES.get(settings.READING_PREFS_COOKIE, ""),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def _cache_key(digest: str) -> str:
    return f"lawbridge:page:{_generation()}:{digest}"


def _stale_key(digest: str) -> str:
    return f"lawbridge:page:stale:{digest}"


def _lock_key(digest: str) -> str:
    return f"lawbridge:page:lock:{digest}"


def _is_cacheable_request(request) -> bool:
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # logged-in editors and visitors with messages see live pages
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES))


def _is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    """Place after LocaleMiddleware (the key needs the active language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        digest = _digest(request)
        key = _cache_key(digest)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        locked = cache.add(_lock_key(digest), 1, LOCK_SECONDS)
        if not locked:
            stale = cache.get(_stale_key(digest))
            if stale is not None:  # another reader is rendering this page right now
                stale[HEADER] = "stale"
                return stale
        try:
            response = self.get_response(request)
            if _is_cacheable_response(response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                patch_response_headers(response, cache_timeout=60)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
                # The previous copy outlives the fresh one, to stand in once that expires.
                stale_seconds = settings.PAGE_CACHE_SECONDS * STALE_FACTOR
                cache.set(_stale_key(digest), response, stale_seconds)
                response[HEADER] = "miss"
            else:
                cache.delete(_stale_key(digest))  # e.g. unpublished: never serve the old copy
            return response
        finally:
            if locked:
                cache.delete(_lock_key(digest))
