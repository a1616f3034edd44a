"""Where an article, a 款 and a 项 are on the page, and how an article's text reads as lines.

Anchors are a convention shared with other plugins (``core/plugins.py``): ``#article-12``,
``#article-12-2`` (第二款), ``#article-12-2-3`` (its 第（三）项). All derived from an article's
number and text, so they cannot drift from the text.
"""

from __future__ import annotations

import re

from core.legal_text import cn_to_int
from core.provisions import cite, provision_lines, split_provisions


def article_anchor(ordinal: int) -> str:
    """The anchor convention shared with other plugins (core/plugins.py): ``#article-12``."""
    return f"article-{ordinal}"


def is_subpart(number: str) -> bool:
    """ "第一分编" is a 分编, below a 编 (the Civil Code has them in its 物权 and 合同 parts)."""
    return "分编" in (number or "")


_HEADING_LEVELS = {"part": 0, "chapter": 2, "section": 3}


def heading_level(item: dict) -> int:
    """编 0, 分编 1, 章 2, 节 3: what a heading closes when it opens."""
    if item["type"] == "part" and is_subpart(item.get("number", "")):
        return 1
    return _HEADING_LEVELS[item["type"]]


def provision_anchor(ordinal: int, paragraph: int, item: int | None = None) -> str:
    """``#article-12-2`` for 第十二条第二款, ``#article-12-2-3`` for its 第（三）项."""
    anchor = f"{article_anchor(ordinal)}-{paragraph}"
    return f"{anchor}-{item}" if item is not None else anchor


def article_provisions(number: str, ordinal: int, text: str) -> list[dict]:
    """The 款 and 项 of an article, each with its citation and anchor (the API's structure)."""
    paragraphs = split_provisions(text)
    n = len(paragraphs)
    return [
        {
            "number": p.number,
            "citation": cite(number, p.number, paragraphs=n),
            "anchor": provision_anchor(ordinal, p.number),
            "text": p.text,
            "items": [
                {
                    "number": i.number,
                    "label": i.label,
                    "citation": cite(number, p.number, i.number, paragraphs=n),
                    "anchor": provision_anchor(ordinal, p.number, i.number),
                    "text": i.text,
                }
                for i in p.items
            ],
        }
        for p in paragraphs
    ]


def article_lines(ordinal: int, text: str) -> list[dict]:
    """An article's lines for the reading and print pages: the first line of each 款 and each
    项 carries its anchor, so a citation can link straight to it. One pass over the text, no
    query: the reading page of a long code stays as fast as before."""
    lines = []
    seen = set()
    for line, paragraph, item in provision_lines(text):
        place = (paragraph, item)
        anchor = provision_anchor(ordinal, paragraph, item) if place not in seen else ""
        seen.add(place)
        lines.append({"text": line, "anchor": anchor, "item": item is not None})
    return lines


def article_ordinal(number: str, fallback: int) -> int:
    """ "第十二条" → 12; the article's position when the number cannot be read."""
    inner = number.strip().removeprefix("第").removesuffix("条")
    try:
        return cn_to_int(inner)
    except ValueError:
        # A translated number ("Article 12", "第十二條") keeps the source's anchor.
        inner = re.sub(r"^第|條$", "", number.strip())
        try:
            return cn_to_int(inner)
        except ValueError:
            digits = re.search(r"\d+", number)
            return int(digits.group()) if digits else fallback
