from django.template.loader import render_to_string
from wagtail import hooks

from core.plugins import HEADER_ITEMS_HOOK


@hooks.register(HEADER_ITEMS_HOOK)
def header_search_box(request):
    if request is None or getattr(request, "resolver_match", None) is None:
        return ""
    if request.resolver_match.url_name == "search":
        return ""  # the search page has its own, bigger box
    return render_to_string("search/header_search.html", request=request)
