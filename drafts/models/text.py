"""A draft's text read from its ``body``: the flat item list every other form is built from, and
the nested structure the API serves.

Both are computed, never stored: ``items_from_body`` is the single reading of the StreamField
(the page caches it per instance as ``text_items``), and ``structure_from_items`` only regroups
those items. What is stored elsewhere (versions, the search copy) is written from the same items
on publish; see ``drafts.models``.
"""

from __future__ import annotations

from .anchors import article_anchor, article_ordinal, article_provisions, is_subpart

HEADING_TYPES = ("part", "chapter", "section")


def items_from_body(body) -> list[dict]:
    """The body as flat dicts: {"type", "key", "number", "title"/"text", "ordinal"}.

    Reads only the page's own column, so it costs no query whatever the length."""
    items = []
    position = 0
    for block in body:
        kind = block.block_type
        value = block.value
        if kind == "article":
            position += 1
            items.append(
                {
                    "type": "article",
                    "key": block.id,
                    "number": value["number"],
                    "ordinal": article_ordinal(value["number"], position),
                    "text": value["text"],
                }
            )
        elif kind in HEADING_TYPES:
            items.append(
                {
                    "type": kind,
                    "key": block.id,
                    "number": value["number"],
                    "title": value["title"],
                }
            )
        else:
            items.append({"type": "note", "key": block.id, "text": value})
    return items


def structure_from_items(items: list[dict]) -> dict:
    """Parts → chapters → sections → articles → 款 → 项 (the API's ``structure``). A 分编 sits
    in its 编's ``parts``; a local regulation has no parts, so its shape is the chapters and
    loose articles it always had."""
    parts: list[dict] = []
    chapters: list[dict] = []
    loose: list[dict] = []
    part = subpart = chapter = section = None

    def chapter_list() -> list[dict]:
        holder = subpart or part
        return holder["chapters"] if holder is not None else chapters

    for item in items:
        kind = item["type"]
        if kind == "part":
            node = {**item, "parts": [], "chapters": [], "articles": []}
            if is_subpart(item["number"]) and part is not None:
                part["parts"].append(node)
                subpart = node
            else:
                parts.append(node)
                part, subpart = node, None
            chapter = section = None
        elif kind == "chapter":
            chapter = {**item, "sections": [], "articles": []}
            chapter_list().append(chapter)
            section = None
        elif kind == "section":
            section = {**item, "articles": []}
            if chapter is None:
                chapter = {"type": "chapter", "number": "", "title": "", "key": None}
                chapter.update(sections=[], articles=[])
                chapter_list().append(chapter)
            chapter["sections"].append(section)
        elif kind == "article":
            article = {k: item[k] for k in ("key", "number", "ordinal", "text")}
            article["anchor"] = article_anchor(item["ordinal"])
            article["paragraphs"] = article_provisions(
                item["number"], item["ordinal"], item["text"]
            )
            holder = section or chapter or subpart or part
            (holder["articles"] if holder is not None else loose).append(article)
    data = {"chapters": chapters, "articles": loose}
    if parts:
        data["parts"] = parts
    return data
