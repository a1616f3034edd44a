"""Permalinks that survive renumbering: an article by its key, every published version in full,
and an article by the number it had in a version, saying where it is now."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from core.legal_text import parse_draft
from drafts.services import add_version
from tests.factories import DraftFactory, UserFactory, cn_number, draft_text
from tests.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

INSERTED = "第二条 新增的规定：居民委员会应当协助做好宣传工作。"


def renumbering_text(articles: int) -> str:
    """The factory's text with a new 第二条 and its last article deleted: old 第二条 is 第三条."""
    lines = draft_text(articles).splitlines()
    body = [line.split(" ", 1)[1] for line in lines[2:]][: articles - 1]
    out = lines[:2] + [lines[2], INSERTED]
    for n, text in enumerate(body[1:], start=3):
        out.append(f"第{cn_number(n)}条 {text}")
    return "\n".join(out)


@pytest.fixture
def renumbered():
    """A draft of 5 articles (征求意见稿), then a published 二审稿 that inserts a 第二条 and deletes
    the last article: old 第二条 → 第三条 … old 第四条 → 第五条, old 第五条 gone."""
    page = DraftFactory(articles=5)
    first = page.versions().get()
    add_version(page, parse_draft(renumbering_text(5)), label="二审稿", publish=True)
    page = type(page).objects.get(pk=page.pk)
    return page, first


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


def test_fixture_renumbers(renumbered):
    page, first = renumbered
    old = {a["key"]: a["number"] for a in first.articles()}
    now = {a["key"]: a["number"] for a in page.articles()}
    assert [v.label for v in page.versions()] == ["征求意见稿", "二审稿"]
    second_key = first.articles()[1]["key"]
    assert old[second_key] == "第二条" and now[second_key] == "第三条"
    assert first.articles()[4]["key"] not in now


