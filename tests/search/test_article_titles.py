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

WENMING = "江门市文明行为促进条例（草案）"


def hits(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [(h.h3.get_text(), h.a["href"]) for h in soup.select(".search-hit")]


def test_title_word_and_text_word_find_the_penalty_articles(demo_site):
    result = service.search_site("文明 罚款", Locale.get_default())
    assert not result.partial  # every result has both words
    articles = [hit.title for hit in result.hits if hit.kind == "article"]
    assert f"《{WENMING}》第四十七条" in articles  # 罚款 for smoking in a no-smoking place
    assert f"《{WENMING}》第四十八条" in articles
    assert all(title.startswith(f"《{WENMING}》第") for title in articles), articles


def test_article_hit_links_where_the_drafts_plugin_says(client, demo_site):
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.get(slug="wenming", locale=Locale.get_default())
    target = next(t for t in draft.get_comment_targets() if t.label == "第四十七条")
    found = dict(hits(client.get("/search/", {"q": "文明 罚款 吸烟", "type": "article"})))
    assert found[f"《{WENMING}》第四十七条"] == target.url


def test_elasticsearch_query_takes_words_from_any_field():
    body = elastic.build_query("文明 罚款", "zh-hans").to_dict()
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "cross_fields" and match["operator"] == "and"
