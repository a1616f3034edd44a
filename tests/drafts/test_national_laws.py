"""National laws and State Council regulations: parts (编, 分编), sections, wrapped chapter titles,
Word files typed without heading styles, and 款/项 marked in the draft's structure.

The fixtures are in the shape of the Civil Code (编 → 分编 → 章 → 节 → 条, a 目录 before the
text, 附则 outside every part) and of a State Council regulation (章 → 节, a long chapter title
on two lines, 项 with 目 under them)."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.legal_text import parse_draft, read_document
from drafts.services import create_draft, items_from_parsed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "laws"
IMPORT_URL = "/admin/drafts/import/"


def load(name: str):
    path = FIXTURES / name
    text = read_document(path.read_bytes(), path.name)
    return text, parse_draft(text)


def visible(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def numbers(draft) -> list[str]:
    return [a.number for a in draft.all_articles()]


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


def test_code_with_parts_subparts_chapters_and_sections():
    text, draft = load("national_code_excerpt.md")
    assert draft.title == "中华人民共和国某某法典（草案）"
    assert [(p.number, p.title, p.subpart) for p in draft.parts] == [
        ("第一编", "总则", False),
        ("第二编", "物权", False),
        ("第一分编", "通则", True),
        ("第二分编", "所有权", True),
        (None, "附则", False),  # beside the parts, not inside the last one
    ]
    assert [[c.title for c in p.chapters] for p in draft.parts] == [
        ["基本规定", "自然人"],
        [],
        ["一般规定"],
        ["业主的建筑物区分所有权及物业管理"],  # its title continues on the next line
        [""],  # the articles of 附则 sit in an implicit chapter
    ]
    person = draft.parts[0].chapters[1]
    assert [(s.number, s.title) for s in person.sections] == [
        ("第一节", "民事权利能力和民事行为能力"),
        ("第二节", "监护"),
    ]
    assert [a.number for a in person.sections[0].articles] == ["第三条", "第四条"]
    assert numbers(draft) == [f"第{n}条" for n in "一二三四五六七八九"]
    assert [a.number for a in draft.parts[-1].chapters[0].articles] == ["第八条", "第九条"]
    # The 目录 repeats the headings: it is kept as preamble, not parsed into empty parts.
    assert draft.preamble[1] == "目 录" and draft.preamble[-1] == "附 则"
    assert draft.unplaced == [] and draft.warnings == []
    assert draft.char_count() == visible(text)


def test_parts_are_written_before_their_first_chapter():
    _, draft = load("national_code_excerpt.md")
    headings = [
        (i["type"], i["number"], i["title"])
        for i in items_from_parsed(draft)
        if i["type"] in ("part", "chapter", "section")
    ]
    assert headings == [
        ("part", "第一编", "总则"),
        ("chapter", "第一章", "基本规定"),
        ("chapter", "第二章", "自然人"),
        ("section", "第一节", "民事权利能力和民事行为能力"),
        ("section", "第二节", "监护"),
        ("part", "第二编", "物权"),
        ("part", "第一分编", "通则"),
        ("chapter", "第一章", "一般规定"),
        ("part", "第二分编", "所有权"),
        ("chapter", "第二章", "业主的建筑物区分所有权及物业管理"),
        ("part", "", "附则"),
    ]
    data = draft.to_dict()
    assert data["parts"][2] == {
        "number": "第一分编",
        "title": "通则",
        "subpart": True,
        "chapters": [2],
    }


def test_state_council_regulation_with_a_wrapped_chapter_title():
    text, draft = load("state_council_regulation.txt")
    assert draft.title == "某某设施安全保护条例"
    assert draft.parts == []
    assert [(c.number, c.title) for c in draft.chapters] == [
        ("第一章", "总则"),
        ("第二章", "规划建设单位和运营单位的安全保护责任"),
        ("第三章", "附则"),
    ]
    assert [s.title for s in draft.chapters[1].sections] == ["一般规定", "禁止行为"]
    assert numbers(draft) == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    third = draft.chapters[1].sections[0].articles[0]
    assert third.paragraphs[3] == "1. 日常巡查；"
    assert draft.unplaced == [] and draft.char_count() == visible(text)


@pytest.mark.parametrize(
    "title",
    ["中华人民共和国行政处罚法", "中华人民共和国民法典", "中华人民共和国某某法（草案）"],
)
def test_national_law_titles_are_recognised(title):
    assert parse_draft(f"{title}\n第一章 总则\n第一条 内容。\n").title == title


def test_a_short_line_after_a_heading_followed_by_body_text_is_not_its_title():
    # Only a line that is followed by an article or heading continues a title.
    draft = parse_draft("第一章 总则\n特别说明\n本章的说明文字。\n第一条 内容。\n")
    assert draft.chapters[0].title == "总则"
    assert draft.unplaced == ["特别说明", "本章的说明文字。"]


def test_a_number_alone_does_not_take_the_next_heading_as_its_title():
    draft = parse_draft("第一编\n第一章 基本规定\n第一条 内容。\n")
    assert [(p.number, p.title) for p in draft.parts] == [("第一编", "")]
    assert [(c.number, c.title) for c in draft.chapters] == [("第一章", "基本规定")]


def test_part_citations_in_text_are_not_headings():
    draft = parse_draft("第一条 依照第二编规定的程序办理。\n第二编规定的除外。\n")
    assert draft.parts == []
    assert draft.chapters[0].articles[0].paragraphs[-1] == "第二编规定的除外。"


def test_without_parts_a_bare_heading_is_still_a_chapter():
    draft = parse_draft("第一章 总则\n第一条 甲。\n附　则\n第二条 乙。\n")
    assert draft.parts == []
    assert [(c.number, c.title) for c in draft.chapters] == [("第一章", "总则"), (None, "附则")]


def plain_code_docx() -> bytes:
    """A code as a clerk types it in Word: no heading styles, headings centred with spaces,
    "第一章" and its title in two paragraphs, a title over two paragraphs, a soft line break."""
    document = docx.Document()

    def para(text, centred=False):
        p = document.add_paragraph(text)
        if centred:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para("中华人民共和国某某法典（草案）", centred=True)
    para("第一编　总　　则", centred=True)
    para("第一章", centred=True)
    para("基本规定", centred=True)
    para("　　第一条　为了保护民事主体的合法权益，制定本法。")
    para("第二章　自然人", centred=True)
    para("第一节　民事权利能力", centred=True)
    p = para("　　第二条　下列自然人为无民事行为能力人：")
    p.add_run().add_break()  # Shift+Enter inside one paragraph
    p.add_run("（一）不满八周岁的未成年人；")
    para("（二）不能辨认自己行为的成年人。")
    para("前款规定的人由其法定代理人代理实施民事法律行为。")
    para("第二编　物　　权", centred=True)
    para("第一章　业主的建筑物区分所有权", centred=True)
    para("及物业管理", centred=True)
    para("　　第三条　业主对建筑物内的住宅享有所有权。")
    para("附　　则", centred=True)
    para("　　第四条　本法自2026年1月1日起施行。")
    assert {p.style.name for p in document.paragraphs} == {"Normal"}
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_typed_without_heading_styles():
    text = read_document(plain_code_docx(), "某某法典.docx")
    draft = parse_draft(text)
    assert draft.title == "中华人民共和国某某法典（草案）"
    assert [(p.number, p.title) for p in draft.parts] == [
        ("第一编", "总则"),
        ("第二编", "物权"),
        (None, "附则"),
    ]
    assert [(c.number, c.title) for c in draft.chapters] == [
        ("第一章", "基本规定"),
        ("第二章", "自然人"),
        ("第一章", "业主的建筑物区分所有权及物业管理"),
        (None, ""),
    ]
    assert [s.title for s in draft.chapters[1].sections] == ["民事权利能力"]
    assert numbers(draft) == ["第一条", "第二条", "第三条", "第四条"]
    second = draft.chapters[1].sections[0].articles[0]
    assert second.paragraphs == [
        "下列自然人为无民事行为能力人：",
        "（一）不满八周岁的未成年人；",
        "（二）不能辨认自己行为的成年人。",
        "前款规定的人由其法定代理人代理实施民事法律行为。",
    ]
    assert draft.unplaced == [] and draft.char_count() == visible(text)


# ---------------------------------------------------------------------------
# Through the admin, the page, the print view and the API
# ---------------------------------------------------------------------------


@pytest.fixture
def draft_editor(client, demo_site):
    """A member of 草案编辑, not a superuser."""
    user = get_user_model().objects.create_user("caoan", password="pw-12345678")
    user.groups.add(Group.objects.get(name="草案编辑"))
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_draft_editor_imports_a_code_with_parts(client, draft_editor, drafts_index):
    from drafts.models import RegulationDraftPage

    assert not draft_editor.is_superuser
    upload = SimpleUploadedFile("某某法典.docx", plain_code_docx())
    response = client.post(
        IMPORT_URL,
        {
            "action": "preview",
            "file": upload,
            "mode": "new",
            "index": drafts_index.pk,
            "label": "征求意见稿",
            "date": "2026-03-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "共识别出 4 条" in html
    preview = BeautifulSoup(html, "html.parser").select_one(".drafts-preview")
    assert [h.get_text(" ", strip=True) for h in preview.select("h2")] == [
        "第一编 总则",
        "第二编 物权",
        "附则",
    ]
    token = response.context["preview"]["token"]
    response = client.post(IMPORT_URL, {"action": "create", "token": token})
    assert response.status_code == 302
    page = RegulationDraftPage.objects.get(title="中华人民共和国某某法典（草案）")
    body = page.get_latest_revision_as_object().body
    assert [b.block_type for b in body][:3] == ["part", "chapter", "article"]
    assert body[0].value["number"] == "第一编" and body[0].value["title"] == "总则"
    # The editor may open the imported page in the page editor.
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.fixture
def code_page(drafts_index):
    _, draft = load("national_code_excerpt.md")
    result = create_draft(drafts_index, draft, slug="code-excerpt", publish=True)
    return result.page.__class__.objects.get(pk=result.page.pk)


@pytest.mark.django_db
def test_code_page_shows_parts_in_text_and_toc_with_provision_anchors(client, code_page):
    response = client.get(code_page.url)
    assert response.status_code == 200
    doc = BeautifulSoup(response.content, "html.parser")
    parts = [h.get_text(" ", strip=True) for h in doc.select(".draft-text h2.draft-part")]
    assert parts == ["第一编 总则", "第二编 物权", "第一分编 通则", "第二分编 所有权", "附则"]
    toc = doc.select_one("nav.draft-toc .toc-list")
    assert "toc-with-parts" in toc["class"]
    first_part = toc.select_one("li.toc-part")
    # A part's range spans its chapters and their sections.
    assert first_part.select_one(".toc-range").get_text() == "（第一条—第五条）"
    assert len(toc.select("li.toc-subpart")) == 2
    for a in toc.select("a"):
        assert doc.find(id=a["href"][1:]) is not None
    seventh = doc.find(id="article-7")
    assert seventh.find(id="article-7-1").get_text(strip=True).endswith("下列事项由业主共同决定：")
    item = seventh.find(id="article-7-1-3")
    assert item.get_text() == "（三）选举业主委员会或者更换业主委员会成员；"
    assert "draft-item" in item["class"]
    assert seventh.find(id="article-7-3").get_text().startswith("决定前款第（一）项")
    # Every line still appears once, in order.
    assert len(seventh.select("p")) == 7


@pytest.mark.django_db
def test_print_view_shows_parts(client, code_page):
    response = client.get(f"{code_page.url}print/")
    doc = BeautifulSoup(response.content, "html.parser")
    assert [h.get_text(" ", strip=True) for h in doc.select("h2.draft-part")][:2] == [
        "第一编 总则",
        "第二编 物权",
    ]
    assert len(doc.select("#article-4 .draft-item")) == 3


@pytest.mark.django_db
def test_structure_nests_parts_and_names_paragraphs_and_items(client, code_page):
    data = json.loads(client.get(f"/api/v2/pages/{code_page.pk}/").content)["structure"]
    assert data["chapters"] == [] and data["articles"] == []
    assert [(p["number"], p["title"]) for p in data["parts"]] == [
        ("第一编", "总则"),
        ("第二编", "物权"),
        ("", "附则"),
    ]
    property_part = data["parts"][1]
    assert [p["number"] for p in property_part["parts"]] == ["第一分编", "第二分编"]
    (chapter,) = property_part["parts"][1]["chapters"]
    (seventh,) = chapter["articles"]
    first, second, third = seventh["paragraphs"]
    assert first["citation"] == "第七条第一款" and first["anchor"] == "article-7-1"
    assert [i["citation"] for i in first["items"]] == [
        "第七条第一款第（一）项",
        "第七条第一款第（二）项",
        "第七条第一款第（三）项",
        "第七条第一款第（四）项",
    ]
    assert first["items"][2]["anchor"] == "article-7-1-3"
    assert third["citation"] == "第七条第三款" and second["items"] == []
    assert [a["number"] for a in data["parts"][2]["articles"]] == ["第八条", "第九条"]
    fourth = data["parts"][0]["chapters"][1]["sections"][0]["articles"][1]
    assert fourth["paragraphs"][0]["items"][0]["citation"] == "第四条第一款第（一）项"
    # An article of one 款 is cited as the article.
    fifth = data["parts"][0]["chapters"][1]["sections"][1]["articles"][0]
    assert fifth["paragraphs"][0]["citation"] == "第五条"


@pytest.mark.django_db
def test_search_copy_names_the_part_for_articles_outside_chapters(code_page):
    from drafts.models import PublishedArticle

    rows = {a.number: a.chapter_title for a in PublishedArticle.objects.filter(page=code_page)}
    assert rows["第六条"] == "第一章 一般规定"
    assert rows["第九条"] == "附则"


def test_many_table_of_contents_lines_parse_in_linear_time():
    text = "\n".join(f"目录\n条目{n}" for n in range(10_000))
    started = time.monotonic()
    draft = parse_draft(text)
    assert time.monotonic() - started < 5
    assert draft.char_count() == visible(text)
