"""URLs of many pages below one page whose URL is known, without a ``reverse()`` per page.

The main menu links to a dozen pages and is worked out again after every publish
(``core/published_memo.py``). Wagtail builds each page's URL
on its own (``Page.get_url_parts``): it matches the page's ``url_path`` against every site root,
then reverses ``wagtail_serve`` with the path below the root, under the page's language. Those
reverses were most of the menu's cost on the first view after a publish.

For a page below ``base`` in the same locale and the same site, that reverse gives ``base``'s own
URL followed by the rest of the page's ``url_path``, quoted as Django's ``reverse()`` quotes
arguments: the pattern's argument is the path below the site root and the language prefix is
the same for both. ``urls_below`` reads only the pages' ``url_path`` (a row, not a model instance:
building ``Page`` instances cost more than the reverses) and says where the shortcut does not
hold, for the caller to ask Wagtail: a page not below ``base``, a ``base`` with its own
``get_url_parts``, a site rooted below ``base`` (a page could then belong to two sites), or
``WAGTAIL_APPEND_SLASH = False`` (Wagtail strips the slash from every URL but the root's).
Pages whose class has its own ``get_url_parts`` must not be passed.

Relies on how ``Page.get_url_parts`` and ``Page.get_url`` build a URL (and on the module
constant ``WAGTAIL_APPEND_SLASH`` they read) and on Django quoting reverse() arguments: listed in
``core/upstream/internals.py``; ``tests/core/test_page_urls.py`` compares every page's URL both
ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, Site
from wagtail.models import pages as wagtail_pages

# What Django's URL resolver leaves unquoted in a reversed argument (_reverse_with_prefix).
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _shortcut_holds(base) -> bool:
    # Read where Page.get_url_parts reads it: Wagtail takes the setting once, at import.
    if not wagtail_pages.WAGTAIL_APPEND_SLASH:
        return False
    if type(base).get_url_parts is not Page.get_url_parts:
        return False
    # A site rooted strictly below ``base`` would give some of its descendants a second site.
    return not any(
        root.root_path != base.url_path and root.root_path.startswith(base.url_path)
        for root in Site.get_site_root_paths()
    )


def urls_below(base, base_url: str | None, url_paths: Iterable[str]) -> list[str] | None:
    """The URL ``page.url`` gives each plain ``Page`` whose ``url_path`` is listed, all of them
    below ``base`` (``base_url`` being ``base.url``); None where the shortcut does not hold (then
    ask each page)."""
    if base_url is None or not _shortcut_holds(base):
        return None
    url_paths, prefix = list(url_paths), base.url_path
    if not all(path.startswith(prefix) for path in url_paths):
        return None
    # The site roots that match a page below ``base`` are those that match ``base``, so the
    # same root path and language go into the reverse: only the part below ``base`` differs.
    return [base_url + quote(path[len(prefix) :], safe=_SAFE) for path in url_paths]
