"""Stored copies of a draft's text: each published version, and the live text per article for
search. Both are derived from the page's ``body`` (see ``drafts.models``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class DraftVersion(models.Model):
    """One version of a draft (征求意见稿, 一审稿…) as a JSON snapshot of its text.

    ``structure`` = {"items": [{"type": "part"|"chapter"|"section"|"article"|"note", "key",
    "number", "title"|"text", "ordinal"}], "title", "unplaced": [...], "warnings": [...]} (the
    last three from the import); an article's ``key`` is the same across versions. The current
    version's ``items`` are rewritten from the published body on every publish; older versions
    are never rewritten. A freshly imported version stays ``pending`` until the page is
    published."""

    page = models.ForeignKey(
        "drafts.RegulationDraftPage", on_delete=models.CASCADE, related_name="draft_versions"
    )
    label = models.CharField(_("版本名称"), max_length=50, help_text=_("如：征求意见稿、二审稿"))
    date = models.DateField(_("日期"), default=dt.date.today)
    note = models.TextField(_("说明"), blank=True)
    structure = models.JSONField(_("结构"), default=dict)
    source_name = models.CharField(_("来源文件"), max_length=255, blank=True)
    is_current = models.BooleanField(_("当前版本"), default=False)
    pending = models.BooleanField(_("待发布"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("草案版本")
        verbose_name_plural = _("草案版本")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.page.title} · {self.label}"

    def items(self) -> list[dict]:
        return list((self.structure or {}).get("items", []))

    def articles(self) -> list[dict]:
        return [item for item in self.items() if item.get("type") == "article"]

    @property
    def article_count(self) -> int:
        return len(self.articles())


class PublishedArticle(index.Indexed, models.Model):
    """One article of a live draft's current text, for the search plugin (kept in sync on
    publish, unpublish and delete by ``drafts.signals``)."""

    page = models.ForeignKey(
        "drafts.RegulationDraftPage", on_delete=models.CASCADE, related_name="published_articles"
    )
    key = models.CharField(max_length=64)
    ordinal = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    number = models.CharField(max_length=30)
    chapter_title = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    search_fields = [
        index.SearchField("text"),
        index.SearchField("number"),
        # The draft's title as the article's title (the search page shows 《title》第N条), so
        # words from both find it: 文明 罚款 → the penalty articles of the 文明行为 draft.
        index.RelatedFields("page", [index.SearchField("title")]),
        index.AutocompleteField("text"),
        index.FilterField("page_id"),
    ]

    class Meta:
        ordering = ["page", "position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="drafts_published_article_key")
        ]

    def __str__(self):
        return f"{self.page.title} {self.number}"

    @property
    def url(self) -> str:
        return self.page.article_url(self.ordinal)
