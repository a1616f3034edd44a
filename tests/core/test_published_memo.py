"""core/published_memo.py: the menu and a page's translations are worked out once per publish,
and a publish anywhere shows on the next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import published_memo


def test_kept_until_the_next_publish(db):
    from core import page_cache

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert published_memo.remembered("k", compute) == 1
    assert published_memo.remembered("k", compute) == 1
    page_cache.invalidate()
    assert published_memo.remembered("k", compute) == 2


def test_cache_down_means_worked_out_each_time(db, monkeypatch):
    from core import page_cache

    def down():
        raise OSError("refused")

    monkeypatch.setattr(page_cache, "current_generations", down)
    calls = []
    published_memo.remembered("k", lambda: calls.append(1))
    published_memo.remembered("k", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_menu_follows_a_publish_without_a_query_per_request(client, home_page):
    from wagtail.models import Page

    client.get("/")  # the menu and locales worked out once
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    child = home_page.get_children().live().in_menu().first()
    page = Page.objects.get(pk=child.pk).specific
    page.title = "改过的栏目名"
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as after_publish:
        response = client.get("/")
    assert "改过的栏目名" in response.content.decode()
    # The request after a publish works the menu (and the locales) out again; the one before
    # read them from memory.
    assert len(after_publish.captured_queries) > len(first.captured_queries)
    with CaptureQueriesContext(connection) as settled:
        client.get("/")
    assert len(settled.captured_queries) == len(first.captured_queries)
