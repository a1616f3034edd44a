"""The backend's faster query paths (rank inside the index table, fetch the slice by id) must
return exactly what modelsearch's own query would: same objects, same order, same counts."""

import pytest
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from tests.search.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def heating_pages(home_page):
    pages = [
        make_page(home_page, "供热条例", "供热 供热企业 热用户 供热", slug="sp-1"),
        make_page(home_page, "城市供热管理办法", "供热设施 供热", slug="sp-2"),
        make_page(home_page, "物业管理条例", "物业服务企业应当配合供热企业", slug="sp-3"),
        make_page(home_page, "停车场管理", "停车 收费", slug="sp-4"),
        make_page(home_page, "供热投诉处理", "热用户投诉 供热", slug="sp-5"),
    ]
    unpublished = make_page(home_page, "供热草稿", "供热 供热 供热", slug="sp-6")
    unpublished.unpublish()
    return pages, unpublished


def upstream_order(results, start, stop):
    """modelsearch's own query for the same search (the compiler's parent class)."""
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    return [obj.pk for obj in super(type(compiler), compiler).search(config, start, stop)]


@pytest.mark.parametrize("filtered", [True, False], ids=["live pages", "all pages"])
@pytest.mark.parametrize("query", ["供热", "供热企业", "供热 投诉", "条例"])
def test_same_hits_and_order_as_upstream(heating_pages, filtered, query):
    backend = get_search_backend()
    queryset = Page.objects.live().filter(depth__gt=1) if filtered else Page.objects.all()
    results = backend.search(query, queryset)
    fast = [page.pk for page in results[:50]]
    assert fast == upstream_order(results, 0, 50)
    assert fast[1:3] == [page.pk for page in results[1:3]]  # slices are cut in the database
    _pages, unpublished = heating_pages
    if query == "供热":
        assert fast
        assert (unpublished.pk in fast) is not filtered


def test_counts_of_sliced_and_whole_results(heating_pages):
    backend = get_search_backend()
    results = backend.search("供热", Page.objects.live())
    total = results.count()
    assert total >= 4
    assert results[:2].count() == 2
    assert results[1:].count() == total - 1
