"""Search across plugins: a hit on an article of a real demo draft links straight to it."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="needs the drafts plugin"),
]


def hits(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(h.h3.get_text(), h.a["href"]) for h in soup.select(".search-hit")]


def test_article_of_a_demo_draft_is_found_and_linked(client, demo_site):
    found = hits(client.get("/search/", {"q": "窗口服务 优质服务标准"}))
    articles = [(title, url) for title, url in found if title.endswith("第二十五条")]
    assert articles, found
    title, url = articles[0]
    assert "文明行为促进条例" in title
    assert url.endswith("#article-25")


def test_article_facet_is_counted(client, demo_site):
    html = client.get("/search/", {"q": "优质服务"}).content.decode()
    assert "条文" in html
    only_articles = hits(client.get("/search/", {"q": "优质服务", "type": "article"}))
    assert only_articles and all("#article-" in url for _title, url in only_articles)


def test_traditional_site_finds_its_own_articles(client, demo_site):
    found = hits(client.get("/zh-hant/search/", {"q": "优质服务"}))
    assert found
    assert all(url.startswith("/zh-hant/") for _title, url in found)


def test_bulk_results_are_what_to_result_gives(demo_site, django_assert_max_num_queries):
    """The search page builds up to 300 article results from rows (results) and resolves urls
    for the ones shown (urls): both must match to_result, in a constant number of queries."""
    from drafts.wagtail_hooks import draft_articles_search_source

    source = draft_articles_search_source()
    articles = list(source.queryset())
    assert len(articles) > 20
    ids = [article.pk for article in articles]
    with django_assert_max_num_queries(2):
        results = source.results([*ids, 10**9])  # an unknown id (stale index entry) is left out
    # Articles, their drafts, and Wagtail's site root paths (cached per request).
    with django_assert_max_num_queries(4):
        urls = source.urls(ids)
    for article in articles:
        expected = source.to_result(article)
        assert urls[article.pk] == expected.pop("url")
        assert results[article.pk] == expected
    assert set(results) == set(ids)
