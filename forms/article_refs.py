"""Which article an opinion is about, as people should read it: its number NOW, and the number it
had when commented if a later version renumbered it — "第七条（征求意见稿第八条）".

An opinion stores the article's key (stable across versions), the number and version it was
commented on, and the article's text then (``intake``). The current number belongs to the
commentable page (``Commentable.current_article_labels``): ``CurrentArticles`` asks each page
once, however many opinions of it are listed or exported, so a list of 50 rows or an export of
a million costs one page load per draft, never a query per opinion.

Every place that names an opinion's article goes through ``CurrentArticles.reference`` (admin
list, filter, inspect page, exports, public feedback, e-mails): one wording everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.interfaces import as_commentable

__all__ = [
    "CurrentArticles",
    "article_filter",
    "commented_article",
    "fill_commented_versions",
    "reference",
]


def reference(current: str | None, label: str, version: str, *, known: bool = True) -> str:
    """The article as people should read it.

    ``current``: its number in the current text (None: no longer there); ``label``/``version``:
    the number and version name when commented; ``known``: False when the page cannot say
    (deleted page, a form without articles): then the number as commented is all there is."""
    if not label and current is None:
        return _("草案整体")
    if not known:
        return label
    if current is None:
        return _("%(version)s%(label)s（现已删除）") % {"version": version, "label": label}
    if current == label or not label:
        return current
    if version:
        return _("%(current)s（%(version)s%(label)s）") % {
            "current": current,
            "version": version,
            "label": label,
        }
    return _("%(current)s（原%(label)s）") % {"current": current, "label": label}


class CurrentArticles:
    """Current article numbers of many pages, each page loaded (specific) once, on demand."""

    def __init__(self, page_ids: Iterable[int] = (), known: Iterable = ()):
        """``known``: specific pages the caller has loaded already (the page being shown),
        used as they are instead of being loaded again."""
        self._labels: dict[int, dict[str, str] | None] = {}
        self._pages: dict[int, object] = {}
        for page in known:
            self._remember(page)
        self.load(page_ids)

    def _remember(self, page) -> None:
        commentable = as_commentable(page)
        labels = commentable.current_article_labels() if commentable is not None else {}
        self._pages[page.pk] = commentable
        # A page without articles (a questionnaire) cannot tell a number from another.
        self._labels[page.pk] = labels or None

    def load(self, page_ids: Iterable[int]) -> None:
        missing = {pk for pk in page_ids if pk is not None and pk not in self._labels}
        if not missing:
            return
        for page in Page.objects.filter(pk__in=missing).specific():
            self._remember(page)
        for pk in missing:
            self._labels.setdefault(pk, None)

    def labels(self, page_id: int | None) -> dict[str, str] | None:
        """``{key: current number}`` of the page in text order, or None if it cannot say."""
        if page_id is None:
            return None
        self.load([page_id])
        return self._labels[page_id]

    def current(self, opinion) -> str | None:
        labels = self.labels(opinion.page_id)
        if labels is None or not opinion.article_key:
            return None
        return labels.get(opinion.article_key)

    def reference(self, opinion) -> str:
        """``reference()`` for an Opinion (or anything with the same attributes)."""
        labels = self.labels(opinion.page_id) if opinion.article_key else None
        current = labels.get(opinion.article_key) if labels is not None else None
        return reference(
            current if labels is not None else (opinion.article_label or None),
            opinion.article_label,
            opinion.article_version,
            known=labels is not None,
        )

    def heading(self, page_id: int | None, key: str, label: str, version: str) -> str:
        """An article as a heading over all its opinions (commented under any number): its
        current number alone; as commented if it was deleted or the page cannot say."""
        labels = self.labels(page_id) if key else None
        if labels is None:
            return label or _("草案整体")
        current = labels.get(key)
        return current if current is not None else reference(None, label, version)

    def current_version(self, page_id: int | None) -> str:
        """The name of the version the current numbers belong to (e.g. 二审稿), or ""."""
        if self.labels(page_id) is None:
            return ""
        targets = self._pages[page_id].get_comment_targets()
        return targets[0].version_label if targets else ""

    def order(self, page_id: int | None):
        """An ORDER BY expression putting a page's opinions in current text order: the whole
        page first, then article by article, then articles since deleted."""
        from django.db.models import Case, IntegerField, Value, When

        labels = self.labels(page_id) or {}
        whens = [When(article_key="", then=Value(0))]
        whens += [
            When(article_key=key, then=Value(index)) for index, key in enumerate(labels, start=1)
        ]
        return Case(*whens, default=Value(len(labels) + 1), output_field=IntegerField())

    def position(self, page_id: int | None, key: str, fallback: int) -> int:
        """Where the article stands in the current text (for sorting), else ``fallback``."""
        labels = self.labels(page_id) or {}
        for index, candidate in enumerate(labels, start=1):
            if candidate == key:
                return index
        return fallback + len(labels)

    def decorate(self, opinions) -> list:
        """Set ``article_reference`` on each opinion (pages loaded once); returns the list."""
        opinions = list(opinions)
        self.load({o.page_id for o in opinions})
        for opinion in opinions:
            opinion.article_reference = self.reference(opinion)
        return opinions


def _clean_label(value: str) -> str:
    return "".join(str(value or "").split()).replace("\x00", "")[:100]


def article_filter(value: str, page_ids: Iterable[int]) -> Q:
    """Opinions about the article that is now numbered ``value`` (e.g. "第七条"), whatever number
    it had when they were written, on the pages ``page_ids``. On pages that cannot say (a
    deleted page) the number as commented is compared. Opinions on an article a later version
    deleted are not found by a number: that number now belongs to another article, or none."""
    value = _clean_label(value)
    if not value:
        return Q()
    articles = CurrentArticles(page_ids)
    query = Q()
    known_pages = []
    for page_id in {pk for pk in page_ids if pk is not None}:
        labels = articles.labels(page_id)
        if labels is None:
            continue
        known_pages.append(page_id)
        keys = [key for key, label in labels.items() if label == value]
        if keys:
            query |= Q(page_id=page_id, article_key__in=keys)
    query |= Q(article_label=value) & ~Q(page_id__in=known_pages)
    return query


def commented_article(opinion) -> dict:
    """For the inspect page: the article now, and as commented (number, version, text, link)."""
    if not opinion.article_key:
        return {"article_reference": reference(None, "", ""), "commented_article": None}
    commentable = as_commentable(opinion.page) if opinion.page_id else None
    target = None
    if commentable is not None:
        target = commentable.get_comment_target(
            opinion.article_key,
            version_id=opinion.article_version_id,
            # Older opinions without a recorded version: the one in force that day.
            at=None if opinion.article_version_id else opinion.submit_time,
        )
    return {
        "article_reference": opinion.article_reference,
        "commented_article": {
            "label": opinion.article_label,
            "version": opinion.article_version or (target.version_label if target else ""),
            "text": opinion.article_text or (target.text if target else ""),
            "url": (target.version_url or target.url) if target else "",
        },
    }


def fill_commented_versions(opinions) -> int:
    """Opinions stored before versions were recorded: find the version in force when each was
    submitted and keep it, with the article's text then (``Commentable.get_comment_target``
    with ``at``). Returns how many were filled; those the page cannot place stay as they are."""
    from .models import Opinion

    filled = 0
    pages: dict[int, object] = {}
    for opinion in opinions:
        if opinion.page_id not in pages:
            page = Page.objects.filter(pk=opinion.page_id).first()
            pages[opinion.page_id] = as_commentable(page.specific) if page is not None else None
        commentable = pages[opinion.page_id]
        if commentable is None:
            continue
        target = commentable.get_comment_target(opinion.article_key, at=opinion.submit_time)
        if target is None:
            continue
        Opinion.objects.filter(pk=opinion.pk).update(
            article_version_id=target.version_id,
            article_version=target.version_label[:50],
            article_text=target.text,
        )
        filled += 1
    return filled
