"""The normaliser that index text and queries share, and the highlighter."""

from search import text


def test_fold_full_width_traditional_and_case():
    assert text.normalise("ＡＢＣ１２３　條例，物業") == "abc123 条例 物业"


def test_index_words_contain_the_parts_of_compounds():
    words = text.index_words("住宅物业管理条例")
    assert {"住宅", "物业", "管理", "物业管理", "条例"} <= set(words)


def test_query_words_are_the_longest_words():
    assert text.query_words("物业管理条例") == ["物业管理", "条例"]
    assert text.query_words("  ，。！ ") == []


def test_legal_dictionary_keeps_terms_whole():
    assert "基层立法联系点" in text.query_words("基层立法联系点的工作")


def test_highlight_escapes_then_marks_the_original_text():
    html = text.highlight("<b>住宅物業管理</b>條例", text.query_words("物业 条例"))
    assert html.startswith("&lt;b&gt;住宅<mark>物業</mark>管理&lt;/b&gt;<mark>條例</mark>")


def test_highlight_full_width_match_maps_back_to_original_positions():
    html = text.highlight("第１２条　ＡＢＣ公司", ["abc"])
    assert "<mark>ＡＢＣ</mark>公司" in html


def test_snippet_is_cut_around_the_first_match():
    body = "甲" * 300 + "停车场" + "乙" * 300
    html = text.highlight(body, ["停车场"], width=60)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>停车场</mark>" in html
    assert len(html) < 100
