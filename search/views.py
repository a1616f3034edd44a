"""/search/ (the page, a plain GET form) and /search/autocomplete/ (JSON for the search box)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from wagtail.models import Locale

from core.params import get_str
from search import service
from search.forms import SearchForm

PER_PAGE = 10


def _engine():
    """Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise."""
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from search import elastic

        return elastic
    return service


def _link(params: dict, **changes) -> str:
    merged = {**params, **changes}
    merged.pop("page", None)
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def search(request):
    form = SearchForm(request.GET or None)
    query = (form.cleaned_or_empty("q") or "").strip()
    filters = service.Filters(
        kind=form.cleaned_or_empty("type") or "",
        year=form.cleaned_or_empty("year"),
        date_from=form.cleaned_or_empty("start"),
        date_to=form.cleaned_or_empty("end"),
        point=form.cleaned_or_empty("point"),
    )
    locale = Locale.get_active()
    result = None
    page_obj = None
    params = {
        "q": query,
        "type": filters.kind,
        "year": filters.year,
        "start": filters.date_from.isoformat() if filters.date_from else "",
        "end": filters.date_to.isoformat() if filters.date_to else "",
        "point": filters.point,
    }
    if query:
        result = _engine().search_site(query, locale, filters)
        page_obj = Paginator(result.hits, PER_PAGE).get_page(request.GET.get("page"))
        service.decorate(list(page_obj.object_list), result.words)
        for facet in result.kinds:
            facet.url = _link(params, type="" if facet.selected else facet.key)
        for facet in result.years:
            facet.url = _link(params, year="" if facet.selected else facet.key, start="", end="")
        for facet in result.points:
            facet.url = _link(params, point="" if facet.selected else facet.key)
    page_params = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    context = {
        "form": form,
        "query": query,
        "filters": filters,
        "result": result,
        "page_obj": page_obj,
        "page_params": page_params,
        "clear_url": _link({"q": query}),
        "autocomplete_options": service.autocomplete(query, locale) if query else [],
        "all_kinds_url": _link(params, type=""),
    }
    return render(request, "search/search.html", context)


@cache_control(max_age=60, public=True)
def autocomplete(request):
    query = get_str(request, "q", max_length=10_000)[:100]
    items = service.autocomplete(query, Locale.get_active())
    return JsonResponse({"query": query, "results": items})
