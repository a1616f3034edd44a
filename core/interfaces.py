"""Small interfaces plugins implement for each other, so that none imports another's internals.

Opinions (the ``forms`` plugin) attach to any page that is *commentable*: a regulation draft
(``drafts``) or an editor-built questionnaire (``forms.OpinionFormPage``). The page says whether it
accepts comments now and what its articles are; the opinions plugin does the rest. The direction
back (a draft page showing comment forms, counts, feedback) goes through the hooks in
``core.plugins``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class CommentTarget:
    """One article (条) of a commentable page, as the opinions plugin sees it."""

    key: str  # stable identity across edits and versions (a UUID string)
    label: str  # as written in the source, e.g. "第十二条"
    text: str  # plain text of the article
    url: str = ""  # permalink to the article (page URL + anchor)
    # The version of the text this article is read in (a draft's 征求意见稿, 二审稿…): an opinion
    # keeps them, so that after a later version renumbers or rewrites the article the office
    # still knows what was commented on. Empty for pages without versions.
    version_id: int | None = None
    version_label: str = ""
    version_url: str = ""  # where this version of the article can be read


@runtime_checkable
class Commentable(Protocol):
    """Implemented by page models that take public opinions (``page.specific``)."""

    def accepts_comments(self, at: datetime | None = None) -> bool:
        """True while the comment window is open (``at`` defaults to now)."""

    def comment_window_message(self) -> str:
        """A translated sentence for visitors: open until when, or closed since when."""

    def get_comment_targets(self) -> list[CommentTarget]:
        """Articles of the current version, in order (empty for whole-page-only forms)."""

    def get_comment_target(
        self, key: str, *, version_id: int | None = None, at: datetime | None = None
    ) -> CommentTarget | None:
        """The article with this key, or None (a forged or unknown key): as it reads in version
        ``version_id`` if given and holding it, else in the version that was current at ``at``
        if given, else in the current text, else in the latest version holding it."""

    def current_article_labels(self, keys: Iterable[str] | None = None) -> dict[str, str]:
        """``{key: label}`` of the articles in the current text, in text order, without a query
        per article (only ``keys`` if given; a key no longer in the text is left out). Opinions
        keep the number an article had when commented; lists and exports ask this for the
        number it has now."""

    def get_reply_deadline(self):
        """The date by which opinions should be answered, or None."""


def as_commentable(page) -> Commentable | None:
    """The page's specific instance if it takes opinions, else None."""
    specific = getattr(page, "specific", page)
    return specific if isinstance(specific, Commentable) else None


@runtime_checkable
class LegalText(Protocol):
    """Implemented by pages whose body is a legal text (a draft, a regulation in force), so that
    another plugin can take the whole structure over — a passed draft becoming the regulation in
    force keeps its 编/章/节, not only its articles."""

    def legal_text_items(self) -> list[dict]:
        """The current text as flat items in document order, in the shape of
        ``core.legal_text.items_from_parsed``: ``{"type": "part"|"chapter"|"section", "number",
        "title"}``, ``{"type": "article", "number", "ordinal", "text"}``, ``{"type": "note",
        "text"}`` (a ``key`` may be present; the taker keys the items its own way)."""


def legal_text_items(page) -> list[dict] | None:
    """A copy of the page's legal text as items, or None when the page has none."""
    specific = getattr(page, "specific", page)
    if not isinstance(specific, LegalText):
        return None
    return [dict(item) for item in specific.legal_text_items()]


@dataclass(frozen=True)
class SubmissionKind:
    """What a commentable page calls what the public sends it, and how the office's answer reads.

    A draft takes 意见 answered 采纳 / 部分采纳 / 未采纳; a call for project proposals (立项建议)
    takes 建议 with a project name, answered 列入计划 / 列入调研 / 暂不列入. The opinions plugin
    keeps one workflow, receipt and notification for both and only changes the words. A page
    says so with an optional ``submission_kind()`` method; pages without one get ``OPINION``."""

    noun: str = ""  # "" = the opinions plugin's own word (意见)
    # When set, the form asks first for a short subject under this label (建议项目名称), required.
    subject_label: str = ""
    # Translated labels for the three decisions, by workflow status value
    # ("adopted", "partly", "not_adopted"); a status left out keeps its usual label.
    decision_labels: dict = field(default_factory=dict)
    # The comment form's words where the page is not a draft ("" = the draft's): its heading
    # for the whole page (对草案提意见), the label of the choice of what is commented on
    # (针对的条文) and the whole page as that choice (草案整体).
    heading: str = ""
    target_label: str = ""
    whole_label: str = ""
    # The words around the submission where the page is not a draft ("" = the draft's): what the
    # page is (草案, on the receipt and status page), the label of the text box (意见内容), the
    # submit button (提交意见) and the link back to the page (返回草案).
    page_label: str = ""
    text_label: str = ""
    submit_label: str = ""
    back_label: str = ""


OPINION = SubmissionKind()


def submission_kind(page) -> SubmissionKind:
    """The page's ``SubmissionKind`` (``OPINION`` unless it declares another)."""
    specific = getattr(page, "specific", page)
    declare = getattr(specific, "submission_kind", None)
    return declare() if callable(declare) else OPINION
