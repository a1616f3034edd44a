"""款 and 项 of an article (core/provisions.py): reading them from the one-provision-per-line text
and naming them the way laws cite one another."""

from __future__ import annotations

import pytest

from core.provisions import Item, Paragraph, cite, provision_lines, split_provisions

SEVENTH = """下列事项由业主共同决定：
（一）制定和修改业主大会议事规则；
（二）制定和修改管理规约；
（三）选举业主委员会或者更换业主委员会成员；
（四）选聘和解聘物业服务企业或者其他管理人。
业主共同决定事项，应当由专有部分面积占比三分之二以上的业主参与表决。
决定前款第（一）项至第（三）项规定的事项，应当经参与表决的业主过半数同意。"""


def test_items_belong_to_the_paragraph_before_them_and_do_not_count_as_paragraphs():
    paragraphs = split_provisions(SEVENTH)
    assert [p.number for p in paragraphs] == [1, 2, 3]
    first = paragraphs[0]
    assert first.text == "下列事项由业主共同决定："
    assert [(i.number, i.label) for i in first.items] == [
        (1, "（一）"),
        (2, "（二）"),
        (3, "（三）"),
        (4, "（四）"),
    ]
    assert first.items[2].text == "选举业主委员会或者更换业主委员会成员；"
    assert paragraphs[2].text.startswith("决定前款第（一）项")  # a citation is not an item
    assert paragraphs[1].items == ()


def test_citation_names_paragraph_and_item():
    assert cite("第十二条", 2, 3) == "第十二条第二款第（三）项"
    assert cite("第七条", 1, 3, paragraphs=3) == "第七条第一款第（三）项"
    assert cite("第七条", 3, paragraphs=3) == "第七条第三款"
    assert cite("第二十一条", 12) == "第二十一条第十二款"
    assert cite("第五条") == "第五条"


def test_an_article_of_one_paragraph_cites_its_items_without_the_paragraph():
    text = "办理犬只登记，应当提交下列材料：\n（一）身份证明；\n（二）免疫证明。"
    (paragraph,) = split_provisions(text)
    assert cite("第五条", paragraph.number, paragraph.items[1].number, paragraphs=1) == (
        "第五条第（二）项"
    )
    assert cite("第五条", 1, paragraphs=1) == "第五条"


def test_half_width_brackets_and_spaces_and_skipped_numbers():
    text = "有下列情形之一的：\n(一) 甲；\n（ 三 ）丙；\n（十二）十二项。"
    (paragraph,) = split_provisions(text)
    assert [(i.number, i.label, i.text) for i in paragraph.items] == [
        (1, "（一）", "甲；"),
        (3, "（三）", "丙；"),
        (12, "（十二）", "十二项。"),
    ]


def test_numbered_sub_items_stay_in_their_item():
    text = (
        "下列区域：\n（一）城区，包括：\n1. 甲街道；\n2．乙街道；\n（二）郊区。\n其他区域另行规定。"
    )
    first, second = split_provisions(text)
    assert first.items == (
        Item(1, "（一）", "城区，包括：\n1. 甲街道；\n2．乙街道；"),
        Item(2, "（二）", "郊区。"),
    )
    assert second == Paragraph(2, "其他区域另行规定。")


def test_numbered_lines_without_items_are_part_of_the_paragraph():
    paragraphs = split_provisions("收费标准如下：\n1.住宅一元；\n2.商铺两元。")
    assert paragraphs == [Paragraph(1, "收费标准如下：\n1.住宅一元；\n2.商铺两元。")]


def test_items_before_any_lead_in_make_the_first_paragraph():
    (paragraph,) = split_provisions("（一）甲；\n（二）乙。")
    assert paragraph.number == 1 and paragraph.text == ""
    assert [i.number for i in paragraph.items] == [1, 2]


@pytest.mark.parametrize("text", ["", "\n\n", "   "])
def test_empty_text_has_no_provisions(text):
    assert split_provisions(text) == []
    assert provision_lines(text) == []


def test_lines_carry_their_place():
    assert provision_lines(SEVENTH)[:2] == [
        ("下列事项由业主共同决定：", 1, None),
        ("（一）制定和修改业主大会议事规则；", 1, 1),
    ]
    assert provision_lines(SEVENTH)[-1][1:] == (3, None)
