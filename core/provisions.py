"""款 and 项 inside an article, and how Chinese legal texts cite them: 第十二条第二款第（三）项.

An article's text is stored one provision per line (the draft body's help text asks editors for
exactly that, and the importer writes it so). This module reads that convention back:

* every line that is not an item is a new 款 (paragraph), numbered from one;
* a line opening with "（一）" / "(一)" is a 项 (item) of the 款 before it, numbered by what it
  says (so a draft that skipped an item is still cited as written);
* a line opening with an Arabic number ("1." "（1）") is a 目 below a 项: it stays in the text of
  that 项 (or of the 款 when there is none) and never starts a 款 of its own.

Deriving the structure from the text, rather than storing it beside the text, means an editor's
correction in the page editor can never leave the two out of step. It lives in ``core`` because
more than one plugin names provisions (the draft page anchors them, opinion exports and replies
cite them) and plugins do not import each other. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Item", "Paragraph", "cite", "provision_lines", "split_provisions"]

_CN_NUM = "零〇一二两三四五六七八九十百"
_ITEM_RE = re.compile(rf"^[（(]\s*([{_CN_NUM}]+)\s*[）)]\s*")
_SUB_ITEM_RE = re.compile(r"^([（(]\s*[0-9０-９]{1,3}\s*[）)]|[0-9０-９]{1,3}\s*[.．、])")
_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _cn_number(s: str) -> int | None:
    """ "三" → 3, "十二" → 12, "一百零一" → 101; None when it is not a numeral."""
    total, digit = 0, None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0) or None


@dataclass(frozen=True)
class Item:
    """A 项: ``label`` as cited ("（三）"), ``text`` without the label."""

    number: int
    label: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A 款 and its 项."""

    number: int
    text: str
    items: tuple[Item, ...] = ()


def provision_lines(text: str) -> list[tuple[str, int, int | None]]:
    """Each non-empty line of an article as (line, 款 number, 项 number or None).

    A 目 line carries the numbers of the provision it belongs to; what a page shows and what
    ``split_provisions`` returns agree because both come from here."""
    out: list[tuple[str, int, int | None]] = []
    paragraph, item, position = 0, None, 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        m = _ITEM_RE.match(line)
        if m:
            position += 1
            paragraph = paragraph or 1  # items before any sentence: the first 款 has no lead-in
            item = _cn_number(m.group(1)) or position
        elif _SUB_ITEM_RE.match(line) and paragraph:
            pass  # a 目 stays where it is
        else:
            paragraph += 1
            item, position = None, 0
        out.append((line, paragraph, item))
    return out


def split_provisions(text: str) -> list[Paragraph]:
    """The 款 of an article, each with its 项 (see the module docstring for the rules)."""
    paragraphs: list[dict] = []
    for line, number, item in provision_lines(text):
        if not paragraphs or paragraphs[-1]["number"] != number:
            paragraphs.append({"number": number, "lines": [], "items": []})
        current = paragraphs[-1]
        if item is None:
            current["lines"].append(line)
        elif (
            current["items"] and current["items"][-1]["number"] == item and not _ITEM_RE.match(line)
        ):
            current["items"][-1]["lines"].append(line)  # a 目 under this 项
        else:
            m = _ITEM_RE.match(line)
            current["items"].append(
                {"number": item, "label": f"（{m.group(1)}）", "lines": [line[m.end() :]]}
            )
    return [
        Paragraph(
            number=p["number"],
            text="\n".join(p["lines"]),
            items=tuple(Item(i["number"], i["label"], "\n".join(i["lines"])) for i in p["items"]),
        )
        for p in paragraphs
    ]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def cite(
    article: str, paragraph: int | None = None, item: int | None = None, *, paragraphs: int = 0
) -> str:
    """Name a provision the way laws cite one another.

    ``article`` is the article's label as written ("第十二条"). ``paragraphs`` is how many 款 the
    article has (0: unknown): an article of one 款 never names it — its items are
    "第十二条第（三）项" and the 款 itself is the article — as legislative drafting practice does.

    >>> cite("第十二条", 2, 3)
    '第十二条第二款第（三）项'
    >>> cite("第五条", 1, 2, paragraphs=1)
    '第五条第（二）项'
    """
    out = article
    if paragraph is not None and paragraphs != 1:
        out += f"第{_cn(paragraph)}款"
    if item is not None:
        out += f"第（{_cn(item)}）项"
    return out
