"""Whole-page cache for anonymous readers, invalidated whenever content is published.

wagtail-cache does not support Wagtail 8 yet and Django's cache middleware splits the cache on
every Cookie/Accept-Language header and cannot be invalidated on publish, so this is a small
middleware of our own:

- only GET/HEAD from visitors without a session (no login, no flash messages), only 200 responses
  that set no cookie and are not marked private/no-store;
- the key holds the host, path, active language, the query parameters plugins declared
  (core/cache_params.py; every other parameter is removed before the page is rendered, so
  ``?utm_source=…`` is the same page and the same entry) and the reading preferences as parsed
  (an unknown cookie value is the default look, and the default key);
- a generation number in the cache is part of every key: publishing, unpublishing, deleting or
  moving a page, or saving a site, a locale or site settings bumps it, which drops every cached
  page at once (cheap and always correct for a CMS where publishing is rare and reading is not).
  A second number, the site generation, goes up only on those site, locale and settings saves:
  facts no page publish can change are kept by it (core/published_memo.py).

- no stampede: publishing drops every cached page at once, and on a hot draft hundreds of readers
  would then render the same page together. The first reader to miss takes a short lock and
  renders; while it does, the others get the previous copy of that page (kept apart from the
  generation, header ``stale``). A page that is no longer cacheable (unpublished: 404) drops its
  previous copy, so a retracted page is never served after its first miss.

- a cache outage is not a site outage: pages are served uncached (header ``unavailable``) and the
  store is skipped for a few seconds (core/caches.py); the entries live in their own bounded
  store (``CACHES["pages"]``), which cannot evict rate-limit counters.

Views whose output must not be shared set ``Cache-Control: private`` (e.g. ``@never_cache``).

An HTTP cache in front (Varnish, deploy/varnish.vcl) stores exactly what this cache would, and
nothing else: such responses alone carry ``s-maxage``; the VCL passes everything without it.
``invalidate`` empties it too (core/frontend_cache.py).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_response_headers

from . import caches, frontend_cache
from .cache_params import normalised_query
from .plugins import page_cache_excluded_prefixes, page_cache_params
from .reading import parse_cookie

GENERATION_KEY = "lawbridge:page-cache:generation"
SITE_GENERATION_KEY = "lawbridge:page-cache:site-generation"
LOCK_SECONDS = 30  # longest a render may hold the lock (a crashed worker frees it by then)
STALE_FACTOR = 4  # the previous copy of a page is kept this many times PAGE_CACHE_SECONDS
HEADER = "X-LawBridge-Cache"


def _store():
    return caches.get(caches.PAGES)


def _generation() -> int:
    store = _store()
    generation = store.get(GENERATION_KEY)
    if generation is None:
        store.add(GENERATION_KEY, 1, None)
        generation = store.get(GENERATION_KEY, 1)
    return generation


def current_generation() -> int:
    """The number that goes up on every publish (raises the cache's errors when it is down)."""
    return _generation()


def current_generations() -> tuple[int, int]:
    """The page generation and the site generation, read in one round trip to the cache (every
    uncached page asks this several times: core/published_memo.py). Raises the cache's errors
    when it is down."""
    store = _store()
    keys = (GENERATION_KEY, SITE_GENERATION_KEY)
    found = store.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                store.add(key, 1, None)  # another server may start it at the same moment
        found = store.get_many(keys)
    return found.get(GENERATION_KEY, 1), found.get(SITE_GENERATION_KEY, 1)


def _raise(key: str) -> None:
    try:
        try:
            _store().incr(key)
        except ValueError:
            _store().set(key, 2, None)
    except caches.CACHE_ERRORS as exc:
        # Publishing must still work; pages cached before the outage expire by themselves.
        caches.mark_down(caches.PAGES, exc, "cached pages may be stale up to PAGE_CACHE_SECONDS")


def invalidate(**_kwargs) -> None:
    """Drop every cached page, here and in the HTTP cache in front (signal receiver signature)."""
    frontend_cache.purge_everything()
    _raise(GENERATION_KEY)


def invalidate_site(**_kwargs) -> None:
    """A site, a locale or site settings changed: every page, and the facts kept for them
    (signal receiver signature)."""
    _raise(SITE_GENERATION_KEY)
    invalidate()


def cache_query(request) -> str | None:
    """The canonical query string of a cacheable request, None if it must be rendered live."""
    return normalised_query(request.GET, page_cache_params())


def _show_only(request, query: str) -> None:
    """Let the view see exactly the parameters the key holds."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def _digest(request, query: str | None = None) -> str:
    if query is None:
        query = cache_query(request) or ""
    raw = "|".join(
        [
            request.get_host(),
            request.path,
            query,
            translation.get_language() or "",
            parse_cookie(request.COOKIES.get(settings.READING_PREFS_COOKIE)).to_cookie(),
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
    return not request.path.startswith(page_cache_excluded_prefixes())


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


OUTAGE = "pages are served uncached"
BROWSER_SECONDS = 60  # a reader's browser keeps a page a minute; shared caches until invalidated


def mark_shared(response) -> None:
    """Say that any cache may keep this response: a browser for a minute, a shared cache (Varnish)
    as long as this cache would. The VCL stores nothing that lacks ``s-maxage``."""
    patch_response_headers(response, cache_timeout=BROWSER_SECONDS)
    patch_cache_control(response, public=True, s_maxage=settings.PAGE_CACHE_SECONDS)


class AnonymousPageCacheMiddleware:
    """Place after LocaleMiddleware (the key needs the active language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        query = cache_query(request)
        if query is None:  # e.g. a search: rendered for this request only
            return self.get_response(request)
        _show_only(request, query)
        if caches.is_down(caches.PAGES):
            return self._uncached(request)
        digest = _digest(request, query)
        store = _store()
        try:
            key = _cache_key(digest)
            cached = store.get(key)
            if cached is not None:
                cached[HEADER] = "hit"
                return cached
            locked = store.add(_lock_key(digest), 1, LOCK_SECONDS)
            if not locked:
                stale = store.get(_stale_key(digest))
                if stale is not None:  # another reader is rendering this page right now
                    stale[HEADER] = "stale"
                    return stale
        except caches.CACHE_ERRORS as exc:
            caches.mark_down(caches.PAGES, exc, OUTAGE)
            return self._uncached(request)
        try:
            response = self.get_response(request)
            self._keep(store, key, digest, response)
            return response
        finally:
            if locked:
                try:
                    store.delete(_lock_key(digest))
                except caches.CACHE_ERRORS as exc:
                    caches.mark_down(caches.PAGES, exc, OUTAGE)  # the lock expires by itself

    def _uncached(self, request):
        response = self.get_response(request)
        response[HEADER] = "unavailable"
        if _is_cacheable_response(response):
            mark_shared(response)  # Varnish still spares the servers while this store is down
        return response

    def _keep(self, store, key, digest, response) -> None:
        try:
            if _is_cacheable_response(response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                mark_shared(response)
                store.set(key, response, settings.PAGE_CACHE_SECONDS)
                # The previous copy outlives the fresh one, to stand in once that expires.
                stale_seconds = settings.PAGE_CACHE_SECONDS * STALE_FACTOR
                store.set(_stale_key(digest), response, stale_seconds)
                response[HEADER] = "miss"
            else:
                store.delete(_stale_key(digest))  # e.g. unpublished: never serve the old copy
        except caches.CACHE_ERRORS as exc:
            caches.mark_down(caches.PAGES, exc, OUTAGE)
