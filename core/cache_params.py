"""Which query parameters a cached public page may depend on, declared by the plugins that read them.

The anonymous page cache (core/page_cache.py) keys a page on its path and on the parameters declared
here, each reduced to a canonical value by its normaliser; every other parameter (``utm_source``,
WeChat's ``from=singlemessage``, ``?a=1``…) is removed from the request before the page is
rendered. The key is therefore exactly what the view sees: a parameter no plugin declared cannot
change a cached page (no cache poisoning), nor make a new entry (no unbounded growth).

A plugin declares, through the ``lawbridge_page_cache_params`` hook (core/plugins.py), a dict
``{name: normaliser}``: ``normaliser(raw) -> str`` gives the canonical value or ``""`` (ignore the
parameter, as if it were absent: a bad ``page=abc`` is page 1). ``LIVE`` instead of a normaliser
means "a request carrying this parameter is rendered for that request only and never stored" —
for unbounded input such as a search query or quiz answers.

The declarations are global, not per page type: the middleware answers a hit before Wagtail routes
the request (a hit costs no database query), so it cannot know the page type yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.http import QueryDict

__all__ = [
    "LIVE",
    "any_of",
    "choices",
    "date",
    "month",
    "number",
    "normalised_query",
    "slug",
    "text",
]

Normaliser = Callable[[str], str]
LIVE = None  # the declared value that marks a parameter as "render live, never store"

_SLUG = re.compile(r"[-\w]{1,80}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def any_of(*normalisers: Normaliser) -> Normaliser:
    """The first canonical value any of ``normalisers`` gives (a name two plugins declare)."""
    return lambda raw: next((value for fn in normalisers if (value := fn(raw))), "")


def choices(*values: str) -> Normaliser:
    allowed = frozenset(values)
    return lambda raw: raw if raw in allowed else ""


def number(minimum: int = 1, maximum: int = 100_000) -> Normaliser:
    def normalise(raw: str) -> str:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
            return ""
        value = int(raw)
        return str(value) if minimum <= value <= maximum else ""

    return normalise


def slug(raw: str) -> str:
    return raw if _SLUG.fullmatch(raw) else ""


def text(max_length: int = 40) -> Normaliser:
    """Short free text (e.g. a district name): printable, at most ``max_length`` characters."""
    return lambda raw: raw if 0 < len(raw) <= max_length and raw.isprintable() else ""


def month(raw: str) -> str:
    match = _MONTH.fullmatch(raw)
    if not match:
        return ""
    year, mon = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{mon:02d}" if 1900 < year < 3000 and 1 <= mon <= 12 else ""


def date(raw: str) -> str:
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        return ""
    return value.isoformat() if 1900 < value.year < 3000 else ""


def normalised_query(query: QueryDict, declared: dict[str, Normaliser | None]) -> str | None:
    """The canonical query string of ``query`` under ``declared``; None when it holds a LIVE one.

    Like ``QueryDict.get``, a repeated parameter counts with its last value only."""
    kept = {}
    for name in query:
        if name not in declared:
            continue
        normalise = declared[name]
        if normalise is LIVE:
            return None
        value = normalise(query.get(name, ""))
        if value:
            kept[name] = value
    canonical = QueryDict(mutable=True)
    for name in sorted(kept):
        canonical[name] = kept[name]
    return canonical.urlencode()
