"""Rate limits (django-ratelimit counters in the ``limits`` cache: Redis in production, process
memory in development), named and configured in ``settings.LAWBRIDGE_RATELIMITS``.

When that store is unreachable the limits fail open — a Redis outage must not refuse every
citizen — and the log says so (core/caches.py: once per outage and process, level ERROR). The
public forms then ask everyone for the CAPTCHA instead (core/spam.py), so they are not left
without a defence.

Not tied to any plugin: a view asks ``limited(request, "<name>")`` (per client address) or
``limited(request, "<name>", key=<value>)`` (per value, e.g. a receipt code) and decides what to
show. ``RATELIMIT_ENABLE = False`` (or an empty rate) turns a limit off, e.g. for load tests.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from . import caches

TOO_MANY = _("操作太频繁了，请稍后再试。")


def rate_for(name: str) -> str:
    return (getattr(settings, "LAWBRIDGE_RATELIMITS", {}) or {}).get(name) or ""


def enabled() -> bool:
    return getattr(settings, "RATELIMIT_ENABLE", True)


def limited(request, name: str, key: str | None = None, increment: bool = True) -> bool:
    """Count one hit on limit ``name`` and say whether the client is over it.

    ``key`` None counts per client address (``RATELIMIT_IP_META_KEY`` behind a proxy); a string
    counts per that value (hashed, so receipt codes never appear as cache keys)."""
    rate = rate_for(name)
    if not rate or not enabled():
        return False
    if key is None:
        rl_key = "ip"
    else:
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        rl_key = lambda _group, _request: digest  # noqa: E731
    if caches.is_down(caches.LIMITS):
        return False
    try:
        usage = get_usage(request, group=f"lb:{name}", key=rl_key, rate=rate, increment=increment)
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, FAIL_OPEN)
        return False
    return bool(usage and usage["should_limit"])


FAIL_OPEN = "rate limits are NOT enforced (fail open); the public forms ask for the CAPTCHA"


def store_down() -> bool:
    """True while the store of limits and flags is known to be unreachable (in this process)."""
    return caches.is_down(caches.LIMITS)


def client_ip(request) -> str:
    """The client address as django-ratelimit sees it (for other per-client flags)."""
    from django_ratelimit.core import _get_ip

    return _get_ip(request)
