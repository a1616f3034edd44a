"""Listings in a language that has not caught up with zh-hans.

Content is written in zh-hans first; an English (or zh-hant) index page may exist before its
children are translated. Listing only the translated children would tell an English reader "0
drafts" while drafts are open: instead an index lists, next to its own children, the zh-hans
children of its source page that have no live translation in its language. Those stay in Chinese,
link to the Chinese page and are marked as such (``original_language``; the templates put it in
``lang`` and show a "Chinese only" badge).

``with_untranslated`` costs one extra query per listing (the source index), ``in_language`` none,
whatever the number of pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_supported_language_variant
from wagtail.coreutils import get_supported_content_language_variant

__all__ = ["html_lang", "in_language", "original_language", "source_page", "with_untranslated"]


def html_lang(language_code: str) -> str:
    """BCP 47 form for a ``lang`` attribute: zh-hans → zh-Hans, en → en."""
    language, _, script = language_code.partition("-")
    return f"{language}-{script.title()}" if script else language


def source_page(index):
    """The default-language page ``index`` is a translation of; None when ``index`` is in the
    default language (or has no source there)."""
    from wagtail.models import Page

    # Kept on the page object: an index asks for it for its list, its filters and its sidebar.
    if "_untranslated_source" not in index.__dict__:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        index.__dict__["_untranslated_source"] = (
            Page.objects.filter(translation_key=index.translation_key, locale__language_code=code)
            .exclude(locale_id=index.locale_id)
            .only("path", "depth")
            .first()
        )
    return index.__dict__["_untranslated_source"]


def with_untranslated(queryset, index, *, descendants: bool = False):
    """``queryset``'s children of ``index`` (``descendants``: at any depth below it), plus those
    of the default-language source of ``index`` not (yet) live in the language of ``index``."""
    below = queryset.descendant_of_q if descendants else queryset.child_of_q
    source = source_page(index)
    if source is None:
        return queryset.filter(below(index))
    translated = (
        queryset.model.objects.live().filter(locale_id=index.locale_id).values("translation_key")
    )
    return queryset.filter(below(index) | (below(source) & ~Q(translation_key__in=translated)))


def in_language(queryset, locale_id):
    """``queryset``'s pages in locale ``locale_id``, plus its default-language pages without a
    live translation there: a listing that is not under one index (the home page's sections)."""
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    translated = queryset.model.objects.live().filter(locale_id=locale_id).values("translation_key")
    return queryset.filter(
        Q(locale_id=locale_id)
        | (Q(locale__language_code=code) & ~Q(translation_key__in=translated))
    )


def original_language(item, locale_id) -> str:
    """The ``lang`` of ``item`` when it is shown in a listing of another locale (a fallback from
    ``with_untranslated``), else ''."""
    if item.locale_id == locale_id:
        return ""
    return html_lang(get_supported_language_variant(settings.LANGUAGE_CODE))
