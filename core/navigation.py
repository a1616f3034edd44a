"""The links every page's layout carries (the main menu's entries, a page's and the home page's
translations), read from the database.

They change only with a publish, so the layout's tags keep them until the next one
(``core/published_memo.py``; ``core/templatetags/lawbridge_tags.py``), and every uncached page
reads them again after a publish: each query is compiled once per process
(``core/upstream/prepared_query.py``), because building them cost several times what running
them did.
"""

from __future__ import annotations

from django.db.models import Q, Subquery
from wagtail.models import Page

from core.upstream.page_urls import urls_below
from core.upstream.prepared_query import PreparedQuery

# Page ids and a depth no page has (core/upstream/prepared_query.py); the depth is positive, as
# the field is: a negative one would rule the query out before it is compiled.
_PAGE, _HOME, _DEPTH = -2_000_000_041, -2_000_000_042, 2_000_000_043
_LINK_FIELDS = ("title", "url_path", "locale", "translation_key", "live", "path", "depth")


def _children_in_menu(home, depth):
    path = Subquery(Page.objects.filter(pk=home).values("path")[:1])
    return Page.objects.filter(
        path__startswith=path, depth=depth, live=True, show_in_menus=True
    ).order_by("path")


def _translations(page, home):
    def key_of(pk):
        return Subquery(Page.objects.filter(pk=pk).values("translation_key")[:1])

    # The page's live translations, and every translation of the home page (as
    # get_translation_or_none finds it).
    return (
        Page.objects.filter(
            Q(translation_key=key_of(page), live=True) | Q(translation_key=key_of(home))
        )
        .select_related("locale")
        .only(*_LINK_FIELDS)
    )


_MENU = PreparedQuery(
    lambda home, depth: _children_in_menu(home, depth).values_list("title", "url_path"),
    home=_HOME,
    depth=_DEPTH,
)
_MENU_PAGES = PreparedQuery(
    lambda home, depth: _children_in_menu(home, depth).only(*_LINK_FIELDS), home=_HOME, depth=_DEPTH
)
_TRANSLATIONS = PreparedQuery(_translations, page=_PAGE, home=_HOME)


def menu_entries(home) -> list[tuple[str, str | None]]:
    """``[(title, url)]`` of the home page's live children shown in menus, in tree order."""
    values = {"home": home.pk, "depth": home.depth + 1}
    # Rows rather than pages, and one reverse() for the home page rather than one per entry
    # (core/upstream/page_urls.py); the plain Page query selects no subclass, so no entry has a
    # get_url_parts of its own.
    rows = _MENU.rows(**values)
    urls = urls_below(home, home.url, (path for _title, path in rows))
    if urls is None:
        return [(child.title, child.url) for child in _MENU_PAGES.objects(**values)]
    return [(title, url) for (title, _path), url in zip(rows, urls, strict=True)]


def translation_urls(page, home) -> tuple[dict, dict]:
    """``({locale id: url} of the page's live translations, {locale id: url} of the home page's
    translations in the languages the page has none in)``, in one query; ``page`` None for a view
    outside the page tree (every translation of the home page then)."""
    page_key = page.translation_key if page is not None else None
    home_key = home.translation_key if home is not None else None
    rows = _TRANSLATIONS.objects(
        page=page.pk if page is not None else 0, home=home.pk if home is not None else 0
    )
    pages = {t.locale_id: t.url for t in rows if t.translation_key == page_key and t.live}
    # A URL costs more than the query: only those a link may fall back to.
    homes = {
        t.locale_id: t.url
        for t in rows
        if t.translation_key == home_key and t.locale_id not in pages
    }
    return pages, homes
