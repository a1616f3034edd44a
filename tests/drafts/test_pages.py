"""Public pages of the drafts plugin: index, draft, closed state, print view, feed, API."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from core.interfaces import Commentable, as_commentable
from core.plugins import (
    OPINION_COUNTS_HOOK,
    OPINION_WIDGET_HOOK,
    PAGE_FEEDBACK_HOOK,
    HomeSection,
)
from tests.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


# ---------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------


def test_index_lists_open_drafts_first_with_days_left(client, drafts_index):
    response = client.get(drafts_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_good_page(html)
    cards = soup(response).select(".draft-card")
    titles = [card.h3.get_text(strip=True) for card in cards]
    assert titles[0] == "滨州市文明行为促进条例（草案）"
    assert set(titles) == {
        "滨州市文明行为促进条例（草案）",
        "滨州市停车场管理条例（草案）",
        "滨州市供热条例",
    }
    first = cards[0].get_text()
    assert "征求意见中" in first
    assert re.search(r"还剩 (19|20) 天", first)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", {"wenming"}),
        ("status=closed", {"tingche"}),
        ("status=passed", {"gongre"}),
        ("status=abandoned", set()),
        ("topic=urban", {"tingche"}),
        ("year=2016", {"gongre"}),
        ("status=open&topic=urban", set()),
    ],
)
def test_index_filters(client, drafts_index, query, expected):
    response = client.get(f"{drafts_index.url}?{query}")
    assert response.status_code == 200
    links = {
        a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup(response).select(".draft-card h3 a")
    }
    assert links == expected
    if not expected:
        assert "没有符合条件的草案" in response.content.decode()


def test_abandoned_flag_wins_over_window(make_draft, client, drafts_index):
    page = make_draft(5, slug="dropped")
    assert page.status == "open"
    page.abandoned = True
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.status == "abandoned"
    assert not page.accepts_comments()
    response = client.get(f"{drafts_index.url}?status=abandoned")
    assert [a.get_text() for a in soup(response).select(".draft-card h3 a")] == [page.title]


# ---------------------------------------------------------------------------
# Draft page
# ---------------------------------------------------------------------------


def test_open_draft_page_has_toc_anchors_and_banner(client, demo_draft):
    page = demo_draft("wenming")
    response = client.get(page.url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    doc = soup(response)
    toc = doc.select_one("nav.draft-toc")
    chapters = [a.get_text(" ", strip=True) for a in toc.select(".toc-list > li > a")]
    assert chapters[0] == "第一章 总则"
    assert len(chapters) == 6
    # every article has an anchor, and the TOC links to each of them
    articles = doc.select("article.draft-article")
    assert len(articles) == 51
    assert articles[9]["id"] == "article-10"
    assert articles[9].select_one(".article-number").get_text() == "第十条"
    assert toc.select_one('a[href="#article-10"]') is not None
    for a in toc.select(".toc-list a"):
        assert doc.find(id=a["href"][1:]) is not None
    banner = doc.select_one(".draft-banner").get_text()
    assert "正在征求意见" in banner and "还剩" in banner
    stages = [li.get_text(" ", strip=True) for li in doc.select(".stage-current")]
    assert stages and stages[0].startswith("一审")


def test_jump_to_article_redirects_to_anchor(client, demo_draft):
    page = demo_draft("wenming")
    assert client.get(f"{page.url}articles/?n=10")["Location"] == f"{page.url}#article-10"
    assert client.get(f"{page.url}articles/10/")["Location"] == f"{page.url}#article-10"
    assert client.get(f"{page.url}articles/?n=999")["Location"] == page.url
    assert client.get(f"{page.url}articles/?n=abc")["Location"] == page.url
    assert client.get(f"{page.url}articles/999/").status_code == 404


def test_closed_draft_keeps_text_and_shows_feedback(client, demo_draft, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]
    page = demo_draft("tingche")
    assert page.status == "closed"
    assert not page.accepts_comments()

    def feedback(request, p):
        return HomeSection("feedback_probe.html", {"adopted": 7}, title="采纳情况反馈")

    with hooks.register_temporarily(PAGE_FEEDBACK_HOOK, feedback):
        response = client.get(page.url)
    html = response.content.decode()
    assert_good_page(html)
    assert "征求意见已于" in html and "截止" in html
    assert "采纳情况反馈：7" in html
    assert len(soup(response).select("article.draft-article")) == 26
    assert "二审稿" in soup(response).select_one(".draft-meta").get_text()


def test_passed_draft(client, demo_draft):
    page = demo_draft("gongre")
    response = client.get(page.url)
    assert page.status == "passed"
    assert "该法规已通过" in response.content.decode()
    assert (
        soup(response).select_one(".stage-current").get_text(" ", strip=True).startswith("公布施行")
    )


def test_opinion_hooks_are_rendered_per_article_with_counts(client, make_draft):
    page = make_draft(12)
    calls = []
    keys = [a["key"] for a in page.articles()]

    def widget(request, p, target):
        return f'<span class="probe" data-key="{target.key if target else "page"}"></span>'

    def counts(p):
        calls.append(p.pk)
        return {keys[2]: 4, None: 1}

    with (
        hooks.register_temporarily(OPINION_WIDGET_HOOK, widget),
        hooks.register_temporarily(OPINION_COUNTS_HOOK, counts),
    ):
        response = client.get(page.url)
    doc = soup(response)
    assert calls == [page.pk]  # one call per page render
    probes = doc.select(".probe")
    assert [p["data-key"] for p in probes] == ["page", *keys]
    third = doc.find(id="article-3")
    assert "4 条意见" in third.get_text()
    assert "已收到 5 条意见" in doc.select_one(".draft-banner").get_text()


def test_query_count_does_not_grow_with_articles(client, make_draft):
    small = make_draft(10, slug="small")
    large = make_draft(120, slug="large")
    # Warm caches (site root paths, content types) and each page's published links, kept
    # until the next publish (core/published_memo.py): the counts compare articles, not warmth.
    client.get(small.url)
    client.get(large.url)
    counts = {}
    for page in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.url)
        assert response.status_code == 200
        counts[page.slug] = len(ctx.captured_queries)
    assert len(soup(response).select("article.draft-article")) == 120
    assert counts["small"] == counts["large"], counts
    # Most are the shared layout (site, locales, menu, language switcher, settings) and the
    # plugins' hooks (opinion counts and feedback, search box); none per article.
    assert counts["large"] <= 28, "\n".join(q["sql"][:150] for q in ctx.captured_queries)


def test_page_is_commentable(demo_draft):
    page = demo_draft("tingche")
    assert isinstance(page, Commentable)
    assert as_commentable(page.page_ptr) is not None
    targets = page.get_comment_targets()
    assert [t.label for t in targets][:3] == ["第一条", "第二条", "第三条"]
    assert targets[3].url == f"{page.url}#article-4"
    assert page.get_comment_target(targets[5].key) == targets[5]
    assert page.get_comment_target("not-a-key") is None
    assert page.get_comment_target("") is None
    assert page.get_reply_deadline() == page.reply_deadline
    # an article deleted in the second version is still a valid target (old opinions)
    first = page.versions().first()
    gone = {a["key"] for a in first.articles()} - {t.key for t in targets}
    assert len(gone) == 1
    target = page.get_comment_target(gone.pop())
    assert target is not None and target.text.startswith("学校周边道路")
    open_page = demo_draft("wenming")
    assert open_page.accepts_comments()
    assert not open_page.accepts_comments(open_page.closes_at + dt.timedelta(seconds=1))
    assert not open_page.accepts_comments(open_page.opens_at - dt.timedelta(seconds=1))
    assert "还剩" in open_page.comment_window_message()


def test_print_view_has_numbered_articles_and_qr_codes(client, demo_draft):
    page = demo_draft("tingche")
    response = client.get(f"{page.url}print/")
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    doc = soup(response)
    articles = doc.select("article.print-article")
    assert len(articles) == 26
    assert articles[0].strong.get_text() == "第一条"
    assert len(doc.select("article.print-article svg")) == 26
    assert doc.select_one(".print-qr svg") is not None
    key = page.articles()[11]["key"]
    link = articles[11].select_one("a.print-article-qr")["href"]
    assert link == f"http://localhost{page.url}?comment={key}#article-12"


def test_translation_renders_under_en(client, demo_draft):
    page = demo_draft("wenming")
    index_en = page.get_parent().specific.get_translation(
        __import__("wagtail.models", fromlist=["Locale"]).Locale.objects.get(language_code="en")
    )
    assert index_en.url.startswith("/en/")
    en = page.copy_for_translation(index_en.locale)
    en.title = "Civility Promotion Regulations (draft)"
    en.save_revision().publish()
    en.refresh_from_db()
    assert [b.id for b in en.body] == [b.id for b in page.body]
    response = client.get(en.url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    assert en.current_version.pk == page.current_version.pk
    assert client.get(index_en.url).status_code == 200


# ---------------------------------------------------------------------------
# Feed and API
# ---------------------------------------------------------------------------


def test_feed_announces_drafts_and_versions(client, drafts_index):
    response = client.get(f"{drafts_index.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert "新草案：滨州市文明行为促进条例（草案）" in titles
    assert "新草案：滨州市供热条例" in titles
    assert "滨州市停车场管理条例（草案） 发布新版本：二审稿" in titles
    links = [item.findtext("link") for item in root.iter("item")]
    assert all(link.startswith("http") for link in links)


def test_api_exposes_structure_and_status(client, demo_draft, drafts_index):
    page = demo_draft("wenming")
    data = json.loads(client.get(f"/api/v2/pages/{page.pk}/").content)
    assert data["status_info"]["status"] == "open"
    assert data["status_info"]["accepts_comments"] is True
    chapters = data["structure"]["chapters"]
    assert [c["number"] for c in chapters] == [
        "第一章",
        "第二章",
        "第三章",
        "第四章",
        "第五章",
        "第六章",
    ]
    first = chapters[0]["articles"][0]
    assert first["number"] == "第一条" and first["anchor"] == "article-1"
    assert first["key"] == page.articles()[0]["key"]
    assert [v["label"] for v in data["version_list"]] == ["征求意见稿"]
    listing = json.loads(
        client.get(
            "/api/v2/pages/?type=drafts.RegulationDraftPage&fields=status_info&locale=zh-hans"
        ).content
    )
    assert listing["meta"]["total_count"] == 3
    index = json.loads(client.get(f"/api/v2/pages/{drafts_index.pk}/").content)
    assert index["intro"]


def test_drafts_expose_stage_timeline_in_admin_editor(admin_client, demo_draft):
    page = demo_draft("wenming")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


def test_closing_time_is_shown_in_shanghai_time(make_draft):
    closes = dt.datetime(2030, 1, 1, 16, 0, tzinfo=dt.UTC)  # midnight in Shanghai
    page = make_draft(3, slug="tz", opens_at=timezone.now(), closes_at=closes)
    assert "2030年1月2日 00:00" in page.comment_window_message()
