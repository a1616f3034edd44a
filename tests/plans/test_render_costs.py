"""A plan page costs the same number of queries with 3 items or 40 (items, their drafts and
regulations, counts and feedback are fetched for the whole page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_plan


def _queries(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_items(client, plan_index):
    small = make_plan(plan_index, n_items=3)
    big = make_plan(plan_index, n_items=40)
    assert _queries(client, big.url) == _queries(client, small.url)
