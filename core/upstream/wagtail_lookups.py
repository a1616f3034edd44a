"""The site and locale of a request, found once per publish instead of once per request.

Wagtail looks up the request's ``Site`` by hostname (``get_site_for_hostname``: one query) and the
active ``Locale`` by language code (``LocaleManager.get_for_language``: one query, asked once or
twice per page) on every request. Both change only when an administrator edits sites or locales.
``apply()`` keeps their answers in process (``core/published_memo.py``, keyed by the page cache's
generation), and ``CoreConfig.ready`` makes any save or delete of a site or locale raise that
generation, as a publish does.

Relies on Wagtail internals (the module function ``wagtail.models.sites.get_site_for_hostname``
that ``Site.find_for_request`` calls by name, and ``LocaleManager.get_for_language``): listed in
``core/upstream/internals.py``.
"""

from __future__ import annotations

from wagtail.models import i18n, sites

from core.published_memo import remembered


def apply() -> None:
    original_site = sites.get_site_for_hostname
    if getattr(original_site, "_lawbridge_kept", False):
        return

    def get_site_for_hostname(hostname, port):
        return remembered(("site_for", hostname, port), lambda: original_site(hostname, port))

    get_site_for_hostname._lawbridge_kept = True
    sites.get_site_for_hostname = get_site_for_hostname

    original_locale = i18n.LocaleManager.get_for_language

    def get_for_language(self, language_code):
        # Only the default manager's plain lookup is kept (a related manager may filter).
        if self.model is not i18n.Locale or self._db:
            return original_locale(self, language_code)
        return remembered(
            ("locale_for", language_code), lambda: original_locale(self, language_code)
        )

    i18n.LocaleManager.get_for_language = get_for_language
