"""Tests for core.legal_text: reading uploads and splitting drafts into articles.

Expected counts for the real regulations under tests/fixtures/laws/ were taken with grep,
independently of the parser (e.g. ``grep -cE '^第[一二…百零]+条[ 　]' FILE``).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from core.legal_text import (
    ImportFormatError,
    ParsedArticle,
    cn_to_int,
    int_to_cn,
    normalize_spaces,
    parse_draft,
    read_document,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "laws"
IDEO = "\u3000"  # full-width (ideographic) space
NBSP = "\u00a0"


def load(name: str):
    path = FIXTURES / name
    text = read_document(path.read_bytes(), path.name)
    return text, parse_draft(text)


def numbers(draft) -> list[str]:
    return [a.number for a in draft.all_articles()]


def visible(text: str) -> int:
    return len(re.sub(r"\s", "", text))


# ---------------------------------------------------------------------------
# Numerals and spaces
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零三", 103),
        ("一百〇三", 103),
        ("一百一十", 110),
        ("一百二十三", 123),
        ("两百", 200),
        ("一千零五", 1005),
        ("零", 0),
        ("12", 12),
        ("１２", 12),
        (" 十 二 ", 12),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "条", "一二", "abc", "十x"])
def test_cn_to_int_rejects_garbage(text):
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (103, "一百零三"),
        (110, "一百一十"),
        (123, "一百二十三"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
    ],
)
def test_int_to_cn(value, text):
    assert int_to_cn(value) == text


def test_int_to_cn_round_trips_through_cn_to_int():
    for n in range(1000):
        assert cn_to_int(int_to_cn(n)) == n


def test_int_to_cn_rejects_out_of_range():
    with pytest.raises(ValueError):
        int_to_cn(-1)
    with pytest.raises(ValueError):
        int_to_cn(10000)


def test_normalize_spaces_handles_full_width_nbsp_and_zero_width():
    assert normalize_spaces(f"{IDEO}总{IDEO}{IDEO}则{NBSP} \t和\u200b规\n") == "总 则 和 规"


# ---------------------------------------------------------------------------
# read_document
# ---------------------------------------------------------------------------


def test_read_md_strips_markdown_markup():
    data = "# 某某条例\n\n<!-- INFO\nEND -->\n## 第一章 总则\n\n第一条 **加粗**和*强调*。\n"
    text = read_document(data.encode(), "draft.md")
    assert "#" not in text
    assert "<!--" not in text and "INFO" not in text
    assert "*" not in text
    assert "第一条 加粗和强调。" in text
    assert "第一章 总则" in text


def test_read_txt_in_gb18030():
    original = "某某条例\n第一条 为了规范管理，制定本条例。\n"
    text = read_document(original.encode("gb18030"), "旧电脑.txt")
    assert text == original


def test_read_txt_with_utf8_bom_and_crlf():
    data = "\ufeff第一条 内容。\r\n第二条 内容。\r\n".encode()
    assert read_document(data, "a.TXT") == "第一条 内容。\n第二条 内容。\n"


def test_read_txt_in_utf16_with_bom():
    data = "第一条 内容。".encode("utf-16")
    assert read_document(data, "a.txt") == "第一条 内容。"


@pytest.mark.parametrize("filename", ["draft.pdf", "draft", "draft.docx.exe"])
def test_unsupported_extension(filename):
    with pytest.raises(ImportFormatError) as excinfo:
        read_document(b"whatever", filename)
    message = str(excinfo.value)
    assert "不支持的文件类型" in message
    assert ".docx" in message
    assert isinstance(excinfo.value, ValueError)


def test_unsupported_extension_names_the_extension():
    with pytest.raises(ImportFormatError, match=r"\.pdf"):
        read_document(b"%PDF-1.4", "draft.pdf")


def test_old_word_format_gets_a_helpful_message():
    with pytest.raises(ImportFormatError, match="另存为 .docx"):
        read_document(b"\xd0\xcf\x11\xe0", "draft.doc")


def test_corrupt_docx():
    with pytest.raises(ImportFormatError, match="Word"):
        read_document(b"this is not a zip file", "draft.docx")


def test_undecodable_text():
    with pytest.raises(ImportFormatError, match="编码"):
        read_document(b"\x00\x81\xff\xfe\x00" * 10, "draft.txt")


def test_empty_file():
    with pytest.raises(ImportFormatError, match="没有文字"):
        read_document(b"  \n\n ", "draft.txt")


def test_docx_round_trip(tmp_path):
    document = docx.Document()
    document.add_paragraph("某某市物业管理条例（草案）")
    document.add_paragraph(f"第一章{IDEO}总则")
    document.add_paragraph(f"第一条{IDEO}为了规范物业管理活动，制定本条例。")
    document.add_paragraph("第二条")
    document.add_paragraph("物业服务收费标准如下：")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "住宅"
    table.cell(0, 1).text = "每平方米一元。"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "其他物业另行确定。"
    document.add_paragraph("第二章　附则")
    document.add_paragraph("第三条　本条例自公布之日起施行。")
    path = tmp_path / "草案.docx"
    document.save(path)

    text = read_document(path.read_bytes(), "草案.DOCX")
    # Tables come out in place, one line per row, merged cells only once.
    assert "\n住宅\t每平方米一元。\n其他物业另行确定。\n" in text
    draft = parse_draft(text)

    assert draft.title == "某某市物业管理条例（草案）"
    assert [(c.number, c.title) for c in draft.chapters] == [("第一章", "总则"), ("第二章", "附则")]
    assert numbers(draft) == ["第一条", "第二条", "第三条"]
    second = draft.chapters[0].articles[1]
    # "住宅" has no full stop, yet table rows are never glued to neighbouring lines.
    assert second.paragraphs == [
        "物业服务收费标准如下：",
        "住宅 每平方米一元。",
        "其他物业另行确定。",
    ]
    assert draft.unplaced == []
    assert draft.char_count() == visible(text)


# ---------------------------------------------------------------------------
# Real regulations
# ---------------------------------------------------------------------------

REAL = [
    # file, title, articles, chapters (incl. implicit/bare), numbered chapters, first, last
    ("jiangmen_wenming_2021.md", "江门市文明行为促进条例", 52, 5, 5, "第一条", "第五十二条"),
    ("binzhou_tingche_2021.md", "滨州市停车场管理条例", 26, 1, 0, "第一条", "第二十六条"),
    ("binzhou_daolu_2016.md", "滨州市城区道路管理条例", 2, 1, 0, "第一条", "第二条"),
    ("binzhou_lifa_2016.md", "滨州市制定地方性法规条例", 74, 10, 0, "第一条", "第七十四条"),
    ("binzhou_gongre_2016.md", "滨州市供热条例", 43, 6, 1, "第一条", "第四十三条"),
]
FIELDS = ("name", "title", "n_articles", "n_chapters", "n_numbered", "first", "last")


@pytest.mark.parametrize(FIELDS, REAL)
def test_real_regulation_structure(name, title, n_articles, n_chapters, n_numbered, first, last):
    _, draft = load(name)
    articles = list(draft.all_articles())
    assert draft.title == title
    assert len(articles) == n_articles
    assert len(draft.chapters) == n_chapters
    assert sum(c.number is not None for c in draft.chapters) == n_numbered
    assert articles[0].number == first
    assert articles[-1].number == last
    # Ordinals run 1..n without gaps: nothing was split or swallowed.
    assert [a.ordinal for a in articles] == list(range(1, n_articles + 1))
    assert all(a.paragraphs for a in articles)
    assert draft.unplaced == []
    assert len(draft.preamble) == 2 and "通过" in draft.preamble[0]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_no_text_is_lost(name):
    """Every visible character of the input ends up somewhere in the parse."""
    text, draft = load(name)
    assert draft.char_count() == visible(text)


@pytest.mark.parametrize("name", ["jiangmen_wenming_2021.md", "binzhou_tingche_2021.md"])
def test_each_source_line_is_one_paragraph(name):
    # These files have no hard-wrapped sentences, so lines and paragraphs must match 1:1.
    source = (FIXTURES / name).read_text(encoding="utf-8").split("<!-- INFO END -->")[1]
    body = [ln for ln in source.splitlines() if ln.strip() and not ln.startswith("#")]
    _, draft = load(name)
    assert sum(len(a.paragraphs) for a in draft.all_articles()) == len(body)


def test_markdown_chapters_of_jiangmen():
    _, draft = load("jiangmen_wenming_2021.md")
    assert [(c.number, c.ordinal, c.title) for c in draft.chapters] == [
        ("第一章", 1, "总则"),
        ("第二章", 2, "文明行为规范"),
        ("第三章", 3, "促进与保障"),
        ("第四章", 4, "法律责任"),
        ("第五章", 5, "附则"),
    ]
    assert [len(c.articles) for c in draft.chapters] == [8, 18, 18, 7, 1]


def test_document_without_chapters_gets_one_implicit_chapter():
    _, draft = load("binzhou_tingche_2021.md")
    (chapter,) = draft.chapters
    assert (chapter.number, chapter.ordinal, chapter.title) == (None, None, "")
    data = draft.to_dict()
    assert data["chapters"][0]["number"] is None
    assert data["chapters"][0]["title"] == ""


def test_bare_heading_without_number_is_a_chapter():
    _, draft = load("binzhou_daolu_2016.md")
    (chapter,) = draft.chapters
    assert (chapter.number, chapter.ordinal, chapter.title) == (None, None, "总则")
    assert draft.preamble[1].startswith("2016年11月25日")


def test_bare_headings_between_articles():
    _, draft = load("binzhou_lifa_2016.md")
    titles = [c.title for c in draft.chapters]
    assert titles[0] == ""  # 第一条 to 第五条 come before any heading
    assert titles[1] == "立法权限"
    assert "市人民代表大会常务委员会审议、表决程序" in titles
    assert titles[-1] == "规章的备案审查"
    assert draft.chapters[1].articles[0].number == "第六条"


def test_sentence_broken_across_a_blank_line_is_joined():
    _, draft = load("binzhou_lifa_2016.md")
    second = next(a for a in draft.all_articles() if a.number == "第二条")
    assert (
        second.paragraphs[0]
        == "市人民代表大会及其常务委员会制定、修改、废止、解释地方性法规，适用本条例。"
    )
    assert len(second.paragraphs) == 2


def test_mixed_numbered_and_bare_chapters():
    _, draft = load("binzhou_gongre_2016.md")
    assert [(c.number, c.title) for c in draft.chapters] == [
        (None, "总则"),
        ("第二章", "规划与建设"),
        (None, "供热管理"),
        (None, "用热管理"),
        (None, "设施管理"),
        (None, "投诉与争议处理"),
    ]


# ---------------------------------------------------------------------------
# Hand-made awkward cases
# ---------------------------------------------------------------------------


def test_awkward_fixture():
    text = (FIXTURES / "awkward_draft.txt").read_text(encoding="utf-8")
    draft = parse_draft(text)
    assert draft.title == "某市养犬管理条例（草案）"
    assert draft.preamble == ["（征求意见稿）"]
    assert [(c.number, c.title) for c in draft.chapters] == [
        ("第一章", "总则"),
        ("第二章", "登记与免疫"),
        (None, "法律责任"),
    ]
    sections = draft.chapters[1].sections
    assert [(s.number, s.ordinal, s.title) for s in sections] == [
        ("第一节", 1, "犬只登记"),
        ("第二节", 2, "犬只免疫"),
    ]
    assert [a.number for a in sections[0].articles] == ["第四条", "第五条"]
    expected = ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条", "第8条"]
    assert numbers(draft) == expected
    assert [a.ordinal for a in draft.all_articles()] == list(range(1, 9))
    assert draft.unplaced == []
    assert draft.char_count() == visible(text)


def test_full_width_spaces_everywhere():
    text = f"第二章{IDEO}总{IDEO}则\n第十二条{IDEO}{IDEO}本市{NBSP}实行登记制度。\n"
    draft = parse_draft(text)
    (chapter,) = draft.chapters
    assert (chapter.number, chapter.ordinal, chapter.title) == ("第二章", 2, "总则")
    (article,) = chapter.articles
    assert (article.number, article.ordinal) == ("第十二条", 12)
    assert article.paragraphs == ["本市 实行登记制度。"]


def test_spaces_inside_the_article_number():
    draft = parse_draft("第 十一 条 内容一。\n第 十二 条\n内容二。\n")
    assert [(a.number, a.ordinal, a.text) for a in draft.all_articles()] == [
        ("第十一条", 11, "内容一。"),
        ("第十二条", 12, "内容二。"),
    ]


def test_article_number_alone_on_its_line():
    draft = parse_draft("第一条\n第一款内容。\n第二款内容。\n第二条 同一行的内容。\n")
    first, second = draft.all_articles()
    assert first.paragraphs == ["第一款内容。", "第二款内容。"]
    assert second.paragraphs == ["同一行的内容。"]


def test_line_break_inside_a_sentence_is_joined():
    text = (
        "第一条 为了加强停车场的规划和建设，规范停\n车场的使用和管理，制定本条例。\n第二条 内容。\n"
    )
    first, _ = parse_draft(text).all_articles()
    assert first.paragraphs == ["为了加强停车场的规划和建设，规范停车场的使用和管理，制定本条例。"]


def test_latin_words_keep_a_space_when_joined():
    first = next(parse_draft("第一条 使用 GPS\ndevice 定位。\n").all_articles())
    assert first.text == "使用 GPS device 定位。"


def test_finished_sentences_are_not_over_joined():
    text = "第一条 第一款。\n第二款；\n第三款：\n第四款！\n“第五款。”\n第六款\n"
    first = next(parse_draft(text).all_articles())
    assert first.paragraphs == [
        "第一款。",
        "第二款；",
        "第三款：",
        "第四款！",
        "“第五款。”",
        "第六款",
    ]


def test_items_are_separate_paragraphs_even_after_unfinished_line():
    text = "第一条 有下列情形之一的\n（一）擅自占用\n（二）擅自拆除；\n1. 阿拉伯编号\n"
    first = next(parse_draft(text).all_articles())
    assert first.paragraphs == [
        "有下列情形之一的",
        "（一）擅自占用",
        "（二）擅自拆除；",
        "1. 阿拉伯编号",
    ]


def test_tab_separated_table_rows_are_never_joined():
    text = "第一条 收费标准\n商铺\t两元\n住宅\t一元\n另行\n确定。\n"
    first = next(parse_draft(text).all_articles())
    assert first.paragraphs == ["收费标准", "商铺 两元", "住宅 一元", "另行确定。"]


def test_half_width_punctuation_ends_a_paragraph():
    first = next(parse_draft("第一条 下列规定:\n（一）甲;\n乙项另起一段。\n").all_articles())
    assert first.paragraphs == ["下列规定:", "（一）甲;", "乙项另起一段。"]


def test_citation_at_line_start_stays_in_the_article():
    text = (
        "第九条 市人民政府应当划定重点管理区域。\n"
        "第十条规定的情形，依照前款处理。\n"
        "第十一条之一 不是新条文。\n"
        "第十条 重点管理区域内禁止饲养烈性犬。\n"
    )
    draft = parse_draft(text)
    assert numbers(draft) == ["第九条", "第十条"]
    ninth, tenth = draft.all_articles()
    assert ninth.paragraphs == [
        "市人民政府应当划定重点管理区域。",
        "第十条规定的情形，依照前款处理。",
        "第十一条之一 不是新条文。",
    ]
    assert tenth.text == "重点管理区域内禁止饲养烈性犬。"


def test_sequential_number_followed_by_citation_words_is_not_an_article():
    text = "第一条 提交材料。\n第二条 规定的材料应当真实。\n第二条 真正的第二条。\n"
    draft = parse_draft(text)
    first, second = draft.all_articles()
    assert first.paragraphs == ["提交材料。", "第二条 规定的材料应当真实。"]
    assert second.text == "真正的第二条。"


def test_out_of_sequence_number_with_text_is_body_and_warned():
    text = "第一条 内容。\n第二条 内容。\n第九条 依照上文处理。\n第三条 内容。\n"
    draft = parse_draft(text)
    assert numbers(draft) == ["第一条", "第二条", "第三条"]
    assert draft.chapters[0].articles[1].paragraphs[-1] == "第九条 依照上文处理。"
    assert len(draft.warnings) == 1 and "第九条" in draft.warnings[0]


def test_number_alone_on_a_line_is_accepted_despite_a_gap():
    # A draft that deleted an article without renumbering yet.
    draft = parse_draft("第一条 内容。\n第三条\n内容。\n")
    assert [a.ordinal for a in draft.all_articles()] == [1, 3]


def test_arabic_numerals():
    draft = parse_draft("第一章 总则\n第1条 内容一。\n第2条 内容二。\n第１０条\n内容十。\n")
    assert [(a.number, a.ordinal) for a in draft.all_articles()] == [
        ("第1条", 1),
        ("第2条", 2),
        ("第１０条", 10),
    ]


def test_large_numbers_up_to_one_hundred_and_twenty_three():
    lines = []
    for n in range(1, 124):
        if n % 10 == 1:
            lines.append(f"第{int_to_cn(n // 10 + 1)}章{IDEO}第{n // 10 + 1}部分")
        lines.append(f"第{int_to_cn(n)}条{IDEO}第{n}条的内容。")
    draft = parse_draft("\n".join(lines))
    articles = list(draft.all_articles())
    assert len(articles) == 123
    assert [a.ordinal for a in articles] == list(range(1, 124))
    assert articles[102].number == "第一百零三条"
    assert articles[109].number == "第一百一十条"
    assert articles[-1].number == "第一百二十三条"
    assert draft.chapters[-1].number == "第十三章" and draft.chapters[-1].ordinal == 13


def test_bare_heading_followed_by_article():
    text = "第一条 内容。\n法律责任\n第二条 违反规定的，予以处罚。\n附　则\n第三条 施行日期。\n"
    draft = parse_draft(text)
    assert [(c.number, c.ordinal, c.title) for c in draft.chapters] == [
        (None, None, ""),
        (None, None, "法律责任"),
        (None, None, "附则"),
    ]
    assert numbers(draft) == ["第一条", "第二条", "第三条"]


def test_short_line_not_followed_by_article_is_not_a_heading():
    text = "第一条 内容。\n特别说明\n补充内容。\n第二条 内容。\n"
    draft = parse_draft(text)
    assert len(draft.chapters) == 1
    first = draft.chapters[0].articles[0]
    assert first.paragraphs == ["内容。", "特别说明补充内容。"]


def test_wrapped_fragment_before_next_article_is_not_a_heading():
    text = "第一条 违反本条例的，处五百元以上\n一千元以下罚款\n第二条 内容。\n"
    draft = parse_draft(text)
    assert len(draft.chapters) == 1
    assert draft.chapters[0].articles[0].text == "违反本条例的，处五百元以上一千元以下罚款"


def test_chapter_number_and_title_on_separate_lines():
    draft = parse_draft("第一章\n总　则\n第一条 内容。\n第二章\n第二条 内容。\n")
    assert [(c.number, c.title) for c in draft.chapters] == [("第一章", "总则"), ("第二章", "")]


def test_chapter_like_citation_is_not_a_heading():
    draft = parse_draft("第一条 内容：\n第二章规定的事项除外\n")
    assert len(draft.chapters) == 1
    assert draft.chapters[0].articles[0].paragraphs == ["内容：", "第二章规定的事项除外"]


def test_section_before_any_chapter_gets_an_implicit_chapter():
    draft = parse_draft("第一节 一般规定\n第一条 内容。\n第二节 特别规定\n第二条 内容。\n")
    (chapter,) = draft.chapters
    assert chapter.number is None
    assert [s.title for s in chapter.sections] == ["一般规定", "特别规定"]
    assert numbers(draft) == ["第一条", "第二条"]


def test_articles_before_the_first_section_belong_to_the_chapter():
    text = "第一章 总则\n第一条 甲。\n第一节 乙\n第二条 乙。\n第二章 丙\n第三条 丙。\n"
    draft = parse_draft(text)
    first, second = draft.chapters
    assert [a.number for a in first.articles] == ["第一条"]
    assert [a.number for a in first.sections[0].articles] == ["第二条"]
    assert numbers(draft) == ["第一条", "第二条", "第三条"]
    assert second.sections == []


def test_glued_article_numbers_are_accepted_when_the_whole_document_uses_them():
    text = "第一条为了规范管理，制定本条例。\n第二条本条例适用于本市。\n第三条规定的除外。\n"
    draft = parse_draft(text)
    assert numbers(draft) == ["第一条", "第二条"]
    assert draft.chapters[0].articles[1].paragraphs == ["本条例适用于本市。", "第三条规定的除外。"]


def test_glued_lines_are_body_text_in_a_spaced_document():
    text = "第一条 内容。\n第二条为了避免误判，这一行是正文。\n第二条 真正的第二条。\n"
    draft = parse_draft(text)
    assert numbers(draft) == ["第一条", "第二条"]
    assert draft.chapters[0].articles[0].paragraphs[-1].startswith("第二条为了")


def test_text_between_heading_and_first_article_is_unplaced():
    text = (
        "某某条例\n第一章 总则\n本章规定一般原则。\n第一条 内容。\n第二章 附则\n另一段说明文字。\n"
    )
    draft = parse_draft(text)
    assert draft.unplaced == ["本章规定一般原则。", "另一段说明文字。"]
    assert draft.to_dict()["unplaced"] == draft.unplaced
    assert draft.char_count() == visible(text)


def test_document_without_any_article_keeps_everything():
    text = "这是一份说明。\n没有任何条文。\n"
    draft = parse_draft(text)
    assert draft.chapters == []
    assert draft.preamble == ["这是一份说明。", "没有任何条文。"]
    assert draft.char_count() == visible(text)


# ---------------------------------------------------------------------------
# Title and preamble
# ---------------------------------------------------------------------------


def test_title_from_markdown_heading_and_preamble():
    text = "# 某某规定\n\n2021年6月29日 某某会议通过\n\n（征求意见稿）\n\n第一条 内容。\n"
    draft = parse_draft(text)
    assert draft.title == "某某规定"
    assert draft.preamble == ["2021年6月29日 某某会议通过", "（征求意见稿）"]


@pytest.mark.parametrize(
    "line",
    [
        "某某市停车场管理条例",
        "某某市停车场管理条例（草案）",
        "某某办法(草案)",
        "某某实施细则（征求意见稿）",
    ],
)
def test_title_recognised_by_its_ending(line):
    assert parse_draft(f"{line}\n第一条 内容。\n").title == line


def test_title_not_on_first_line():
    draft = parse_draft("附件1\n某某市物业管理条例（草案）\n第一条 内容。\n")
    assert draft.title == "某某市物业管理条例（草案）"
    assert draft.preamble == ["附件1"]


def test_no_title_found():
    draft = parse_draft("关于征求意见的说明。\n第一条 内容。\n")
    assert draft.title == ""
    assert draft.preamble == ["关于征求意见的说明。"]


def test_title_override_keeps_a_different_document_title_in_the_preamble():
    draft = parse_draft("某某条例（草案）\n第一条 内容。\n", title="某某条例")
    assert draft.title == "某某条例"
    assert draft.preamble == ["某某条例（草案）"]


def test_title_override_equal_to_document_title_is_not_duplicated():
    draft = parse_draft("某某条例\n第一条 内容。\n", title=" 某某条例 ")
    assert draft.title == "某某条例"
    assert draft.preamble == []


def test_title_override_without_document_title():
    draft = parse_draft("第一条 内容。\n", title="某某条例")
    assert draft.title == "某某条例"


def test_html_comments_are_ignored_by_the_parser():
    draft = parse_draft("# 某某条例\n<!-- INFO END -->\n第一条 内容。\n")
    assert draft.preamble == []
    assert numbers(draft) == ["第一条"]


# ---------------------------------------------------------------------------
# Result structure
# ---------------------------------------------------------------------------


def test_to_dict_shape():
    text = "某某条例\n说明\n第一章 总则\n第一条 甲。\n乙。\n第一节 细则\n第二条 丙。\n"
    assert parse_draft(text).to_dict() == {
        "title": "某某条例",
        "preamble": ["说明"],
        "chapters": [
            {
                "number": "第一章",
                "title": "总则",
                "articles": [{"number": "第一条", "text": "甲。\n乙。"}],
                "sections": [
                    {
                        "number": "第一节",
                        "title": "细则",
                        "articles": [{"number": "第二条", "text": "丙。"}],
                    }
                ],
            }
        ],
        "unplaced": [],
    }


def test_article_text_joins_paragraphs():
    assert ParsedArticle("第一条", 1, ["甲。", "乙。"]).text == "甲。\n乙。"
    assert ParsedArticle("第一条", 1, []).text == ""


def test_char_count_notices_lost_text():
    text, draft = load("binzhou_tingche_2021.md")
    next(draft.all_articles()).paragraphs.pop()
    assert draft.char_count() < visible(text)
