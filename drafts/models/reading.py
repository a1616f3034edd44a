"""The reading page's text and table of contents, built from the page's ``text_items``."""

from __future__ import annotations

from .anchors import article_anchor, article_lines, heading_level, is_subpart
from .targets import article_target
from .text import HEADING_TYPES


def reading_items(
    page, counts: dict, page_url: str, feedback: dict | None = None
) -> tuple[list[dict], list[dict]]:
    """Every item of the text ready to render (anchors, lines, comment target, opinion count,
    published opinions, history link, previous and next article) and the TOC's headings, each
    with the articles under it. ``feedback`` is the article_feedback hook's answer."""
    feedback = feedback or {}
    items = []
    toc = []
    previous = None
    open_headings: list[dict] = []  # the part, subpart, chapter and section around us
    target_url = page.get_url() or ""  # what each article's comment target links to, asked once
    from ..permalinks import ArticleRoutes  # permalinks imports the models package

    routes = ArticleRoutes(page, target_url)
    history_routes = routes if page_url == target_url else ArticleRoutes(page, page_url)
    for item in page.text_items:
        entry = dict(item)
        if item["type"] == "article":
            entry["anchor"] = article_anchor(item["ordinal"])
            entry["lines"] = article_lines(item["ordinal"], item["text"])
            entry["target"] = article_target(page, item, page_url=target_url, routes=routes)
            entry["count"] = counts.get(item["key"], 0)
            entry["public"] = feedback.get(item["key"])
            # Read like a law: each article leads to its neighbours without going back to the TOC.
            entry["prev"] = previous
            entry["next"] = None
            if previous is not None:
                previous["next"] = entry
            previous = entry
            entry["history_url"] = history_routes.history(item["key"]) if page_url else ""
            # Each heading's range in the TOC spans everything under it (a 编 its chapters).
            for heading in open_headings:
                heading["articles"].append(entry)
            # The TOC's tree lists an article under its innermost heading only.
            entry["in_heading"] = bool(open_headings)
            if open_headings:
                open_headings[-1]["own_articles"].append(entry)
        elif item["type"] in HEADING_TYPES:
            entry["anchor"] = f"{item['type']}-{item['key']}"
            entry["subpart"] = item["type"] == "part" and is_subpart(item["number"])
            entry["level"] = heading_level(item)
            entry["articles"] = []
            entry["own_articles"] = []
            open_headings = [h for h in open_headings if h["level"] < entry["level"]]
            open_headings.append(entry)
            toc.append(entry)
        items.append(entry)
    return items, toc
