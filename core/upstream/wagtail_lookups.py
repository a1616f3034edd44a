"""The site and locale of a request, found once per site or locale change instead of once per
request.

Wagtail looks up the request's ``Site`` by hostname (``get_site_for_hostname``: one query, the
root page joined) and the active ``Locale`` by language code (``LocaleManager.get_for_language``:
one query, asked once or twice per page) on every request. Both change only when an administrator
edits sites or locales. ``apply()`` keeps their answers in process until then
(``core/published_memo.py``, ``remembered_for_site``: ``CoreConfig.ready`` makes any save or
delete of a site or locale raise the site generation). The site's root page is content, which a
publish changes: it is kept until the next publish only (``remembered``) and each request gets
its own copy of the ``Site`` with that page, as Wagtail's lookup gives it.

Relies on Wagtail internals (the module function ``wagtail.models.sites.get_site_for_hostname``
that ``Site.find_for_request`` calls by name, and ``LocaleManager.get_for_language``): listed in
``core/upstream/internals.py``.
"""

from __future__ import annotations

import copy
from functools import partial

from wagtail.models import Page, i18n, sites

from core.published_memo import remembered, remembered_for_site
from core.upstream.prepared_query import PreparedQuery

_ROOT = -2_000_000_031  # a page id no page has (core/upstream/prepared_query.py)
_root_queries: dict[type, PreparedQuery] = {}


def _root_page(site):
    """The site's root page as its specific class, in one query compiled once per process (read
    after every publish); a page's type never changes, so the kept row's content type picks it."""
    model = site.root_page.specific_class or Page
    query = _root_queries.get(model)
    if query is None:
        query = _root_queries.setdefault(
            model, PreparedQuery(lambda pk: model._default_manager.filter(pk=pk), pk=_ROOT)
        )
    found = query.objects(pk=site.root_page_id)
    if not found:
        raise model.DoesNotExist(f"no root page {site.root_page_id}")
    return found[0]


def apply() -> None:
    original_site = sites.get_site_for_hostname
    if getattr(original_site, "_lawbridge_kept", False):
        return

    def get_site_for_hostname(hostname, port):
        kept = remembered_for_site(
            ("site_for", hostname, port), lambda: original_site(hostname, port)
        )
        site = copy.copy(kept)  # a request's changes stay its own
        # Wagtail routes from the root page and caches ``.specific`` on it: it must not outlive
        # a publish of the home page.
        site.root_page = remembered(("site_root", kept.root_page_id), partial(_root_page, kept))
        return site

    get_site_for_hostname._lawbridge_kept = True
    sites.get_site_for_hostname = get_site_for_hostname

    original_locale = i18n.LocaleManager.get_for_language

    def get_for_language(self, language_code):
        # Only the default manager's plain lookup is kept (a related manager may filter).
        if self.model is not i18n.Locale or self._db:
            return original_locale(self, language_code)
        return remembered_for_site(
            ("locale_for", language_code), lambda: original_locale(self, language_code)
        )

    i18n.LocaleManager.get_for_language = get_for_language
