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
    published_memo.remembered_for_site("s", lambda: calls.append(1))
    published_memo.remembered_for_site("s", lambda: calls.append(1))
    assert len(calls) == 4


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


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


def test_site_facts_survive_a_publish_but_not_a_site_locale_or_settings_save(home_page):
    from wagtail.models import Locale, Site

    from core import page_cache
    from core.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    compute = _counter()
    assert published_memo.remembered_for_site("s", compute) == 1
    home_page.save_revision().publish()
    assert published_memo.remembered_for_site("s", compute) == 1
    expected = 1
    for save in (site.save, Locale.objects.first().save, settings.save, settings.delete):
        before = page_cache.current_generations()
        save()
        after = page_cache.current_generations()
        # Both numbers: what the pages show depends on the site, its locales and settings too.
        assert after[0] > before[0] and after[1] > before[1], save
        expected += 1
        assert published_memo.remembered_for_site("s", compute) == expected


def test_a_site_save_on_another_server_shows_here(db):
    from core import page_cache

    site_fact, page_fact = _counter(), _counter()
    published_memo.remembered_for_site("s", site_fact)
    published_memo.remembered("p", page_fact)
    # Another server's save raises the number in the shared cache; no signal reaches this one.
    page_cache._store().incr(page_cache.SITE_GENERATION_KEY)
    assert published_memo.remembered_for_site("s", site_fact) == 2
    assert published_memo.remembered("p", page_fact) == 1
    page_cache._store().incr(page_cache.GENERATION_KEY)
    assert published_memo.remembered("p", page_fact) == 2
    assert published_memo.remembered_for_site("s", site_fact) == 2


def test_one_cache_round_trip_per_fact(db, monkeypatch):
    from core import page_cache

    store = page_cache._store()
    published_memo.remembered("p", lambda: 1)  # the numbers exist from here on
    asked = []

    class Counting:
        def __getattr__(self, name):
            asked.append(name)
            return getattr(store, name)

    monkeypatch.setattr(page_cache, "_store", Counting)
    published_memo.remembered("p", lambda: 1)
    published_memo.remembered_for_site("s", lambda: 1)
    assert asked == ["get_many", "get_many"]


def test_the_site_is_kept_across_a_publish_but_its_root_page_is_not(rf, home_page):
    from wagtail.models import Site

    def root():
        return Site.find_for_request(rf.get("/", HTTP_HOST="localhost")).root_page

    assert root().pk == home_page.pk
    home_page.title = "改过的首页"
    home_page.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        found = root()
    assert found.title == "改过的首页"
    assert found.specific.title == "改过的首页"
    # The site row was not read again, only its root page.
    assert ['"wagtailcore_site"' in q["sql"] for q in queries.captured_queries] == [False]
