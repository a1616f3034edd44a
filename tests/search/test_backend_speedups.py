"""The backend's faster query paths (rank inside the index table, fetch the slice by id) must
return exactly what modelsearch's own query would: same objects, same order, same counts."""

import pytest
from django.db import connection
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


@pytest.mark.parametrize("query", ["供热", "供热企业", "供热 投诉", "条例"])
def test_search_ids_are_the_search_results_ids(heating_pages, query):
    """The search page takes ids (search_ids) instead of objects: same ids, same order."""
    backend = get_search_backend()
    queryset = Page.objects.live().filter(depth__gt=1)
    expected = [page.pk for page in backend.search(query, queryset)[:50]]
    assert backend.search_ids(query, queryset, limit=50) == expected
    assert backend.search_ids("供热 投诉", queryset, operator="or", limit=50) == [
        page.pk for page in backend.search("供热 投诉", queryset, operator="or")[:50]
    ]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's ranking copy of the index"
)


def _rank_rows():
    from django.db.models import F
    from wagtail.search.models import IndexEntry

    from search.models import RankEntry

    index = {
        tuple(str(v) for v in row)
        for row in IndexEntry.objects.annotate(
            vector=F("title")._combine(F("body"), "||", False)
        ).values_list("id", "content_type_id", "object_id", "vector")
    }
    fields = ("id", "content_type_id", "object_id", "vector")
    rank = {tuple(str(v) for v in row) for row in RankEntry.objects.values_list(*fields)}
    return index, rank


@postgres_only
def test_rank_copy_follows_the_index(heating_pages):
    """Triggers keep lawbridge_search_rank equal to the index table: inserts, re-indexing
    (ON CONFLICT updates), deletes and TRUNCATE."""
    from wagtail.search.models import IndexEntry

    pages, _unpublished = heating_pages
    index, rank = _rank_rows()
    assert index and index == rank
    page = pages[0]
    page.title = "供暖条例"
    page.save_revision().publish()
    index, rank = _rank_rows()
    assert index == rank
    assert any("供暖" in row[3] for row in rank)
    pages[1].delete()
    assert _rank_rows()[0] == _rank_rows()[1]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before TRUNCATE
        cursor.execute(f"TRUNCATE {IndexEntry._meta.db_table}")
    assert _rank_rows() == (set(), set())


@postgres_only
def test_bitmap_scan_settings_are_put_back_inside_a_transaction(heating_pages):
    from search.backends.chinese import bitmap_scan_rows

    def settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
            )
            return cursor.fetchone()

    assert connection.in_atomic_block  # the test's transaction
    before = settings()
    rows = bitmap_scan_rows(
        Page.objects.filter(depth__gt=1).order_by("pk").values_list("pk", "title")[:2]
    )
    assert rows == list(
        Page.objects.filter(depth__gt=1).order_by("pk").values_list("pk", "title")[:2]
    )
    assert settings() == before == ("on", "on")
