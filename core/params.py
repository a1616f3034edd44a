"""Public query parameters, parsed in one place: bounded integers and clean strings.

Anything typed into a URL reaches a query. A NUL byte in a filter is an error on PostgreSQL ("A
string literal cannot contain NUL"), a 30-digit id overflows its integer column, a year of 99999 is
no ``date``: each was a 500. Views read their parameters through these helpers; what does not parse
is treated as absent (the page is shown unfiltered), never an error page.

Pure functions, no database.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.encoding import escape_uri_path

__all__ = [
    "MAX_CARRIED_QUERY",
    "MAX_ID",
    "bounded_int",
    "carried_query",
    "clean_str",
    "get_int",
    "get_str",
    "here",
]

MAX_ID = 2**31 - 1  # the smallest integer column we look ids up in
# The longest query string a page carries into its links back to itself (the language switcher,
# the reading controls' ``next``): a reader's search, lookup or version comparison is a few
# hundred characters. A longer one was percent-encoded again into each of those nine links: a
# 380 KB query made a response of several megabytes and seconds of work.
MAX_CARRIED_QUERY = 2000
_INT = re.compile(r"^-?[0-9]{1,12}$")
_CONTROL = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t\n\r")
_CONTROL[0x7F] = None


def bounded_int(value, *, minimum: int = 1, maximum: int = MAX_ID, default=None):
    """``value`` as an int within [minimum, maximum], else ``default``. Full-width digits (a
    Chinese input method) count as digits; anything else — signs where not allowed, decimals,
    12+ digits, other scripts' digits — is not a number here."""
    if value is None or isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not _INT.match(text):
            return default
        number = int(text)
    return number if minimum <= number <= maximum else default


def clean_str(value, *, max_length: int = 200, default: str = "") -> str:
    """``value`` without NUL and other control characters, stripped; ``default`` when empty or
    longer than ``max_length`` (no filter value of ours is that long: it is not a real value)."""
    if value is None:
        return default
    text = str(value).translate(_CONTROL).strip()
    if not text or len(text) > max_length:
        return default
    return text


def get_int(request, name: str, **bounds):
    return bounded_int(request.GET.get(name), **bounds)


def get_str(request, name: str, **options) -> str:
    return clean_str(request.GET.get(name), **options)


def _query_too_long(request) -> bool:
    return len(request.META.get("QUERY_STRING", "")) > MAX_CARRIED_QUERY


def carried_query(request) -> str:
    """The request's query, encoded, for a link to the same place in another language; "" when
    there is none or it is longer than ``MAX_CARRIED_QUERY`` (the link then leads to the page
    itself, without it)."""
    return "" if _query_too_long(request) else request.GET.urlencode()


def here(request) -> str:
    """Where the request is (path and query) for a link to come back to, without a query longer
    than ``MAX_CARRIED_QUERY``."""
    return escape_uri_path(request.path) if _query_too_long(request) else request.get_full_path()
