"""Compare two versions of a regulation draft article by article.

Pure Python (no Django) so that it can be unit tested and reused by views and commands.
Two separate questions are answered here:

* ``match_articles`` decides which article of a re-imported version *is* which article of
  the previous one (by text, not by number, because inserting an article renumbers all
  following ones). The caller stores the result as a stable key.
* ``diff_versions`` then pairs articles by that key and classifies each change, with a
  character-level diff (Chinese has no spaces, so word-level diffs are meaningless).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

__all__ = [
    "STATUSES",
    "ArticleChange",
    "ArticleRef",
    "char_diff",
    "diff_versions",
    "match_articles",
    "summary",
]

STATUSES = ("added", "removed", "changed", "renumbered", "unchanged")

Op = tuple[str, str]


def _merge(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for op, text in ops:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def char_diff(old: str, new: str) -> list[Op]:
    """Character-level diff as [("equal"|"delete"|"insert", text), …].

    Joining the "equal" and "delete" parts gives ``old``; "equal" and "insert" give ``new``.
    Within one change the deletion always comes before the insertion.
    """
    # autojunk would treat frequent characters such as "的" as junk in long articles.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    raw: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(("equal", old[i1:i2]))
        else:
            raw.append(("delete", old[i1:i2]))
            raw.append(("insert", new[j1:j2]))
    return _absorb_lone_equals(_merge(raw))


def _absorb_lone_equals(ops: list[Op]) -> list[Op]:
    """Fold single shared characters between two changes into the change.

    Rewriting "甲的乙" as "丙的丁" otherwise reads as three edits around a kept "的";
    one deletion and one insertion is what a reader expects.
    """
    blocks: list[list[Op]] = []  # alternating runs: a change block or an equal op
    for i, (op, text) in enumerate(ops):
        lone = (
            op == "equal"
            and len(text) == 1
            and 0 < i < len(ops) - 1
            and ops[i - 1][0] != "equal"
            and ops[i + 1][0] != "equal"
        )
        if op == "equal" and not lone:
            blocks.append([(op, text)])
        elif lone:
            blocks[-1] += [("delete", text), ("insert", text)]
        elif blocks and blocks[-1][0][0] != "equal":
            blocks[-1].append((op, text))
        else:
            blocks.append([(op, text)])
    out: list[Op] = []
    for block in blocks:
        if block[0][0] == "equal":
            out.append(block[0])
        else:
            out.append(("delete", "".join(t for o, t in block if o == "delete")))
            out.append(("insert", "".join(t for o, t in block if o == "insert")))
    return _merge(out)


def match_articles(old: list[str], new: list[str], threshold: float = 0.6) -> dict[int, int]:
    """Map index in ``new`` → index in ``old`` for articles that are the same article.

    Identical texts are paired first; the rest greedily by best similarity (rapidfuzz ratio,
    0–1) at or above ``threshold``. Each old article is used at most once; when scores tie,
    the pair whose positions are closest wins.
    """
    result: dict[int, int] = {}
    used: set[int] = set()

    by_text: dict[str, list[int]] = {}
    for i, text in enumerate(old):
        by_text.setdefault(text, []).append(i)
    for j, text in enumerate(new):
        free = [i for i in by_text.get(text, ()) if i not in used]
        if free:
            # Among identical texts (e.g. several "删除。"), take the one right after the
            # old match of the previous article, else the one nearest in position.
            expected = result[j - 1] + 1 if j - 1 in result else j
            i = min(free, key=lambda i: (abs(i - expected), i))
            result[j] = i
            used.add(i)

    # Plain loops rather than rapidfuzz.process.cdist: that one needs numpy, and a draft
    # has at most a few hundred articles.
    cutoff = round(threshold * 100, 6)  # 0.6 * 100 is 60.00000000000001
    candidates = []
    for j in range(len(new)):
        if j in result:
            continue
        for i in range(len(old)):
            if i in used:
                continue
            score = fuzz.ratio(old[i], new[j], score_cutoff=cutoff)
            if score and score >= cutoff:
                candidates.append((-score, abs(i - j), j, i))
    for _, _, j, i in sorted(candidates):
        if j not in result and i not in used:
            result[j] = i
            used.add(i)
    return result


@dataclass
class ArticleRef:
    key: str  # stable identity across versions (see match_articles)
    number: str  # "第十二条"
    text: str


@dataclass
class ArticleChange:
    status: str  # one of STATUSES
    old: ArticleRef | None
    new: ArticleRef | None
    ops: list[Op] = field(default_factory=list)
    renumbered: bool = False  # number differs; also set when the text changed too


def _same_text(a: str, b: str) -> bool:
    # Re-imports often differ only in spacing or line breaks; that is not an amendment.
    return "".join(a.split()) == "".join(b.split())


def _keyed(refs: list[ArticleRef], which: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, ref in enumerate(refs):
        if ref.key in index:
            raise ValueError(f"duplicate article key {ref.key!r} in {which} version")
        index[ref.key] = i
    return index


def _compare(old: ArticleRef, new: ArticleRef) -> ArticleChange:
    renumbered = old.number != new.number
    if _same_text(old.text, new.text):
        status = "renumbered" if renumbered else "unchanged"
        return ArticleChange(status, old, new, _merge([("equal", new.text)]), renumbered)
    return ArticleChange("changed", old, new, char_diff(old.text, new.text), renumbered)


def diff_versions(old: list[ArticleRef], new: list[ArticleRef]) -> list[ArticleChange]:
    """Classify every article of both versions, paired by ``key``.

    The result follows the new version's order; a removed article is placed right after its
    preceding article in the old version, so it shows up where it used to be.
    """
    old_index = _keyed(old, "old")
    _keyed(new, "new")

    changes: list[ArticleChange] = []
    position_of_old: dict[int, int] = {}  # old index → its entry in `changes`
    for ref in new:
        i = old_index.get(ref.key)
        if i is None:
            changes.append(ArticleChange("added", None, ref, _merge([("insert", ref.text)])))
        else:
            changes.append(_compare(old[i], ref))
            position_of_old[i] = len(changes) - 1

    new_keys = {ref.key for ref in new}
    for i, ref in enumerate(old):
        if ref.key in new_keys:
            continue
        # The previous old article is already placed (matched, or removed and handled in
        # an earlier iteration), so insert just after it.
        at = position_of_old[i - 1] + 1 if i > 0 else 0
        changes.insert(at, ArticleChange("removed", ref, None, _merge([("delete", ref.text)])))
        position_of_old = {k: (p + 1 if p >= at else p) for k, p in position_of_old.items()}
        position_of_old[i] = at
    return changes


def summary(changes: list[ArticleChange]) -> dict[str, int]:
    """Count changes per status; every status is present, zero if absent."""
    counts = Counter(c.status for c in changes)
    return {status: counts.get(status, 0) for status in STATUSES}
