"""A draft article carries its draft's title: words from the title and from the article's text
find it together, and it is shown as 《title》第N条, linked where the drafts plugin says the
article is read."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from wagtail.models import Locale

from search import elastic, service

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="needs the drafts plugin"),
]


def hits(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(h.h3.get_text(), h.a["href"]) for h in soup.select(".search-hit")]


@pytest.fixture
def wenming(demo_site):
    """The demo's 文明行为促进 draft: its title has 文明, some of its articles (the penalties) 罚款."""
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.get(slug="wenming", locale=Locale.get_default())
    assert "文明" in draft.title
    return draft


def penalty_targets(draft):
    return [target for target in draft.get_comment_targets() if "罚款" in target.text]


def test_title_word_and_text_word_find_the_penalty_articles(wenming):
    expected = {f"《{wenming.title}》{target.label}" for target in penalty_targets(wenming)}
    assert expected
    result = service.search_site("文明 罚款", Locale.get_default())
    assert not result.partial  # every result has both words
    articles = [hit for hit in result.hits if hit.kind == "article"]
    assert expected <= {hit.title for hit in articles}
    # Another draft's article only if its own text has both words.
    for hit in articles:
        if not hit.title.startswith(f"《{wenming.title}》"):
            assert "文明" in hit.text and "罚款" in hit.text, hit.title


def test_article_hit_links_where_the_drafts_plugin_says(client, wenming):
    urls = {f"《{wenming.title}》{t.label}": t.url for t in penalty_targets(wenming)}
    found = hits(client.get("/search/", {"q": "文明 罚款", "type": "article"}))
    shown = [(title, url) for title, url in found if title in urls]
    assert shown, found
    for title, url in shown:
        assert url == urls[title]


def test_elasticsearch_query_takes_words_from_any_field():
    body = elastic.build_query("文明 罚款", "zh-hans").to_dict()
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "cross_fields" and match["operator"] == "and"