def test_old_number_of_a_version_reaches_the_article_it_meant(client, renumbered):
    page, first = renumbered
    response = client.get(f"{page.url}versions/1/articles/2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_good_page(html)
    doc = soup(response)
    # As it read then: old 第二条's text, not the new 第二条 inserted by 二审稿.
    assert first.articles()[1]["text"] in doc.select_one(".draft-article").get_text()
    assert "新增的规定" not in html
    now = doc.select_one("[data-article-now]")
    assert "本条在二审稿中为第三条" in " ".join(now.get_text().split())
    assert now.a["href"] == f"{page.url}#article-3"


def test_deleted_article_of_an_old_version_says_where_it_went(client, renumbered):
    page, _first = renumbered
    response = client.get(f"{page.url}versions/1/articles/5/")
    assert response.status_code == 200
    now = " ".join(soup(response).select_one("[data-article-now]").get_text().split())
    assert "本条已在二审稿中删除" in now


def test_key_url_reaches_the_article_wherever_it_is(client, renumbered):
    page, first = renumbered
    moved = first.articles()[1]["key"]
    response = client.get(f"{page.url}articles/{moved}/")
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#article-3"
    # The API's structure gives the same key.
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    keys = [a["key"] for c in data["structure"]["chapters"] for a in c["articles"]]
    assert moved in keys


def test_key_of_a_deleted_article_shows_it_as_it_last_read(client, renumbered):
    page, first = renumbered
    gone = first.articles()[4]
    response = client.get(f"{page.url}articles/{gone['key']}/")
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    text = text_of(response)
    assert gone["text"] in text
    assert "本条已在二审稿中删除" in text
    assert soup(response).select_one(".breadcrumb a[href$='versions/1/']").get_text() == (
        "征求意见稿"
    )


def test_unknown_key_is_a_translated_404(client, renumbered):
    page, _first = renumbered
    response = client.get(f"{page.url}articles/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_every_published_version_reads_in_full(client, renumbered):
    page, first = renumbered
    response = client.get(f"{page.url}versions/1/")
    assert response.status_code == 200
    assert_good_page(response.content.decode())
    doc = soup(response)
    banner = " ".join(doc.select_one("[data-version-banner]").get_text().split())
    assert "这是征求意见稿" in banner and "当前版本为二审稿" in banner
    assert doc.select_one("[data-version-banner] a")["href"] == page.url
    articles = doc.select(".draft-text .draft-article")
    assert [a["id"] for a in articles] == [f"article-{n}" for n in range(1, 6)]
    assert [a.select_one(".article-number").get_text() for a in articles][1] == "第二条"
    assert first.articles()[1]["text"] in articles[1].get_text()
    # Each older article says where it is now.
    assert "本条现为第三条" in articles[1].get_text()
    assert "本条现已删除" in articles[4].get_text()
    current = client.get(f"{page.url}versions/2/")
    assert current.status_code == 200
    assert "即当前版本" in text_of(current)
    assert "新增的规定" in text_of(current)


def test_version_labels_link_to_their_full_text(client, renumbered):
    page, first = renumbered
    for url in (page.url, f"{page.url}versions/compare/"):
        doc = soup(client.get(url))
        hrefs = {a["href"] for a in doc.select("a")}
        assert f"{page.url}versions/1/" in hrefs and f"{page.url}versions/2/" in hrefs, url
    key = first.articles()[1]["key"]
    doc = soup(client.get(f"{page.url}articles/{key}/history/"))
    assert f"{page.url}versions/1/#article-2" in {a["href"] for a in doc.select("a")}


def test_comment_target_of_an_old_version_links_to_that_version(renumbered):
    page, first = renumbered
    key = first.articles()[1]["key"]
    target = page.get_comment_target(key, version_id=first.pk)
    assert target.version_url == f"{page.url}versions/1/articles/2/"
    current = page.get_comment_target(key)
    assert current.version_url == f"{page.url}versions/2/articles/3/"


def test_old_ordinal_links_keep_reaching_the_current_text(client, renumbered):
    page, _first = renumbered
    response = client.get(f"{page.url}articles/3/")
    assert response.status_code == 302 and response["Location"] == f"{page.url}#article-3"


def test_pending_version_is_for_editors_only(client, renumbered):
    page, _first = renumbered
    add_version(page, parse_draft(draft_text(3)), label="三审稿")  # imported, not published
    url = f"{page.url}versions/3/"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}articles/1/").status_code == 404
    assert "三审稿" not in client.get(page.url).content.decode()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert "尚未发布的三审稿" in text_of(response)
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    client.force_login(UserFactory())  # signed in, but may not edit the page
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "versions/0/",
        "versions/9/",
        "versions/99999999999999999999/",
        "versions/abc/",
        "versions/%00/",
        "versions/１/",
        "versions/1/articles/0/",
        "versions/1/articles/99/",
        "versions/1/articles/99999999999999999999/",
        "versions/1/articles/%E2%91%A0/",
        "versions/1/articles/=HYPERLINK(1)/",
        "articles/not-a-key/",
        "articles/%00/",
        "articles/00000000-0000-0000-0000-00000000000%00/",
    ],
)
def test_bad_input_is_a_404_never_a_500(client, renumbered, path):
    page, _first = renumbered
    # A NUL byte is refused before routing (400, core's middleware); the rest find no article.
    expected = 400 if "%00" in path else 404
    assert client.get(page.url + path).status_code == expected


def test_another_drafts_key_is_not_found_here(client, renumbered):
    page, _first = renumbered
    other = DraftFactory(articles=2)
    key = other.articles()[0]["key"]
    assert client.get(f"{page.url}articles/{key}/").status_code == 404


def test_sitemap_lists_the_older_versions(client, renumbered):
    page, _first = renumbered
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://localhost{page.url}</loc>" in xml
    assert f"<loc>http://localhost{page.url}versions/1/</loc>" in xml
    # The current version is the page itself.
    assert f"{page.url}versions/2/" not in xml


def test_version_pages_are_cached_and_a_publish_refreshes_them(client, renumbered, settings):
    from core import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    page_cache._store().clear()
    page, _first = renumbered
    url = f"{page.url}versions/2/"
    assert client.get(url)[page_cache.HEADER] == "miss"
    assert client.get(url)[page_cache.HEADER] == "hit"
    # A 三审稿 published: the 二审稿's page says at once that it is no longer current.
    add_version(page, parse_draft(draft_text(3)), label="三审稿", publish=True)
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss"
    assert "当前版本为三审稿" in text_of(response)
    page_cache._store().clear()
