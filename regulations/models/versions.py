"""What a regulation said: one ``RegulationVersion`` per promulgation (公布, each 修正 or 修订), and
the live text per article for search."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from ..status import VERSION_KIND_LABELS, VERSION_KINDS, display_label
from ..text import articles


class RegulationVersion(models.Model):
    """The text as promulgated on a day, frozen: ``items`` never changes once written (an
    amendment is a new version; the current text is the latest one). An article's ``key`` is
    the same in every version holding it (``regulations.text.assign_keys``)."""

    page = models.ForeignKey(
        "regulations.RegulationPage", on_delete=models.CASCADE, related_name="regulation_versions"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=VERSION_KINDS, default="promulgation")
    label = models.CharField(_("版本名称"), max_length=50, help_text=_("如：2021年修正"))
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True, help_text=_("如：根据某年某月某日某决定修正"))
    items = models.JSONField(pgettext_lazy("a regulation's text", "条文"), default=list)
    source_name = models.CharField(_("来源文件"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("法规版本")
        verbose_name_plural = _("法规版本")
        # In the order they were entered: each amendment is added after the text it amends, so
        # the last one is the text in force even before its 公布 date is filled in.
        ordering = ["pk"]

    def __str__(self):
        return f"{self.page.title} · {self.label}"

    @property
    def kind_label(self) -> str:
        return VERSION_KIND_LABELS.get(self.kind, "")

    @property
    def display_label(self) -> str:
        return display_label(self.label)

    def articles(self) -> list[dict]:
        return articles(self.items or [])


class RegulationArticle(index.Indexed, models.Model):
    """One article of a live regulation's current text, for the search plugin (rewritten on
    publish and when an amendment is added, removed on unpublish: ``regulations.services``)."""

    page = models.ForeignKey(
        "regulations.RegulationPage", on_delete=models.CASCADE, related_name="search_articles"
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
        index.RelatedFields("page", [index.SearchField("title")]),
        index.AutocompleteField("text"),
        index.FilterField("page_id"),
    ]

    class Meta:
        ordering = ["page", "position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="regulations_article_key")
        ]

    def __str__(self):
        return f"{self.page.title} {self.number}"
