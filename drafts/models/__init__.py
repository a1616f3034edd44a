"""Regulation drafts (法规草案): the index, the draft page with its structured text, versions,
topics, and the searchable per-article copy of the live text.

Modules: ``status`` (stages, statuses), ``anchors`` (article, 款 and 项 anchors and lines),
``blocks`` (StreamField blocks), ``text`` (reading the body), ``topics``, ``related``
(attachments, related points and articles), ``index_page``, ``draft_page``, ``targets`` (comment
targets), ``reading`` (the reading page's text and TOC), ``versions`` (``DraftVersion``,
``PublishedArticle``). Every model is importable from ``drafts.models``.

The text and its copies
-----------------------
The text lives in ``RegulationDraftPage.body``, a StreamField of flat ``part`` (编, 分编) /
``chapter`` / ``section`` / ``article`` / ``note`` blocks; the 款 and 项 of an article are its
lines (``core.provisions``). An article's block id is its stable key: Wagtail keeps it across
edits, wagtail-localize keeps it in translations, and the importer carries it from one version to
the next (``drafts.services``).

**The published page's ``body`` is the one authoritative current text.** Editors change it in
the page editor or by importing a version; either way it becomes current when the page is
published. Everything else is derived from it:

- computed on every read, never stored: ``text_items`` (``text.items_from_body``, cached on the
  page instance), ``articles()``, the API's ``structure`` (``text.structure_from_items``), the
  reading and print pages, anchors, 款/项 citations and comment targets;
- stored, rebuilt from ``text_items`` when the page is published (``drafts.signals`` →
  ``drafts.services``): the current ``DraftVersion``'s ``structure["items"]`` (a pending imported
  version becomes current and takes the published text, editors' corrections included) and the
  page's ``PublishedArticle`` rows, with their entries in the search backends. Unpublishing
  removes the rows; deleting the page deletes rows and versions with it.

Records, not copies: a ``DraftVersion`` that is no longer current is what that version said and
is never rewritten (compare, article history, and opinions on an old version read it); an opinion
keeps the article text it was written on (the opinions plugin's record). A pending version's
snapshot is the importer's parse until it is published. The body of an unpublished revision is
work in progress: nothing is derived from it. Translations have their own body (and
``PublishedArticle`` rows) but share the source page's versions. Rendered pages in the page
cache (``core.page_cache``) are dropped on every publish.

``tests/drafts/test_text_sources.py`` checks that every form above agrees with the body after an
edit is published; a new form of the text belongs here and in that test.
"""

from .anchors import (
    article_anchor,
    article_lines,
    article_ordinal,
    article_provisions,
    heading_level,
    is_subpart,
    provision_anchor,
)
from .blocks import (
    ArticleBlock,
    ChapterBlock,
    DraftBodyBlock,
    HeadingNumberBlock,
    PartBlock,
    SectionBlock,
    StageBlock,
)
from .draft_page import RegulationDraftPage
from .index_page import DraftIndexPage
from .related import DraftAttachment, DraftRelatedArticle, DraftRelatedPoint, related_point_ids
from .status import (
    FILTER_STATUSES,
    PASSED_STAGES,
    STAGE_ORDER,
    STAGES,
    STATUS_ABANDONED,
    STATUS_CLOSED,
    STATUS_LABELS,
    STATUS_OPEN,
    STATUS_PASSED,
    STATUS_UPCOMING,
    days_left,
    status_filter,
)
from .topics import DraftTopic
from .versions import DraftVersion, PublishedArticle

__all__ = [
    "FILTER_STATUSES",
    "PASSED_STAGES",
    "STAGES",
    "STAGE_ORDER",
    "STATUS_ABANDONED",
    "STATUS_CLOSED",
    "STATUS_LABELS",
    "STATUS_OPEN",
    "STATUS_PASSED",
    "STATUS_UPCOMING",
    "ArticleBlock",
    "ChapterBlock",
    "DraftAttachment",
    "DraftBodyBlock",
    "DraftIndexPage",
    "DraftRelatedArticle",
    "DraftRelatedPoint",
    "DraftTopic",
    "DraftVersion",
    "HeadingNumberBlock",
    "PartBlock",
    "PublishedArticle",
    "RegulationDraftPage",
    "SectionBlock",
    "StageBlock",
    "article_anchor",
    "article_lines",
    "article_ordinal",
    "article_provisions",
    "days_left",
    "heading_level",
    "is_subpart",
    "provision_anchor",
    "related_point_ids",
    "status_filter",
]
