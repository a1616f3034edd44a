"""A regulation's text as a flat list of items (``core.legal_text.items_from_parsed``): keys that
stay with an article across amendments, and the reading page's items and table of contents.

Pure functions of the items: a version stores them (``RegulationVersion.items``), the page and
its evaluations read them, and none of this costs a query per article.
"""

from __future__ import annotations

import re
import uuid

from core.legal_text import cn_to_int, normalize_spaces
from core.provisions import provision_lines

HEADING_TYPES = ("part", "chapter", "section")
_HEADING_LEVELS = {"part": 0, "chapter": 2, "section": 3}


def new_key() -> str:
    return str(uuid.uuid4())


def article_anchor(ordinal: int) -> str:
    """The anchor convention shared with other plugins (core/plugins.py): ``#article-12``."""
    return f"article-{ordinal}"


def article_ordinal(number: str, fallback: int) -> int:
    """ "第十二条" → 12; the article's position when the number cannot be read."""
    inner = re.sub(r"^第|[条條]$", "", (number or "").strip())
    try:
        return cn_to_int(inner)
    except ValueError:
        digits = re.search(r"\d+", number or "")
        return int(digits.group()) if digits else fallback


def _same(text: str) -> str:
    return normalize_spaces(text or "").replace(" ", "")


def assign_keys(items: list[dict], previous: list[dict] | None = None) -> list[dict]:
    """Key every item; an article keeps the key it had in ``previous`` (the version in force
    before an amendment) when its text is unchanged, wherever it moved, or else when it keeps
    its number (the same article, reworded). Every other article is new. Headings keep theirs
    when number and title match."""
    previous = previous or []
    old = [i for i in previous if i.get("type") == "article" and i.get("key")]
    by_text: dict[str, list[str]] = {}
    for item in old:
        by_text.setdefault(_same(item.get("text", "")), []).append(item["key"])
    by_number = {_same(item.get("number", "")): item["key"] for item in old}
    used: set[str] = set()
    articles = [i for i in items if i["type"] == "article"]
    # Unchanged text first, so a renumbered article is not taken by a reworded one of its number.
    for item in articles:
        for key in by_text.get(_same(item.get("text", "")), []):
            if key not in used:
                item["key"] = key
                used.add(key)
                break
    for item in articles:
        if "key" in item:
            continue
        key = by_number.get(_same(item.get("number", "")))
        item["key"] = key if key and key not in used else new_key()
        used.add(item["key"])
    headings = {
        (i["type"], i.get("number"), i.get("title")): i["key"]
        for i in previous
        if i.get("type") in HEADING_TYPES and i.get("key")
    }
    for item in items:
        if item["type"] in HEADING_TYPES:
            key = headings.get((item["type"], item.get("number"), item.get("title")))
            item["key"] = key if key and key not in used else new_key()
            used.add(item["key"])
        elif item["type"] == "note":
            item["key"] = new_key()
    for position, item in enumerate(articles, 1):
        item["ordinal"] = item.get("ordinal") or article_ordinal(item["number"], position)
    return items


def articles(items: list[dict]) -> list[dict]:
    return [item for item in items if item.get("type") == "article"]


def heading_level(item: dict) -> int:
    if item["type"] == "part" and "分编" in (item.get("number") or ""):
        return 1
    return _HEADING_LEVELS[item["type"]]


def reading_items(items: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(items ready to render, the TOC's headings each with the articles under it, the articles
    before any heading). Each article gets its anchor, its lines (款 and 项) and its neighbours."""
    out: list[dict] = []
    toc: list[dict] = []
    loose: list[dict] = []
    open_headings: list[dict] = []
    previous = None
    for item in items:
        entry = dict(item)
        kind = item.get("type")
        if kind == "article":
            ordinal = item["ordinal"]
            entry["anchor"] = article_anchor(ordinal)
            entry["lines"] = [line for line, _paragraph, _item in provision_lines(item["text"])]
            entry["prev"], entry["next"] = previous, None
            if previous is not None:
                previous["next"] = entry
            previous = entry
            for heading in open_headings:
                heading["articles"].append(entry)
            if open_headings:
                open_headings[-1]["own_articles"].append(entry)
            else:
                loose.append(entry)
        elif kind in HEADING_TYPES:
            entry["anchor"] = f"{kind}-{item.get('key', '')}"
            entry["level"] = heading_level(item)
            entry["articles"], entry["own_articles"] = [], []
            open_headings = [h for h in open_headings if h["level"] < entry["level"]]
            open_headings.append(entry)
            toc.append(entry)
        else:
            entry["type"] = "note"
        out.append(entry)
    return out, toc, loose


def chapter_titles(items: list[dict]) -> dict[str, str]:
    """``{article key: the chapter it stands in}`` (for search results)."""
    titles: dict[str, str] = {}
    chapter = ""
    for item in items:
        if item.get("type") == "chapter":
            chapter = " ".join(p for p in (item.get("number"), item.get("title")) if p)
        elif item.get("type") == "article":
            titles[item["key"]] = chapter
    return titles
