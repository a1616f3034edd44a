"""Emptying the HTTP cache in front (Varnish, deploy/varnish.vcl) whenever the page cache is
emptied (core/page_cache.py ``invalidate``: a publish, an unpublish, a move, site settings).

It goes through wagtail.contrib.frontend_cache's backends (``WAGTAILFRONTENDCACHE``, one entry
per Varnish server): one PURGE of each site's root, which the VCL turns into a ban of every
page — the same rule as the page cache's, since a published draft also changes the home page,
the indexes and the points' pages. Wagtail's own per-page purging (its app's signal handlers) is
not installed: it would purge less, and twice.

The purge is sent after the transaction commits (before it, a reader could put the old page
back), with a short timeout: a Varnish that is down or unreachable costs a publish two seconds at
most and is logged, never an error for the editor."""

from __future__ import annotations

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("lawbridge.frontend_cache")

TIMEOUT_SECONDS = 2


class _Purge(Request):
    def get_method(self):
        return "PURGE"


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP backend with a timeout (its own waits as long as the socket lets it)."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path or "/", "", ""])
        try:
            with urlopen(  # noqa: S310 — the scheme is the configured backend's LOCATION
                _Purge(target, headers={"Host": host}), timeout=TIMEOUT_SECONDS
            ):
                pass
        except (URLError, OSError) as exc:
            logger.warning("could not purge %s from %s: %s", url, self.cache_netloc, exc)


def _site_roots() -> list[str]:
    from wagtail.models import Site

    return sorted({site.root_url + "/" for site in Site.objects.all()})


def purge_everything() -> None:
    """Ask every configured HTTP cache to drop every page (after the current transaction)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return

    def send():
        # Straight to the backends, not through Wagtail's purge task: with a task worker the ban
        # would wait for the queue, and the next reader after a publish would get the old page.
        try:
            for url in _site_roots():
                hostname = urlsplit(url).hostname
                for backend in get_backends().values():
                    if backend.invalidates_hostname(hostname):
                        backend.purge(url)
        except Exception:  # a purge must never break a publish
            logger.exception("purging the HTTP cache failed")

    transaction.on_commit(send)
