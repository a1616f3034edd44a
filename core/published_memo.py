"""Small facts derived from published pages (the main menu's entries, a page's translations),
kept in process memory until the next publish.

Every reader of every uncached page needs them, they cost queries and URL building each time,
and they change only when content is published, unpublished, moved or deleted — exactly when
the page cache's generation number goes up (``core.page_cache.invalidate``). Keying each fact by
that number makes a publish on any server visible to every server's next request, as the page
cache itself does. When the cache holding the number is unreachable nothing is kept: the facts
are worked out per request, as without this module. What no publish reports (a view
restriction added, a page edited by a script that does not publish) shows within ``MAX_AGE``
seconds: everything is forgotten that often anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from . import caches, page_cache

T = TypeVar("T")

MAX_ENTRIES = 2048  # facts per process; cleared wholesale beyond that, and on every new generation
MAX_AGE = 60.0  # seconds; the bound on staleness for changes no publish reports

_memo: dict[Hashable, object] = {}
_memo_generation: list[int | None] = [None]
_memo_since = [0.0]


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` since the last publish."""
    try:
        generation = page_cache.current_generation()
    except caches.CACHE_ERRORS:
        return compute()
    now = time.monotonic()
    if (
        generation != _memo_generation[0]
        or len(_memo) > MAX_ENTRIES
        or now - _memo_since[0] > MAX_AGE
    ):
        _memo.clear()
        _memo_generation[0] = generation
        _memo_since[0] = now
    if key not in _memo:
        _memo[key] = compute()
    return _memo[key]


def clear() -> None:
    """Forget everything (tests: data a rolled-back test published must not outlive it)."""
    _memo.clear()
    _memo_generation[0] = None
