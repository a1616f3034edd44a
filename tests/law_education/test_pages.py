"""What a visitor finds in 普法园地: valid pages, filters, topic landings, related content, reading
aids (reading time, print view, share QR code), the API and search metadata."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from law_education.models import (
    Audience,
    DailyReads,
    LawEducationArticlePage,
    LawTopic,
    RelatedArticle,
    RelatedDraft,
    Series,
)
from tests.html_checks import assert_good_page

from .conftest import SHOWCASE, add_article

URLS = [
    "/law-education/",
    "/law-education/?topic=minfadian&audience=laonianren&series=minfadian-jin-shequ&sort=popular",
    "/law-education/topics/wuye/",
    f"/law-education/{SHOWCASE}/",
    f"/law-education/{SHOWCASE}/print/",
    "/en/law-education/",
    "/en/law-education/xianfa-ri-jiben-quanli/",
]


def titles(html):
    return [
        h3.get_text(strip=True) for h3 in BeautifulSoup(html, "html.parser").select(".le-card h3")
    ]


@pytest.mark.parametrize("url", URLS)
def test_pages_are_valid_accessible_html(client, index, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())


def test_demo_has_enough_articles_topics_series_and_every_block(index):
    articles = LawEducationArticlePage.objects.live().filter(locale__language_code="zh-hans")
    assert articles.count() >= 8
    assert articles.values("topic").distinct().count() >= 4
    assert Series.objects.filter(articles__in=articles).distinct().count() == 2
    showcase = articles.get(slug=SHOWCASE)
    used = {block.block_type for block in showcase.body}
    assert used == set(showcase.body.stream_block.child_blocks)


def test_index_lists_newest_first(client, index):
    html = client.get("/law-education/").content.decode()
    listed = titles(html)
    expected = list(index.articles().values_list("title", flat=True))
    assert listed == expected
    assert listed[0] == "第一次读法规草案？从这三步开始"  # published one day ago


def test_topic_filter_and_landing_page_show_only_that_topic(client, index):
    wuye = LawTopic.objects.get(slug="wuye", locale__language_code="zh-hans")
    expected = set(index.articles().filter(topic=wuye).values_list("title", flat=True))
    assert expected
    for url in ("/law-education/?topic=wuye", "/law-education/topics/wuye/"):
        assert set(titles(client.get(url).content.decode())) == expected
    landing = client.get("/law-education/topics/wuye/").content.decode()
    assert BeautifulSoup(landing, "html.parser").h1.get_text() == "物业管理"


def test_unknown_topic_landing_is_404(client, index):
    assert client.get("/law-education/topics/no-such-topic/").status_code == 404


def test_audience_and_series_filters(client, index):
    old = Audience.objects.get(slug="laonianren", locale__language_code="zh-hans")
    html = client.get("/law-education/?audience=laonianren").content.decode()
    assert set(titles(html)) == set(
        index.articles().filter(audiences=old).values_list("title", flat=True)
    )
    assert "孩子沉迷网络游戏，法律怎么管？" not in titles(html)
    html = client.get("/law-education/?series=caoan-zenme-du").content.decode()
    assert set(titles(html)) == {
        "停车管理条例施行了，这几条和你有关",
        "第一次读法规草案？从这三步开始",
    }


def test_unknown_filter_values_are_ignored(client, index):
    html = client.get("/law-education/?audience=nobody&series=%3Cscript%3E").content.decode()
    assert len(titles(html)) == index.articles().count()
    assert "<script>" not in html.split("<main")[1]


def test_most_read_sorts_by_reads_of_the_last_30_days(client, index):
    quiet = index.articles().get(slug="weichengnianren-qiangzhi-baogao")
    DailyReads.objects.update_or_create(
        page=quiet, day=timezone.localdate(), defaults={"count": 10_000}
    )
    stale = index.articles().get(slug="xianfa-ri-jiben-quanli")
    DailyReads.objects.create(
        page=stale, day=timezone.localdate() - timedelta(days=40), count=50_000
    )
    listed = titles(client.get("/law-education/?sort=popular").content.decode())
    assert listed[0] == quiet.title
    assert listed.index(stale.title) > 0  # old reads do not count


def test_index_query_count_does_not_grow_with_articles(
    client, index, django_assert_max_num_queries
):
    for n in range(5):
        add_article(index, f"extra-{n}")
    with django_assert_max_num_queries(40):
        assert client.get("/law-education/").status_code == 200


def test_unpublished_and_scheduled_articles_are_not_listed(client, index):
    html = client.get("/law-education/").content.decode()
    assert "预告：3·15消费者权益保护专题" not in html
    assert "租房合同里这些条款要当心" not in html
    assert client.get("/law-education/xiaofei-quanyi-yugao/").status_code == 404


def test_article_shows_metadata_reading_time_and_tags(client, showcase):
    html = client.get(showcase.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text() == showcase.title
    assert showcase.summary in page.select_one(".lead").get_text()
    assert "审核人：市人大常委会法工委 张律师" in html
    assert f"约 {showcase.reading_minutes} 分钟读完" in html
    assert {b.get_text() for b in page.select(".le-tags .badge")} == {
        "物业费",
        "民法典",
        "业主权利",
    }


def test_reading_time_follows_chinese_length(index):
    short = add_article(index, "short", body=[("paragraph", "<p>" + "法" * 300 + "</p>")])
    long = add_article(index, "long", body=[("paragraph", "<p>" + "法" * 3490 + "</p>")])
    assert short.reading_minutes == 1
    assert long.reading_minutes == 10  # 3,495 characters with the summary, ~350 a minute


def test_share_qr_code_is_inline_svg_of_the_full_url(client, showcase):
    html = client.get(showcase.url).content.decode()
    share = BeautifulSoup(html, "html.parser").select_one(".le-share")
    assert share.find("svg") is not None
    assert showcase.full_url in share.get_text()
    assert "http" not in str(share.find("svg"))  # drawn here, not fetched from a QR service


def test_print_view_has_no_tools_and_a_qr_code(client, showcase):
    html = client.get(showcase.url + "print/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert "le-print-view" in page.body["class"]
    assert page.select_one(".le-tools") is None
    assert page.select_one(".le-print-qr svg") is not None
    assert client.get(showcase.url + "?print=1").content.decode().count("le-print-view") == 1


def test_related_drafts_and_articles_are_linked_and_unpublished_ones_hidden(
    client, index, home_page
):
    article = LawEducationArticlePage.objects.get(
        slug="minfadian-yizhu", locale__language_code="zh-hans"
    )
    about = home_page.get_children().get(slug="about")
    hidden = add_article(index, "hidden-related", publish=False, title="未发布的相关文章")
    RelatedDraft.objects.create(article=article, page=about)
    RelatedArticle.objects.create(source=article, article=hidden)
    html = client.get(article.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    drafts = page.find(id="related-drafts-title").find_parent("section")
    assert drafts.find("a")["href"] == "/about/"
    related = page.find(id="related-articles-title").find_parent("section")
    assert [a.get_text() for a in related.find_all("a")] == [
        "高空抛物砸了人，找不到是谁扔的怎么办？"
    ]
    assert "未发布的相关文章" not in html


def test_series_navigation_lists_the_series_in_order(client, showcase):
    html = client.get(showcase.url).content.decode()
    section = BeautifulSoup(html, "html.parser").find(id="series-title").find_parent("section")
    items = [li.get_text(strip=True) for li in section.find_all("li")]
    assert items == [
        "物业服务不满意，物业费能不能不交？",
        "高空抛物砸了人，找不到是谁扔的怎么办？",
        "立遗嘱，这几种形式都有效",
    ]


def test_english_index_and_translated_topics(client, index):
    html = client.get("/en/law-education/").content.decode()
    assert '<html lang="en"' in html
    assert "Civil Code" in html  # topic snippets translated
    # The one translated article, and the others in Chinese until translated (core.untranslated).
    listed = titles(html)
    assert "Constitution Day: what are our basic rights?" in listed
    assert (
        len(listed) > 1 and html.count('class="badge badge-original-language"') >= len(listed) - 1
    )


def test_home_page_shows_latest_articles(client, index):
    html = client.get("/").content.decode()
    section = (
        BeautifulSoup(html, "html.parser").find(id="home-law-education").find_parent("section")
    )
    assert len(section.select(".card")) == 3
    assert section.find("a", string="更多普法文章")["href"] == "/law-education/"


def test_menu_links_the_index(client, index):
    html = client.get("/").content.decode()
    assert '<a href="/law-education/">普法园地</a>' in html


def test_api_exposes_article_fields(client, showcase):
    data = client.get(
        "/api/v2/pages/",
        {
            "type": "law_education.LawEducationArticlePage",
            "fields": "summary,topic,audiences,series,reviewer,reading_minutes,body",
            "slug": SHOWCASE,
        },
    ).json()
    item = data["items"][0]
    assert item["topic"] == {"name": "物业管理", "slug": "wuye"}
    assert item["reading_minutes"] == showcase.reading_minutes
    assert {b["type"] for b in item["body"]} >= {"case", "legal_quote", "quiz"}


def test_search_metadata(showcase):
    assert showcase.search_kind == "law_education"
    fields = {f.field_name for f in LawEducationArticlePage.search_fields}
    assert {"title", "summary", "body"} <= fields


def test_english_ui_strings_come_from_the_app_catalogue(client, index):
    html = client.get("/en/law-education/xianfa-ri-jiben-quanli/").content.decode()
    assert "Print version" in html and "Share by QR code" in html
    assert "打印版" not in html
    listing = client.get("/en/law-education/").content.decode()
    assert "Filter" in listing and "Most read" in listing
