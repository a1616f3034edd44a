"""Amendments keep their history: each 修正/修订 is a new frozen version, the text in force is the
latest, an unchanged (or only reworded) article keeps its key, and older versions stay readable."""

import datetime as dt

from regulations.services import add_version
from regulations.text import assign_keys

from .conftest import items_of, regulation_text


def _keys(items):
    return {i["number"]: i["key"] for i in items if i["type"] == "article"}


def test_keys_follow_unchanged_text_and_numbers():
    before = assign_keys(items_of(regulation_text(5)))
    # Article 2 reworded, a new article inserted after it (so 3..5 become 4..6, text unchanged).
    lines = regulation_text(5).split("\n")
    amended = lines[:3]  # title, chapter, 第一条
    amended.append("第二条 第二项事务改由市人民政府统一管理。")
    amended.append("第三条 新增的一条：有关单位应当建立投诉处理制度。")
    for i, old in enumerate(lines[4:], start=4):
        amended.append(f"第{'四五六'[i - 4]}条 " + old.split(" ", 1)[1])
    after = assign_keys(items_of("\n".join(amended)), before)
    old, new = _keys(before), _keys(after)
    assert new["第一条"] == old["第一条"]  # unchanged
    assert new["第二条"] == old["第二条"]  # reworded, same number: the same article
    assert new["第三条"] not in old.values()  # new
    assert (new["第四条"], new["第五条"], new["第六条"]) == (
        old["第三条"],
        old["第四条"],
        old["第五条"],
    )  # renumbered, same text
    assert len(set(new.values())) == 6


def test_an_amendment_becomes_the_text_in_force_and_the_old_text_stays_readable(
    client, make_regulation
):
    page = make_regulation(n=4)
    first = page.current_version
    old_keys = _keys(first.items)
    add_version(
        page,
        items_of(regulation_text(4, words={3: "第三项事务的罚款上限提高到五万元。"})),
        kind="amendment",
        label="2024年修正",
        promulgated_on=dt.date(2024, 5, 1),
        effective_on=dt.date(2024, 7, 1),
        note="根据某决定修正",
    )
    page.refresh_from_db()
    page = type(page).objects.get(pk=page.pk)
    assert [v.label for v in page.version_rows] == ["公布", "2024年修正"]
    assert _keys(page.current_version.items) == old_keys
    first.refresh_from_db()
    assert "第三项事务的罚款上限" not in str(first.items)  # the old version is frozen

    html = client.get(page.url).content.decode()
    assert "第三项事务的罚款上限提高到五万元。" in html
    assert "2024年修正" in html and "历次版本" in html
    old = client.get(page.url + "versions/1/")
    assert old.status_code == 200
    old_html = old.content.decode()
    assert "关于第3项管理事务" in old_html and "第三项事务的罚款上限" not in old_html
    assert "这是历史版本" in old_html
    assert client.get(page.url + "versions/3/").status_code == 404
    assert client.get(page.url + "versions/0/").status_code == 404


def test_article_permalinks(client, make_regulation):
    page = make_regulation(n=3)
    key = _keys(page.current_version.items)["第二条"]
    assert client.get(page.url + "articles/2/")["Location"] == page.url + "#article-2"
    assert client.get(page.url + f"articles/{key}/")["Location"] == page.url + "#article-2"
    assert client.get(page.url + "articles/?n=3")["Location"] == page.url + "#article-3"
    assert client.get(page.url + "articles/?n=99")["Location"] == page.url
    # A full-width ３ typed on a phone keyboard is the same number.
    assert client.get(page.url + "articles/?n=%EF%BC%93")["Location"] == page.url + "#article-3"
    assert client.get(page.url + "articles/9/").status_code == 404
    html = client.get(page.url).content.decode()
    assert 'id="article-2"' in html and 'href="#article-2"' in html

    # An article deleted by an amendment: its permalink leads to the last version that had it.
    add_version(
        page,
        items_of("某市测试管理条例\n第一条 " + page.current_version.articles()[0]["text"]),
        kind="revision",
        label="2025年修订",
        promulgated_on=dt.date(2025, 1, 1),
    )
    page = type(page).objects.get(pk=page.pk)
    assert client.get(page.url + f"articles/{key}/")["Location"] == (
        page.url + "versions/1/#article-2"
    )


def test_the_default_version_label_reads_in_the_readers_language(client, demo_site):
    """The import's default label 公布 is the kind's word, shown in English on the English page;
    a label the office wrote (2021年修正) is shown as written."""
    from bs4 import BeautifulSoup

    html = client.get("/en/fagui/gongre/versions/1/").content.decode()
    heading = BeautifulSoup(html, "html.parser").h1.get_text(" ")
    assert "Promulgated" in heading and "公布" not in heading
    assert "公布" in client.get("/fagui/gongre/versions/1/").content.decode()
