"""Elasticsearch: document and query building without a server; a real round trip only when
ELASTICSEARCH_URL is set (this machine has no Elasticsearch, so that test is skipped here)."""

import datetime
import io
import json
import os

import pytest
from django.core.management import call_command
from elasticsearch_dsl.faceted_search import FacetedResponse

from search import elastic, service
from tests.search.conftest import make_page

pytestmark = pytest.mark.django_db


def test_template_carries_the_chinese_analyzer():
    template = elastic.index_template().to_dict()
    assert template["index_patterns"] == ["lawbridge-*"]
    analysis = template["template"]["settings"]["analysis"]["analyzer"]
    assert analysis["lb_chinese"]["tokenizer"] == "smartcn_tokenizer"
    assert "cjk_width" in analysis["lb_chinese"]["filter"]


def test_ik_analyzers_when_configured(settings):
    settings.LAWBRIDGE_ES_ANALYZER = "ik"
    index_an, search_an = elastic.analyzers()
    assert index_an.get_definition()["tokenizer"] == "ik_max_word"
    assert search_an.get_definition()["tokenizer"] == "ik_smart"


def test_page_document_is_folded_for_search_and_original_for_display(home_page):
    page = make_page(home_page, "住宅物業管理條例", "公開徵求意見", "第一條　ＡＢＣ", slug="w")
    doc = elastic.page_document(page.specific).to_dict(include_meta=True)
    assert doc["_index"] == "lawbridge-pages" and doc["_id"] == f"page-{page.pk}"
    source = doc["_source"]
    assert source["title"] == "住宅物業管理條例"
    assert source["title_search"] == "住宅物业管理条例"
    assert "公开征求意见" in source["body_search"] and "abc" in source["body_search"]
    assert source["kind"] == "page" and source["locale"] == "zh-hans"
    assert source["url"] == page.url
    assert source["date"] == page.first_published_at.astimezone().date()


def test_article_document_from_a_search_source():
    from core.plugins import SearchSource

    class Obj:
        pk = 7

    source = SearchSource(
        kind="article",
        label="条文",
        model=object,
        queryset=lambda: None,
        to_result=lambda obj: {
            "title": "第十二条",
            "url": "/d/#article-12",
            "text": "物業服務",
            "date": datetime.date(2024, 3, 1),
            "point_ids": [3],
        },
    )
    doc = elastic.article_document(source, Obj()).to_dict(include_meta=True)
    assert doc["_index"] == "lawbridge-articles" and doc["_id"] == "article-7"
    assert doc["_source"]["body_search"] == "物业服务"
    assert doc["_source"]["point_ids"] == [3]
    assert doc["_source"]["url"] == "/d/#article-12"


def test_query_dict_has_multi_match_filters_facets_and_highlight():
    filters = service.Filters(kind="draft", year=2024, point=5, date_from=datetime.date(2024, 1, 1))
    body = elastic.build_query("物業　管理", "zh-hans", filters).to_dict()
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["query"] == "物业 管理"
    assert match["fields"] == ["title_search^3", "body_search"] and match["operator"] == "and"
    assert {"terms": {"locale": ["zh-hans", ""]}} in body["query"]["bool"]["filter"]
    assert {"range": {"date": {"gte": "2024-01-01"}}} in body["query"]["bool"]["filter"]
    post = json.dumps(body["post_filter"], ensure_ascii=False, default=str)
    assert '"kind": ["draft"]' in post and '"point_ids": [5]' in post
    aggs = body["aggs"]
    assert aggs["_filter_kind"]["aggs"]["kind"]["terms"]["field"] == "kind"
    assert aggs["_filter_year"]["aggs"]["year"]["date_histogram"]["calendar_interval"] == "year"
    # the kind facet counts ignore the kind filter but honour the others
    assert "kind" not in json.dumps(aggs["_filter_kind"]["filter"], default=str)
    assert set(body["highlight"]["fields"]) == {"title_search", "body_search"}
    assert body["size"] == service.MAX_HITS


def test_response_becomes_a_search_result():
    faceted = elastic.build_query("物业", "zh-hans")
    raw = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_index": "lawbridge-articles",
                    "_id": "article-1",
                    "_score": 2.0,
                    "_source": {
                        "kind": "article",
                        "title": "第十二条",
                        "url": "/d/#article-12",
                        "body": "物業服務企業應當……",
                        "date": "2024-03-01",
                        "point_ids": [3],
                    },
                    "highlight": {"body_search": ["<em>物业</em>服务企业应当"]},
                }
            ],
        },
        "aggregations": {
            "_filter_kind": {"kind": {"buckets": [{"key": "article", "doc_count": 1}]}},
            "_filter_point": {"point": {"buckets": [{"key": 3, "doc_count": 1}]}},
            "_filter_year": {"year": {"buckets": [{"key": 1704067200000, "doc_count": 1}]}},
        },
    }
    response = FacetedResponse(faceted._s, raw)
    response._faceted_search = faceted
    result = elastic.result_from_response("物业", response, service.Filters(), {3: "市中街道"})
    hit = result.hits[0]
    assert (hit.kind, hit.url, hit.point_ids) == ("article", "/d/#article-12", [3])
    assert [(f.key, f.count) for f in result.kinds] == [("article", 1)]
    assert [(f.label, f.count) for f in result.points] == [("市中街道", 1)]
    assert [f.key for f in result.years] == ["2024"]
    service.decorate([hit], result.words)
    assert hit.snippet_html.startswith("<mark>物業</mark>服務")


def test_dry_run_prints_template_and_mappings():
    out = io.StringIO()
    call_command("search_index", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data["mappings"]) == {"lawbridge-pages", "lawbridge-articles"}
    props = data["mappings"]["lawbridge-pages"]["properties"]
    assert props["title_search"]["analyzer"] == "lb_chinese"


def test_search_page_uses_elasticsearch_when_configured(client, demo_site, settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    calls = []

    def fake_search_site(query, locale, filters=None):
        calls.append((query, locale.language_code))
        return service.SearchResult(query, [query], [], [], [], [])

    monkeypatch.setattr(elastic, "search_site", fake_search_site)
    client.get("/en/search/", {"q": "物业"})
    assert calls == [("物业", "en")]


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")
def test_real_server_round_trip(home_page, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    make_page(home_page, "住宅物业管理条例", "", "物业服务企业应当公示收费标准", slug="es")
    elastic.rebuild()
    from wagtail.models import Locale

    result = elastic.search_site("物業", Locale.get_default())
    assert "住宅物业管理条例" in [hit.title for hit in result.hits]
