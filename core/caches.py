"""Which cache holds what, and what our code does when one is unreachable.

Three stores (``settings.CACHES``), so that one cannot crowd out another:

- ``default``: Wagtail's and the plugins' small caches (site root paths, settings, search
  vocabulary). Redis errors there are ignored by django-redis (``IGNORE_EXCEPTIONS``, logged): we
  cannot wrap Wagtail's own calls, and every one of them falls back to the database.
- ``pages``: the anonymous page cache (core/page_cache.py). Bounded (entries in process memory;
  TTL + ``maxmemory``/``allkeys-lru`` in Redis) and disposable.
- ``limits``: rate-limit counters and CAPTCHA flags (core/ratelimit.py, core/spam.py). Must never
  be evicted by pages: another Redis database, ideally another Redis server with ``noeviction``.

For ``pages`` and ``limits`` our code catches the errors itself, because each use has its own
answer to an outage (serve uncached; count nothing but say so; ask for the CAPTCHA). After a
failure a store is skipped for ``RETRY_SECONDS`` in this process: a Redis that is gone costs one
failed connection per worker every few seconds, not one (or a connect timeout) per request, and
the outage is logged (logger ``lawbridge.cache``, ERROR) once a minute per process, not on every
request.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches

__all__ = ["CACHE_ERRORS", "LIMITS", "PAGES", "RETRY_SECONDS", "get", "is_down", "mark_down"]

PAGES = "pages"
LIMITS = "limits"
RETRY_SECONDS = 5.0
REPORT_SECONDS = 60.0

logger = logging.getLogger("lawbridge.cache")


def _errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]  # socket errors, refused connections
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)  # django-redis re-raises the client's own error
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


CACHE_ERRORS = _errors()

_down_until: dict[str, float] = {}
_reported_until: dict[str, float] = {}


def get(alias: str):
    """The cache ``alias``, or ``default`` where only a default cache is configured."""
    return caches[alias if alias in settings.CACHES else "default"]


def is_down(alias: str) -> bool:
    """True while ``alias`` failed less than RETRY_SECONDS ago (in this process)."""
    return time.monotonic() < _down_until.get(alias, 0.0)


def mark_down(alias: str, exc: BaseException, consequence: str) -> None:
    """Record a failure of ``alias``; log it, with what users get meanwhile, at most once every
    REPORT_SECONDS per process (an outage under load must not flood the log)."""
    now = time.monotonic()
    _down_until[alias] = now + RETRY_SECONDS
    if now >= _reported_until.get(alias, 0.0):
        _reported_until[alias] = now + REPORT_SECONDS
        logger.error(
            "cache %s unreachable (%s: %s); %s", alias, type(exc).__name__, exc, consequence
        )


class ReportOncePerMinute(logging.Filter):
    """Lets one record through every REPORT_SECONDS: django-redis logs every error it ignores in
    the default cache (settings.LOGGING puts this on ``lawbridge.cache.default``)."""

    def __init__(self, name=""):
        super().__init__(name)
        self._until = 0.0

    def filter(self, record) -> bool:
        now = time.monotonic()
        if now < self._until:
            return False
        self._until = now + REPORT_SECONDS
        return True


def reset() -> None:
    """Forget past failures (tests, and after the cache settings change)."""
    _down_until.clear()
    _reported_until.clear()
