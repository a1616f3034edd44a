from django.template.loader import render_to_string
from django.utils import translation
from wagtail import hooks

from core import cache_params
from core.plugins import HEADER_ITEMS_HOOK, PAGE_CACHE_PARAMS_HOOK


@hooks.register(HEADER_ITEMS_HOOK)
def header_search_box(request):
    if request is None or getattr(request, "resolver_match", None) is None:
        return ""
    if request.resolver_match.url_name == "search":
        return ""  # the search page has its own, bigger box
    # The same markup for every request in a language (no request data in it): drawn once per
    # language and process, without running every context processor again for each page.
    language = translation.get_language()
    if language not in _HEADER_BOX:
        _HEADER_BOX[language] = render_to_string("search/header_search.html")
    return _HEADER_BOX[language]


_HEADER_BOX: dict[str, str] = {}


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """Searches are rendered live (unbounded queries; search/service.py caches what is costly).
    Without ``q`` the page is the empty form, whatever the other parameters say."""
    return {"q": cache_params.LIVE}
