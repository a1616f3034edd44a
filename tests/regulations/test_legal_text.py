"""core.legal_text serves drafts and regulations in force alike: a regulation's text becomes
chapters and articles, in document order, with nothing lost."""

from core.legal_text import items_from_parsed, parse_draft, read_document


def test_a_regulation_in_force_reads_into_items_in_document_order():
    text = (
        "# 某市供水条例\n\n2016年8月25日 某市人民代表大会常务委员会通过\n\n"
        "## 第一章 总则\n\n第一条 为了规范供水，制定本条例。\n\n第二条 本条例适用于本市。\n\n"
        "## 第二章 附则\n\n第三条 本条例自2017年1月1日起施行。\n"
    ).encode()
    parsed = parse_draft(read_document(text, "gongshui.md"))
    items = items_from_parsed(parsed)
    assert parsed.title == "某市供水条例"
    assert [(i["type"], i.get("number")) for i in items] == [
        ("note", None),
        ("chapter", "第一章"),
        ("article", "第一条"),
        ("article", "第二条"),
        ("chapter", "第二章"),
        ("article", "第三条"),
    ]
    assert items[0]["text"].startswith("2016年8月25日")
    assert [i["ordinal"] for i in items if i["type"] == "article"] == [1, 2, 3]
    assert items[-1]["text"] == "本条例自2017年1月1日起施行。"
