"""Small facts every uncached page needs, kept in process memory until what they depend on changes.

Two kinds, each forgotten by its own number in the page cache's store (``core/page_cache.py``),
so that a change on any server shows on every server's next request, as the page cache does:

- ``remembered``: facts derived from published pages (the main menu's entries, a page's
  translations, a draft's related links). They change only when content is published,
  unpublished, moved or deleted, exactly when the page generation goes up
  (``page_cache.invalidate``), and are forgotten then.
- ``remembered_for_site``: facts no page publish can change (the request's ``Site`` row, the
  ``Locale`` rows, site settings). Only a save or delete of a site, a locale or site settings
  raises the site generation (``page_cache.invalidate_site``, connected in ``core/apps.py``), so
  the first reader after a publish does not look them up again. Never put a page (or anything
  read from one) here: it would outlive the publish that changes it, and the page cache would
  store the stale copy.

Both numbers are read in one round trip per call. When the cache holding them is unreachable
nothing is kept: the facts are worked out per request, as without this module. What neither
number reports (a view restriction added, a page edited by a script that does not publish) shows
within ``MAX_AGE`` seconds: everything is forgotten that often anyway.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from . import caches, page_cache

T = TypeVar("T")

MAX_ENTRIES = 2048  # facts per kind and process; cleared wholesale beyond that
MAX_AGE = 60.0  # seconds; the bound on staleness for changes no number reports

_PAGES, _SITE = 0, 1  # which of page_cache.current_generations() a kind follows


class _Facts:
    def __init__(self):
        self.facts: dict[Hashable, object] = {}
        self.generation: int | None = None
        self.since = 0.0

    def get(self, generation: int, key: Hashable, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        if (
            generation != self.generation
            or len(self.facts) > MAX_ENTRIES
            or now - self.since > MAX_AGE
        ):
            self.facts.clear()
            self.generation = generation
            self.since = now
        if key not in self.facts:
            self.facts[key] = compute()
        return self.facts[key]

    def clear(self) -> None:
        self.facts.clear()
        self.generation = None


_kinds = {_PAGES: _Facts(), _SITE: _Facts()}


def _remembered(kind: int, key: Hashable, compute: Callable[[], T]) -> T:
    try:
        generations = page_cache.current_generations()
    except caches.CACHE_ERRORS:
        return compute()
    return _kinds[kind].get(generations[kind], key, compute)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` since the last publish."""
    return _remembered(_PAGES, key, compute)


def remembered_for_site(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for ``key`` since the last save of a site, a locale or site
    settings (a publish does not forget it)."""
    return _remembered(_SITE, key, compute)


def clear() -> None:
    """Forget everything (tests: data a rolled-back test published must not outlive it)."""
    for facts in _kinds.values():
        facts.clear()
