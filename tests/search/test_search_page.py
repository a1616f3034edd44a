"""The public search page and the Chinese-aware backend, end to end, on the database in use."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from core.plugins import SEARCH_SOURCES_HOOK, SearchSource
from home.models import StandardPage
from tests.html_checks import assert_good_page
from tests.search.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_this_tests_pages_are_indexed(db):
    """The session's demo site is indexed too; these tests count exact results, so start each
    from an empty search index (rolled back with the test) and index only what they create."""
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h3.get_text() for h3 in soup.select(".search-hit h3")]


@pytest.fixture
def wuye(home_page):
    return make_page(
        home_page,
        "住宅物业管理条例（草案）",
        "公开征求意见",
        "第十二条 物业服务企业应当按照合同约定提供服务。业主大会可以选聘物业服务企业。",
        slug="wuye",
    )


@pytest.fixture
def tingche(home_page):
    return make_page(
        home_page,
        "停车场管理办法",
        "规范公共停车场的设置",
        "第三条 公共停车场应当公示收费标准。",
        slug="tingche",
    )


def test_word_inside_a_sentence_is_found(client, wuye, tingche):
    assert result_titles(client.get("/search/", {"q": "物业"})) == ["住宅物业管理条例（草案）"]
    assert "住宅物业管理条例（草案）" in result_titles(client.get("/search/", {"q": "征求"}))
    assert result_titles(client.get("/search/", {"q": "停车"})) == ["停车场管理办法"]


def test_traditional_and_full_width_queries_match_simplified_text(client, wuye):
    assert result_titles(client.get("/search/", {"q": "條例"})) == ["住宅物业管理条例（草案）"]
    assert result_titles(client.get("/search/", {"q": "物業服務"})) == ["住宅物业管理条例（草案）"]
    assert result_titles(client.get("/search/", {"q": "物业　管理"})) == [
        "住宅物业管理条例（草案）"
    ]


def test_traditional_page_text_is_found_by_simplified_query(client, home_page):
    make_page(home_page, "臺灣同胞投資保護條例", "", "", slug="taiwan")
    assert result_titles(client.get("/search/", {"q": "台湾 投资"})) == ["臺灣同胞投資保護條例"]


def test_results_page_is_valid_and_highlights_matches(client, wuye):
    response = client.get("/search/", {"q": "物业服务"})
    html = response.content.decode()
    assert_good_page(html)
    soup = BeautifulSoup(html, "html.parser")
    hit = soup.select_one(".search-hit")
    assert hit.a["href"] == wuye.url
    assert [m.get_text() for m in hit.select("p mark")][:1] == ["物业服务"]
    assert "找到 1 条结果" in soup.select_one("#search-results-heading").get_text()


def test_markup_in_query_and_text_is_escaped(client, home_page):
    make_page(home_page, "<script>alert(1)</script>物业", "", "", slug="xss")
    response = client.get("/search/", {"q": "物业"})
    assert b"<script>alert" not in response.content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>物业</mark>" in response.content.decode()
    response = client.get("/search/", {"q": "<img src=x onerror=alert(1)>"})
    assert b"<img src=x" not in response.content


@pytest.mark.parametrize("query", ['"物业', "物业 OR", "*", "物业 AND NOT", "'); DROP", "，。！"])
def test_odd_queries_do_not_break_the_search(client, wuye, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_empty_page_explains_what_can_be_searched(client, demo_site):
    response = client.get("/search/")
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    assert b"search-hit" not in response.content


def test_unpublish_and_delete_remove_the_page_from_results(client, wuye):
    assert result_titles(client.get("/search/", {"q": "物业"}))
    wuye.unpublish()
    assert result_titles(client.get("/search/", {"q": "物业"})) == []
    wuye.save_revision().publish()
    assert result_titles(client.get("/search/", {"q": "物业"}))
    page_id = wuye.pk
    wuye.delete()
    assert result_titles(client.get("/search/", {"q": "物业"})) == []
    from wagtail.search.models import IndexEntry

    assert not IndexEntry.objects.filter(object_id=str(page_id)).exists()


def test_edits_are_searchable_after_publishing_only(client, wuye):
    wuye.title = "供热条例"
    wuye.save_revision()  # a draft: the live page is still the old one
    assert result_titles(client.get("/search/", {"q": "供热"})) == []
    wuye.get_latest_revision().publish()
    assert result_titles(client.get("/search/", {"q": "供热"})) == ["供热条例"]


def test_private_pages_are_not_found(client, wuye):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=wuye, restriction_type="password", password="x")
    assert result_titles(client.get("/search/", {"q": "物业"})) == []


def test_results_are_restricted_to_the_request_language(client, wuye):
    from core.demo import ensure_translation

    ensure_translation(
        wuye, "en", title="Draft Regulation on Residential Property Management", slug="wuye-en"
    )
    assert result_titles(client.get("/en/search/", {"q": "property"})) == [
        "Draft Regulation on Residential Property Management"
    ]
    assert result_titles(client.get("/search/", {"q": "property"})) == []
    # The English copy still carries the Chinese body, but the Chinese page is not served here.
    assert result_titles(client.get("/en/search/", {"q": "物业"})) == [
        "Draft Regulation on Residential Property Management"
    ]
    english = client.get("/en/search/", {"q": "property"}).content.decode()
    assert_good_page(english)
    assert "<h1>Site search</h1>" in english and "1 result found" in english


def test_year_facet_counts_and_filters(client, home_page):
    old = make_page(home_page, "物业条例旧稿", "", "", slug="old")
    Page.objects.filter(pk=old.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime(2021, 5, 1))
    )
    make_page(home_page, "物业条例新稿", "", "", slug="new")
    this_year = timezone.localdate().year
    soup = BeautifulSoup(client.get("/search/", {"q": "物业"}).content, "html.parser")
    facets = [a.get_text(" ", strip=True) for a in soup.select(".search-facets ul a")]
    assert f"{this_year} (1)" in facets and "2021 (1)" in facets
    assert result_titles(client.get("/search/", {"q": "物业", "year": 2021})) == ["物业条例旧稿"]
    assert result_titles(
        client.get("/search/", {"q": "物业", "start": "2021-01-01", "end": "2021-12-31"})
    ) == ["物业条例旧稿"]


def test_pagination(client, home_page):
    for n in range(13):
        make_page(home_page, f"停车场第{n}号公告", "", "", slug=f"p{n}")
    first = client.get("/search/", {"q": "停车场"})
    assert len(result_titles(first)) == 10
    assert "第 1 / 2 页" in first.content.decode()
    second = client.get("/search/", {"q": "停车场", "page": 2})
    assert len(result_titles(second)) == 3
    assert not set(result_titles(first)) & set(result_titles(second))


def test_suggestions_when_nothing_matches(client, wuye):
    response = client.get("/search/", {"q": "物叶管理"})
    soup = BeautifulSoup(response.content, "html.parser")
    suggestion = soup.select_one(".search-suggestions")
    assert suggestion is not None and "您是不是要找" in suggestion.get_text()
    assert "物业管理" in [a.get_text() for a in suggestion.select("a")]


def test_autocomplete_json_and_no_js_datalist(client, wuye):
    data = client.get("/search/autocomplete/", {"q": "物业管"}).json()
    assert data["results"][0] == {"title": "住宅物业管理条例（草案）", "url": wuye.url}
    assert client.get("/search/autocomplete/", {"q": ""}).json()["results"] == []
    soup = BeautifulSoup(client.get("/search/", {"q": "物业"}).content, "html.parser")
    options = [o["value"] for o in soup.select("#search-q-options option")]
    assert "住宅物业管理条例（草案）" in options


def test_header_has_a_search_box_except_on_the_search_page(client, demo_site):
    about = BeautifulSoup(client.get("/about/").content, "html.parser")
    box = about.select_one("header form[role=search]")
    assert box is not None and box["action"] == "/search/"
    en = BeautifulSoup(client.get("/en/about/").content, "html.parser")
    assert en.select_one("header form[role=search]")["action"] == "/en/search/"
    search = BeautifulSoup(client.get("/search/").content, "html.parser")
    assert search.select_one("header form[role=search]") is None


def test_admin_search_gets_segmentation_too(admin_client, wuye):
    response = admin_client.get("/admin/pages/search/", {"q": "物业"})
    assert response.status_code == 200
    assert "住宅物业管理条例（草案）" in response.content.decode()


def test_search_page_query_count_does_not_grow_with_results(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(query):
        client.get("/search/", {"q": query})  # warm per-process caches (vocabulary, locales)
        with CaptureQueriesContext(connection) as context:
            response = client.get("/search/", {"q": query})
        return len(context.captured_queries), response

    for n in range(2):
        make_page(home_page, f"供热管理第{n}号", "", "", slug=f"g{n}")
    few, _ = queries_for("供热")
    for n in range(2, 12):
        make_page(home_page, f"供热管理第{n}号", "", "", slug=f"g{n}")
    many, response = queries_for("供热")
    assert len(result_titles(response)) == 10
    assert many == few


# A plugin's extra source (the drafts plugin registers its live articles the same way).


@pytest.fixture
def article_source(home_page):
    parent = make_page(home_page, "文明行为促进条例", "", "", slug="wenming")
    articles = [
        make_page(parent, f"第{label}条", "", body, slug=f"a{n}")
        for n, (label, body) in enumerate(
            [("一", "为了培育和践行社会主义核心价值观，制定本条例。"), ("二", "禁止随地吐痰。")],
            start=1,
        )
    ]

    def to_result(page):
        number = articles.index(next(a for a in articles if a.pk == page.pk)) + 1
        return {
            "title": f"文明行为促进条例 {page.title}",
            "url": f"{parent.url}#article-{number}",
            "text": page.specific.body.raw_data[0]["value"].strip("<p>/"),
            "date": None,
            "point_ids": [home_page.pk],
        }

    source = SearchSource(
        kind="article",
        label="条文",
        model=StandardPage,
        queryset=lambda: StandardPage.objects.child_of(parent).live(),
        to_result=to_result,
    )
    with hooks.register_temporarily(SEARCH_SOURCES_HOOK, lambda: source):
        yield parent, articles


def test_article_hit_links_straight_to_the_article(client, article_source):
    parent, _articles = article_source
    soup = BeautifulSoup(client.get("/search/", {"q": "吐痰"}).content, "html.parser")
    hits = soup.select(".search-hit")
    article_hits = [h for h in hits if h.select_one(".badge").get_text() == "条文"]
    assert article_hits[0].a["href"] == f"{parent.url}#article-2"
    assert article_hits[0].select_one("mark").get_text() == "吐痰"


def test_kind_and_point_facets_count_and_filter(client, article_source, home_page):
    soup = BeautifulSoup(client.get("/search/", {"q": "条例"}).content, "html.parser")
    facets = [a.get_text(" ", strip=True) for a in soup.select(".search-facets ul a")]
    assert "条文 (1)" in facets  # 第一条 mentions 本条例
    assert any(f.startswith("其他页面 (") for f in facets)
    assert f"{home_page.title} (1)" in facets
    only_articles = client.get("/search/", {"q": "条例", "type": "article"})
    assert result_titles(only_articles) == ["文明行为促进条例 第一条"]
    by_point = client.get("/search/", {"q": "条例", "point": home_page.pk})
    assert result_titles(by_point) == ["文明行为促进条例 第一条"]


def test_point_ids_of_many_hits_come_in_one_query(demo_site, django_assert_max_num_queries):
    """Each page type's search_point_ids_for() gives what search_point_ids() gives page by
    page (events and point news: their parent point; drafts: their related points), for all
    hits at once."""
    from wagtail.models import get_page_models

    from core.models import BasePage

    checked = []
    for cls in get_page_models():
        if not hasattr(cls, "search_point_ids_for"):
            continue
        pages = list(cls.objects.all())
        if not pages:
            continue
        own = cls.search_point_ids_for.__func__ is not BasePage.search_point_ids_for.__func__
        # The default loads the pages with their inline children: one query per relation.
        with django_assert_max_num_queries(1 if own else 20):
            bulk = cls.search_point_ids_for([page.pk for page in pages])
        for page in pages:
            assert bulk.get(page.pk, []) == list(page.search_point_ids()), (cls, page)
        if any(bulk.values()):
            checked.append(cls.__name__)
    assert {"EventNoticePage", "LiaisonPointPage"} <= set(checked), checked
