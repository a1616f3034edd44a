"""Rate limits (django-ratelimit counters in the ``limits`` cache: Redis in production, process
memory in development), named and configured in ``settings.LAWBRIDGE_RATELIMITS``.

When that store is unreachable a Redis outage must neither refuse every citizen nor lift every
limit: each process counts on its own meanwhile (in its memory, so a client gets up to the number
of gunicorn workers times the limit), the log says so (core/caches.py, ERROR), and the public forms
ask everyone for the CAPTCHA (core/spam.py).

Not tied to any plugin: a view asks ``limited(request, "<name>")`` (per client address) or
``limited(request, "<name>", key=<value>)`` (per value, e.g. a receipt code) and decides what to
show. ``RATELIMIT_ENABLE = False`` (or an empty rate) turns a limit off, e.g. for load tests.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
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

    ``increment=False`` counts nothing and asks whether one more hit would be over: a budget of
    10 misses is used up by the 10th, and the 11th attempt is the first one refused.

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
    if not caches.is_down(caches.LIMITS):
        try:
            usage = get_usage(
                request, group=f"lb:{name}", key=rl_key, rate=rate, increment=increment
            )
        except caches.CACHE_ERRORS as exc:
            caches.mark_down(caches.LIMITS, exc, OUTAGE)
        else:
            if not usage:
                return False
            if not increment:
                return usage["count"] >= usage["limit"]
            return bool(usage["should_limit"])
    client = client_ip(request) if key is None else digest
    return _limited_in_process(f"{name}:{client}", rate, increment)


OUTAGE = "rate limits count per process meanwhile; the public forms ask for the CAPTCHA"

# Counters while the limits store is unreachable: this process only, bounded.
_in_process = LocMemCache("lawbridge-limits-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _limited_in_process(key: str, rate: str, increment: bool) -> bool:
    match = _RATE.fullmatch(rate)
    if not match:
        return False  # django-ratelimit refuses such a rate when the store is up
    count, multiplier, unit = int(match[1]), int(match[2] or 1), match[3]
    seconds = multiplier * _UNIT_SECONDS[unit]
    window_key = f"{key}:{int(time.time() // seconds)}"
    if not increment:
        return _in_process.get(window_key, 0) >= count
    _in_process.add(window_key, 0, seconds)
    try:
        hits = _in_process.incr(window_key)
    except ValueError:  # the window ended between add() and incr()
        hits = 1
        _in_process.set(window_key, hits, seconds)
    return hits > count


def client_address(request) -> str:
    """The client's own address, as exactly as the proxies in front of us report it.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` proxies stand in front, each appending the
    address it saw to X-Forwarded-For (nginx: ``$proxy_add_x_forwarded_for``): then the N-th entry
    from the right, the one the outermost trusted proxy saw. Entries further left were typed by
    the client and are never believed. The audit log records this address."""
    import ipaddress

    address = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", None) or 0
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            address = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR") or "0.0.0.0"))  # noqa: S104


def client_ip(request) -> str:
    """The client as rate limits see it: the one answer for django-ratelimit
    (``RATELIMIT_IP_META_KEY``), django-axes (``AXES_CLIENT_IP_CALLABLE``) and per-client flags.
    ``client_address``, with IPv6 clients counted per /64 (``RATELIMIT_IPV6_MASK``): one
    household's prefix, not one of its countless addresses."""
    import ipaddress

    ip = ipaddress.ip_address(client_address(request))
    if ip.version == 6:
        mask = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
        return str(ipaddress.ip_network(f"{ip}/{mask}", strict=False).network_address)
    return str(ip)
