"""The language of an answer under ``/api/``.

LocaleMiddleware answers every path outside ``i18n_patterns`` in zh-hans: the default language
has no prefix, so a path without one *is* zh-hans. That is right for pages people share and wrong
for a read API that other sites and scripts call. There the caller says which language it wants:
``?lang=`` (zh-hans, zh-hant, en; zh-Hant, zh_TW, en-GB… are read as the nearest site language),
else the language cookie, else ``Accept-Language``, else zh-hans. Only labels and help texts
follow it: codes, keys and column names stay the same in every language.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

__all__ = ["LANG_PARAM", "answered_in", "in_request_language", "request_language"]

LANG_PARAM = "lang"
MAX_LENGTH = 20  # longer than any language tag a caller means


def request_language(request) -> str | None:
    """The site language ``request`` asks for; None when ``?lang=`` names none of them."""
    asked = (request.GET.get(LANG_PARAM) or "").strip()
    if not asked:
        return translation.get_language_from_request(request)
    if len(asked) > MAX_LENGTH or not asked.isascii():
        return None
    try:
        return translation.get_supported_language_variant(asked.replace("_", "-").lower())
    except LookupError:
        return None


def fallback_language(request) -> str:
    """The language to refuse a bad ``?lang=`` in: what the request would get without it."""
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def answered_in(response, language: str):
    """Say which language ``response`` is in, and that it depends on the request's headers."""
    response.headers["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def in_request_language(view):
    """Run a plain Django view (ninja's OpenAPI schema view) in the request's language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request_language(request) or fallback_language(request)
        with translation.override(language):
            return answered_in(view(request, *args, **kwargs), language)

    return wrapper
