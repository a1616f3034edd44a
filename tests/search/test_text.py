"""The normaliser that index text and queries share, and the highlighter."""

from search import text


def test_fold_full_width_traditional_and_case():
    assert text.normalise("ＡＢＣ１２３　條例，物業") == "abc123 条例 物业"


def test_fold_skips_t2s_only_for_text_it_cannot_change(monkeypatch):
    """fold() leaves out OpenCC for text without any character t2s changes: the result must be
    what the full conversion gives, for simplified, traditional and mixed text alike."""
    import unicodedata
    from pathlib import Path

    converter = text._t2s()
    laws = Path(__file__).resolve().parents[1] / "fixtures" / "laws"
    lines = [
        line for path in sorted(laws.glob("*.md")) for line in path.read_text("utf-8").splitlines()
    ]
    samples = [*lines, "乾隆年間", "頭髮", "發展", "著作權", "台灣", "裡面", "後來", "條例 物業"]
    for sample in samples:
        nfkc = unicodedata.normalize("NFKC", sample)
        assert text.fold(sample) == converter.convert(nfkc).lower()
    calls = []
    original = converter.convert
    monkeypatch.setattr(converter, "convert", lambda value: calls.append(value) or original(value))
    assert text.fold("物业管理条例") == "物业管理条例"
    assert calls == []
    assert text.fold("物業管理條例") == "物业管理条例"
    assert calls == ["物業管理條例"]


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
