"""Versions: keys carried across imports, compare view, article history, search copy."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from core.legal_text import parse_draft
from core.plugins import SEARCH_SOURCES_HOOK
from drafts.models import DraftVersion, PublishedArticle
from drafts.services import add_version
from tests.drafts.conftest import draft_text
from tests.html_checks import assert_good_page

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_reimporting_the_same_text_keeps_every_key(make_draft):
    page = make_draft(30)
    before = [a["key"] for a in page.articles()]
    add_version(page, parse_draft(draft_text(30)), label="一审稿", publish=True)
    page.refresh_from_db()
    page = page.__class__.objects.get(pk=page.pk)
    assert [a["key"] for a in page.articles()] == before
    versions = list(page.versions())
    assert [v.label for v in versions] == ["征求意见稿", "一审稿"]
    assert [v.is_current for v in versions] == [False, True]
    assert [a["key"] for a in versions[0].articles()] == before


def test_new_version_is_pending_until_published(make_draft):
    page = make_draft(5)
    result = add_version(page, parse_draft(draft_text(6)), label="二审稿")
    assert result.version.pending and not result.version.is_current
    page = page.__class__.objects.get(pk=page.pk)
    assert len(page.articles()) == 5  # the live text is unchanged
    assert [v.label for v in page.versions()] == ["征求意见稿"]
    page.get_latest_revision().publish()
    page = page.__class__.objects.get(pk=page.pk)
    assert len(page.articles()) == 6
    assert page.current_version.label == "二审稿"
    assert PublishedArticle.objects.filter(page=page).count() == 6


def test_demo_second_version_keys(demo_draft):
    page = demo_draft("tingche")
    old, new = page.versions()
    old_by_key = {a["key"]: a for a in old.articles()}
    new_by_key = {a["key"]: a for a in new.articles()}
    # 第四条 is new; old 第二十一条 was deleted; the rest keep their key through renumbering
    added = [a for k, a in new_by_key.items() if k not in old_by_key]
    removed = [a for k, a in old_by_key.items() if k not in new_by_key]
    assert [a["number"] for a in added] == ["第四条"]
    assert [a["number"] for a in removed] == ["第二十一条"]
    moved = new_by_key[old.articles()[3]["key"]]
    assert moved["number"] == "第五条"
    assert moved["text"] == old.articles()[3]["text"]


def test_compare_view_shows_every_kind_of_change(client, demo_draft):
    page = demo_draft("tingche")
    response = client.get(f"{page.url}versions/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_good_page(html)
    doc = soup(response)
    statuses = [li["class"][1] for li in doc.select(".compare-row")]
    assert statuses.count("compare-added") == 1
    assert statuses.count("compare-removed") == 1
    assert statuses.count("compare-changed") == 3
    assert statuses.count("compare-renumbered") == 14  # 17 moved, 3 of them also reworded
    assert "compare-unchanged" not in statuses
    changed = doc.select(".compare-changed")
    texts = " ".join(str(li) for li in changed)
    assert "<del>两</del><ins>三</ins>" in texts
    assert "<ins>不少于十五分钟的</ins>" in texts
    assert "<ins>政府投资建设的</ins>" in texts
    removed = doc.select_one(".compare-removed")
    assert removed.select_one("del") is not None and "学校周边道路" in removed.get_text()
    summary = doc.select_one(".compare-summary").get_text()
    assert "新增 1 条" in summary and "删除 1 条" in summary and "修改 3 条" in summary
    renumbered = doc.select_one(".compare-renumbered .compare-head").get_text(" ", strip=True)
    assert "第四条 → 第五条" in renumbered


def test_compare_view_parameters(client, demo_draft):
    page = demo_draft("tingche")
    old, new = page.versions()
    # reversed direction: what was added is now removed
    response = client.get(f"{page.url}versions/compare/?from={new.pk}&to={old.pk}")
    doc = soup(response)
    assert "新增 1 条" in doc.select_one(".compare-summary").get_text()
    assert "删除 1 条" in doc.select_one(".compare-summary").get_text()
    everything = client.get(f"{page.url}versions/compare/?all=1")
    assert len(soup(everything).select(".compare-row")) == 27
    # bogus ids fall back to the defaults instead of failing
    assert client.get(f"{page.url}versions/compare/?from=x&to=999999").status_code == 200
    single = demo_draft("wenming")
    response = client.get(f"{single.url}versions/compare/")
    assert response.status_code == 200
    assert "只有一个版本" in response.content.decode()


def test_article_history(client, demo_draft):
    page = demo_draft("tingche")
    # 第十二条 in v1 → 第十三条 in v2, wording changed (两年 → 三年)
    old_article = page.versions().first().articles()[10]
    assert old_article["number"] == "第十一条"
    response = client.get(f"{page.url}articles/{old_article['key']}/history/")
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    doc = soup(response)
    entries = doc.select(".history-entry")
    assert [e.h2.get_text(" ", strip=True).split()[0] for e in entries] == ["征求意见稿", "二审稿"]
    assert "<del>两</del><ins>三</ins>" in str(entries[1])
    assert doc.h1.get_text().startswith("第十二条")
    # linked from the draft page and from the compare view
    assert f"articles/{old_article['key']}/history/" in client.get(page.url).content.decode()


def test_history_of_deleted_article_and_unknown_key(client, demo_draft):
    page = demo_draft("tingche")
    gone = page.versions().first().articles()[20]
    response = client.get(f"{page.url}articles/{gone['key']}/history/")
    assert response.status_code == 200
    assert "已被删除" in response.content.decode()
    assert len(soup(response).select(".history-removed")) == 1
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"{page.url}articles/{unknown}/history/").status_code == 404


def test_published_articles_follow_publish_and_unpublish(make_draft):
    page = make_draft(8)
    rows = list(PublishedArticle.objects.filter(page=page).order_by("position"))
    assert [r.number for r in rows][:2] == ["第一条", "第二条"]
    assert rows[0].chapter_title == "第一章 第1部分规定"
    assert rows[0].key == page.articles()[0]["key"]
    page.unpublish()
    assert not PublishedArticle.objects.filter(page=page).exists()
    page.save_revision().publish()
    assert PublishedArticle.objects.filter(page=page).count() == 8
    page.delete()
    assert (
        not PublishedArticle.objects.exists()
        or not PublishedArticle.objects.filter(page_id=page.pk).exists()
    )


def test_search_source_hook(make_draft):
    page = make_draft(12)
    sources = [fn() for fn in hooks.get_hooks(SEARCH_SOURCES_HOOK)]
    source = next(s for s in sources if s.model is PublishedArticle)
    assert source.kind == "article"
    articles = list(source.queryset().filter(page=page))
    assert len(articles) == 12
    result = source.to_result(articles[11])
    assert result["title"] == f"《{page.title}》第十二条"
    assert result["url"] == f"{page.url}#article-12"
    assert "事项编号12" in result["text"]
    assert result["point_ids"] == []
    page.unpublish()
    assert not source.queryset().filter(page=page).exists()


def test_editor_edits_update_current_snapshot(make_draft):
    page = make_draft(3)
    latest = page.get_latest_revision_as_object()
    raw = list(latest.body.raw_data)
    raw[1] = {**raw[1], "value": {**raw[1]["value"], "text": "修改后的第一条。"}}
    latest.body = raw
    latest.save_revision().publish()
    version = DraftVersion.objects.get(page=page, is_current=True)
    texts = [a["text"] for a in version.articles()]
    assert texts[0] == "修改后的第一条。"
    assert version.articles()[0]["key"] == raw[1]["id"]
