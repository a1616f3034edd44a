"""Tests for drafts.diff: character diffs, article matching and version comparison."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.legal_text import int_to_cn, parse_draft, read_document
from drafts.diff import (
    ArticleChange,
    ArticleRef,
    char_diff,
    diff_versions,
    match_articles,
    summary,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "laws"

A1 = "为了加强停车场的规划和建设，规范停车场的使用和管理，制定本条例。"
A2 = "市、县（市）城镇开发边界内停车场的规划、建设、使用和管理适用本条例。"
A3 = "城市管理部门负责停车场管理的统筹、协调和指导工作。"
A4 = "停车场经营者应当在出入口显著位置设置停车场标志和信息公示牌。"
A5 = "本条例自2021年10月1日起施行。"


def old_side(ops):
    return "".join(text for op, text in ops if op != "insert")


def new_side(ops):
    return "".join(text for op, text in ops if op != "delete")


def refs(*items: tuple[str, str]) -> list[ArticleRef]:
    """ArticleRefs numbered 第一条, 第二条… from (key, text) pairs."""
    return [ArticleRef(key, f"第{int_to_cn(i)}条", text) for i, (key, text) in enumerate(items, 1)]


# ---------------------------------------------------------------------------
# char_diff
# ---------------------------------------------------------------------------


def test_char_diff_identical():
    assert char_diff(A1, A1) == [("equal", A1)]


def test_char_diff_word_changed_inside_an_article():
    old = "违反本条规定的，由城市管理部门处五百元以上二千元以下罚款。"
    new = "违反本条规定的，由城市管理部门处一千元以上二千元以下罚款。"
    assert char_diff(old, new) == [
        ("equal", "违反本条规定的，由城市管理部门处"),
        ("delete", "五百"),
        ("insert", "一千"),
        ("equal", "元以上二千元以下罚款。"),
    ]


def test_char_diff_pure_insertion_and_deletion():
    assert char_diff("应当设置标志。", "应当在出入口设置标志。") == [
        ("equal", "应当"),
        ("insert", "在出入口"),
        ("equal", "设置标志。"),
    ]
    assert char_diff("应当及时依法处理。", "应当依法处理。") == [
        ("equal", "应当"),
        ("delete", "及时"),
        ("equal", "依法处理。"),
    ]


def test_char_diff_empty_sides():
    assert char_diff("", "") == []
    assert char_diff("", A1) == [("insert", A1)]
    assert char_diff(A1, "") == [("delete", A1)]


def test_char_diff_folds_a_lone_shared_character_into_the_change():
    # Without folding this reads delete 甲 / insert 丙 / keep 的 / delete 乙 / insert 丁.
    assert char_diff("前文甲的乙后文", "前文丙的丁后文") == [
        ("equal", "前文"),
        ("delete", "甲的乙"),
        ("insert", "丙的丁"),
        ("equal", "后文"),
    ]


def test_char_diff_keeps_longer_shared_runs():
    ops = char_diff("甲甲共同部分乙乙", "丙丙共同部分丁丁")
    assert ("equal", "共同部分") in ops


def test_char_diff_invariants_on_random_edits():
    rng = random.Random(20240601)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    for _ in range(300):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        new = list(old)
        for _ in range(rng.randint(0, 5)):
            pos = rng.randint(0, len(new))
            if new and rng.random() < 0.5:
                del new[min(pos, len(new) - 1)]
            else:
                new.insert(pos, rng.choice(alphabet))
        new = "".join(new)
        ops = char_diff(old, new)
        assert old_side(ops) == old
        assert new_side(ops) == new
        assert all(text for _, text in ops)
        assert all(a[0] != b[0] for a, b in zip(ops, ops[1:], strict=False)), ops
        assert all(op in {"equal", "insert", "delete"} for op, _ in ops)
        for a, b in zip(ops, ops[1:], strict=False):
            assert (a[0], b[0]) != ("insert", "delete"), "deletion must come first"


# ---------------------------------------------------------------------------
# match_articles
# ---------------------------------------------------------------------------


def test_match_identical_lists():
    texts = [A1, A2, A3]
    assert match_articles(texts, texts) == {0: 0, 1: 1, 2: 2}


def test_match_article_inserted_in_the_middle():
    inserted = "鼓励单位和个人投资建设公共停车场，并依法保护其合法权益。"
    assert match_articles([A1, A2, A3], [A1, inserted, A2, A3]) == {0: 0, 2: 1, 3: 2}


def test_match_edited_article_by_similarity():
    edited = A4.replace("显著位置", "醒目位置")
    assert match_articles([A1, A4], [A1, edited]) == {0: 0, 1: 1}


def test_match_rejects_unrelated_text():
    assert match_articles([A3], ["完全不同的一段新条文，讲的是另外一件事情。"]) == {}


def test_match_threshold_is_respected():
    old = "甲乙丙丁戊己庚辛"
    new = "甲乙丙丁子丑寅卯"  # ratio 0.5
    assert match_articles([old], [new]) == {}
    assert match_articles([old], [new], threshold=0.5) == {0: 0}


def test_match_uses_each_old_article_once_and_prefers_the_best():
    slightly = A4.replace("应当", "必须")
    heavily = A4.replace("出入口显著位置", "入口处").replace("信息公示牌", "收费标准")
    result = match_articles([A4], [heavily, slightly])
    assert result == {1: 0}


def test_match_exact_duplicates_pair_by_position():
    assert match_articles(["删除。", A1, "删除。"], ["删除。", A1, "删除。"]) == {0: 0, 1: 1, 2: 2}
    assert match_articles(["删除。", A1, "删除。"], [A1, "删除。"]) == {0: 1, 1: 2}


def test_match_similarity_ties_broken_by_position():
    old = ["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸"]
    new = [A1, "甲乙丙丁戊己庚辛壬子"]
    assert match_articles(old, new) == {1: 1}


def test_match_empty_inputs():
    assert match_articles([], [A1]) == {}
    assert match_articles([A1], []) == {}


# ---------------------------------------------------------------------------
# diff_versions
# ---------------------------------------------------------------------------


def statuses(changes: list[ArticleChange]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.status, c.old.number if c.old else None, c.new.number if c.new else None)
        for c in changes
    ]


def test_unchanged_versions():
    v = refs(("a", A1), ("b", A2))
    changes = diff_versions(v, v)
    assert [c.status for c in changes] == ["unchanged", "unchanged"]
    assert changes[0].ops == [("equal", A1)]
    assert not changes[0].renumbered


def test_insert_in_the_middle_renumbers_following_articles():
    old = refs(("a", A1), ("b", A2), ("c", A3))
    new = refs(("a", A1), ("x", A4), ("b", A2), ("c", A3))
    changes = diff_versions(old, new)
    assert statuses(changes) == [
        ("unchanged", "第一条", "第一条"),
        ("added", None, "第二条"),
        ("renumbered", "第二条", "第三条"),
        ("renumbered", "第三条", "第四条"),
    ]
    assert changes[1].ops == [("insert", A4)]
    assert changes[2].renumbered and changes[2].ops == [("equal", A2)]


def test_changed_article_has_only_the_edited_segment():
    old = refs(("a", A1), ("b", "停车场应当在每日八时至二十时开放。"))
    new = refs(("a", A1), ("b", "停车场应当在每日七时至二十二时开放。"))
    change = diff_versions(old, new)[1]
    assert change.status == "changed"
    assert not change.renumbered
    assert change.ops == [
        ("equal", "停车场应当在每日"),
        ("delete", "八"),
        ("insert", "七"),
        ("equal", "时至二十"),
        ("insert", "二"),
        ("equal", "时开放。"),
    ]
    assert old_side(change.ops) == old[1].text
    assert new_side(change.ops) == new[1].text


def test_changed_and_renumbered():
    old = refs(("a", A1), ("b", A2), ("c", A3))
    new = refs(("b", A2), ("c", A3.replace("统筹", "统一")))
    changes = diff_versions(old, new)
    assert statuses(changes) == [
        ("removed", "第一条", None),
        ("renumbered", "第二条", "第一条"),
        ("changed", "第三条", "第二条"),
    ]
    assert changes[2].renumbered
    assert ("delete", "筹") in changes[2].ops and ("insert", "一") in changes[2].ops


def test_removed_article_is_placed_after_its_old_neighbour():
    old = refs(("a", A1), ("b", A2), ("c", A3), ("d", A4))
    new = refs(("a", A1), ("c", A3), ("d", A4))
    changes = diff_versions(old, new)
    assert statuses(changes) == [
        ("unchanged", "第一条", "第一条"),
        ("removed", "第二条", None),
        ("renumbered", "第三条", "第二条"),
        ("renumbered", "第四条", "第三条"),
    ]
    assert changes[1].ops == [("delete", A2)]


def test_consecutive_removals_keep_their_old_order():
    old = refs(("a", A1), ("b", A2), ("c", A3), ("d", A4), ("e", A5))
    new = refs(("a", A1), ("e", A5))
    assert [c.old.key if c.status == "removed" else c.new.key for c in diff_versions(old, new)] == [
        "a",
        "b",
        "c",
        "d",
        "e",
    ]


def test_removed_article_follows_a_moved_neighbour():
    old = refs(("a", A1), ("b", A2), ("c", A3))
    new = refs(("c", A3), ("a", A1))  # b removed, a moved to the end
    keys = [(c.status, (c.old or c.new).key) for c in diff_versions(old, new)]
    assert keys == [("renumbered", "c"), ("renumbered", "a"), ("removed", "b")]


def test_added_at_end_and_everything_removed():
    assert statuses(diff_versions(refs(("a", A1)), refs(("a", A1), ("z", A5)))) == [
        ("unchanged", "第一条", "第一条"),
        ("added", None, "第二条"),
    ]
    assert [c.status for c in diff_versions(refs(("a", A1), ("b", A2)), [])] == [
        "removed",
        "removed",
    ]
    assert diff_versions([], []) == []


def test_whitespace_only_difference_is_unchanged():
    old = [ArticleRef("a", "第一条", "第一款。\n第二款。")]
    new = [ArticleRef("a", "第一条", "第一款。 \n\n第二款。")]
    assert diff_versions(old, new)[0].status == "unchanged"


def test_same_text_but_different_key_is_removed_and_added():
    # Pairing is by key only; deciding identity is match_articles' job.
    changes = diff_versions(refs(("a", A1)), refs(("b", A1)))
    assert sorted(c.status for c in changes) == ["added", "removed"]


def test_duplicate_keys_are_rejected():
    with pytest.raises(ValueError, match="duplicate"):
        diff_versions(refs(("a", A1), ("a", A2)), [])
    with pytest.raises(ValueError, match="duplicate"):
        diff_versions([], refs(("a", A1), ("a", A2)))


def test_summary_counts_every_status():
    old = refs(("a", A1), ("b", A2), ("c", A3))
    new = refs(("a", A1), ("x", A4), ("c", A3.replace("统筹", "统一")))
    assert summary(diff_versions(old, new)) == {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "renumbered": 0,
        "unchanged": 1,
    }
    assert summary([]) == dict.fromkeys(
        ("added", "removed", "changed", "renumbered", "unchanged"), 0
    )


# ---------------------------------------------------------------------------
# End to end: re-importing an amended real regulation
# ---------------------------------------------------------------------------


def test_reimport_of_amended_regulation_keeps_article_identity():
    path = FIXTURES / "binzhou_tingche_2021.md"
    v1 = list(parse_draft(read_document(path.read_bytes(), path.name)).all_articles())
    texts = [a.text for a in v1]

    # Amend: insert an article after 第三条, edit 第十条, delete 第二十条.
    inserted = "鼓励机关、企事业单位在节假日向社会公众开放内部停车场。"
    edited = texts[9].replace("应当", "必须", 1)
    assert edited != texts[9]
    new_texts = [*texts[:3], inserted, *texts[3:9], edited, *texts[10:19], *texts[20:]]
    lines = ["滨州市停车场管理条例（修订草案）"]
    lines += [f"第{int_to_cn(i)}条　{t}" for i, t in enumerate(new_texts, 1)]
    v2 = list(parse_draft("\n".join(lines)).all_articles())
    assert len(v2) == 26

    # Version 1 gets keys k0..k25; version 2 inherits them through match_articles.
    old_refs = [ArticleRef(f"k{i}", a.number, a.text) for i, a in enumerate(v1)]
    mapping = match_articles([a.text for a in v1], [a.text for a in v2])
    new_refs = [
        ArticleRef(f"k{mapping[j]}" if j in mapping else f"new{j}", a.number, a.text)
        for j, a in enumerate(v2)
    ]
    changes = diff_versions(old_refs, new_refs)

    assert summary(changes) == {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "renumbered": 15,  # 第四条–第十九条 minus the edited one move down by one
        "unchanged": 9,  # 第一条–第三条 and 第二十一条–第二十六条 (net shift zero)
    }
    changed = next(c for c in changes if c.status == "changed")
    assert (changed.old.number, changed.new.number) == ("第十条", "第十一条")
    assert changed.renumbered
    assert [op for op in changed.ops if op[0] != "equal"] == [
        ("delete", "应当"),
        ("insert", "必须"),
    ]
    removed = next(i for i, c in enumerate(changes) if c.status == "removed")
    assert changes[removed].old.number == "第二十条"
    assert changes[removed - 1].old.number == "第十九条"
