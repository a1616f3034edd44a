"""普法园地: topics, audiences and series (snippets), the index with its topic landing pages, the
article page, and a daily read counter for "most read"."""

from __future__ import annotations

import functools
import math
import re
from datetime import timedelta

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Q, Sum
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from core.models import BasePage
from core.params import clean_str
from core.plugins import DRAFT_PAGE, page_models_for
from core.published_memo import remembered
from core.translation import as_read_in
from core.untranslated import with_untranslated

from .blocks import ArticleStreamBlock, links_to_articles, score_quiz

CHARS_PER_MINUTE = 350  # Chinese text read at 300–400 characters a minute
MOST_READ_DAYS = 30
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


class TaxonomySnippet(TranslatableMixin, models.Model):
    name = models.CharField(_("名称"), max_length=80)
    slug = models.SlugField(_("网址名"), max_length=80, allow_unicode=True)
    description = models.TextField(_("简介"), blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), "sort_order"]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TaxonomySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class LawTopic(TaxonomySnippet):
    """宪法, 民法典, 地方性法规解读, 未成年人保护, 物业管理 …"""

    class Meta(TaxonomySnippet.Meta):
        verbose_name = _("普法主题")
        verbose_name_plural = _("普法主题")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Audience(TaxonomySnippet):
    """老年人, 青少年, 企业, 农民工 …"""

    class Meta(TaxonomySnippet.Meta):
        verbose_name = _("适用人群")
        verbose_name_plural = _("适用人群")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Series(TaxonomySnippet):
    """A numbered run of articles, e.g. 民法典进社区 (第 1 期, 第 2 期 …)."""

    class Meta(TaxonomySnippet.Meta):
        verbose_name = _("系列")
        verbose_name_plural = _("系列")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


def in_locale(queryset, locale):
    """Snippets in ``locale``; the default language's where it has none yet."""
    local = queryset.filter(locale=locale)
    if local.exists():
        return local
    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


class DraftPageChooserPanel(PageChooserPanel):
    """Restricts the chooser to the drafts plugin's page types when that plugin is installed,
    without importing it (resolved when the edit form is built, after the app registry)."""

    def get_form_options(self):
        self.page_type = page_models_for(DRAFT_PAGE) or None
        return super().get_form_options()


class LawEducationIndexPage(RoutablePageMixin, BasePage):
    """普法园地: every article, filtered by topic / audience / series, newest or most read."""

    intro = models.CharField(_("导语"), max_length=255, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["law_education.LawEducationArticlePage"]
    max_count_per_parent = 1
    per_page = 12

    class Meta:
        verbose_name = _("普法园地")

    def articles(self):
        # A translated index lists the articles not translated yet in Chinese (core.untranslated).
        return (
            with_untranslated(LawEducationArticlePage.objects.live().public(), self)
            .select_related("topic", "series")
            .order_by("-first_published_at", "-pk")
        )

    def topics(self):
        return in_locale(LawTopic.objects.all(), self.locale)

    def listing_context(self, request, topic=None):
        articles = self.articles()
        params = request.GET
        audience = series = None
        slugs = {
            k: clean_str(params.get(k), max_length=255) for k in ("topic", "audience", "series")
        }
        if topic is None and slugs["topic"]:
            topic = self.topics().filter(slug=slugs["topic"]).first()
        if topic is not None:
            articles = articles.filter(topic__translation_key=topic.translation_key)
        if slugs["audience"]:
            audience = (
                in_locale(Audience.objects.all(), self.locale)
                .filter(slug=slugs["audience"])
                .first()
            )
            if audience is not None:
                articles = articles.filter(
                    audiences__translation_key=audience.translation_key
                ).distinct()
        if slugs["series"]:
            series = (
                in_locale(Series.objects.all(), self.locale).filter(slug=slugs["series"]).first()
            )
            if series is not None:
                articles = articles.filter(series__translation_key=series.translation_key)
        sort = "popular" if params.get("sort") == "popular" else "newest"
        if sort == "popular":
            since = timezone.localdate() - timedelta(days=MOST_READ_DAYS)
            articles = articles.annotate(
                recent_reads=Sum("daily_reads__count", filter=Q(daily_reads__day__gte=since))
            ).order_by(F("recent_reads").desc(nulls_last=True), "-first_published_at")
        paginator = Paginator(articles, self.per_page)
        page_obj = paginator.get_page(params.get("page"))
        # Each card's topic and series in this index's language, for the page in one or two
        # queries (a translated article keeps its source's links).
        cards = list(page_obj.object_list)
        shown = iter(as_read_in([x for a in cards for x in (a.topic, a.series)], self.locale_id))
        for article in cards:
            article.shown_topic, article.shown_series = next(shown), next(shown)
        return {
            "topic": topic,
            "audience": audience,
            "series": series,
            "sort": sort,
            "page_obj": page_obj,
            "article_list": cards,
            "all_topics": self.topics(),
            "all_audiences": in_locale(Audience.objects.all(), self.locale),
            "all_series": in_locale(Series.objects.all(), self.locale),
            "most_read": self.most_read(),
        }

    def most_read(self, limit=5):
        since = timezone.localdate() - timedelta(days=MOST_READ_DAYS)
        return (
            self.articles()
            .filter(daily_reads__day__gte=since)
            .annotate(recent_reads=Sum("daily_reads__count"))
            .order_by("-recent_reads", "-first_published_at")[:limit]
        )

    @path("")
    def index_route(self, request):
        return self.render(request, context_overrides=self.listing_context(request))

    @path("topics/<str:slug>/")
    def topic_route(self, request, slug):
        topic = get_object_or_404(self.topics(), slug=slug)
        return self.render(
            request,
            context_overrides={**self.listing_context(request, topic=topic), "landing": True},
        )


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "law_education.LawEducationArticlePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )


class LawEducationArticlePage(RoutablePageMixin, BasePage):
    summary = models.CharField(
        _("一句话摘要"), max_length=200, help_text=_("用一句大白话说清这篇文章讲什么。")
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("正文"))
    topic = models.ForeignKey(
        LawTopic,
        verbose_name=_("主题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("适用人群"), blank=True, related_name="articles"
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("系列"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    series_number = models.PositiveIntegerField(_("系列期数"), null=True, blank=True)
    reviewer = models.CharField(
        _("审核人"), max_length=100, blank=True, help_text=_("负责法律审核的人员或单位")
    )
    reviewed_at = models.DateField(_("审核日期"), null=True, blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("标签"))

    search_kind = "law_education"
    parent_page_types = ["law_education.LawEducationIndexPage"]
    subpage_types: list[str] = []

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("audiences"),
                FieldPanel("series"),
                FieldPanel("series_number"),
                FieldPanel("tags"),
            ],
            heading=_("分类"),
        ),
        MultiFieldPanel([FieldPanel("reviewer"), FieldPanel("reviewed_at")], heading=_("审核信息")),
        InlinePanel("related_drafts", label=_("相关法规草案")),
        InlinePanel("related_articles", label=_("相关文章")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("topic"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("topic", serializer=TaxonomySerializer()),
        APIField("audiences", serializer=TaxonomySerializer(many=True)),
        APIField("series", serializer=TaxonomySerializer()),
        APIField("reviewer"),
        APIField("reviewed_at"),
        APIField("reading_minutes"),
    ]

    class Meta:
        verbose_name = _("普法文章")

    # Reading ---------------------------------------------------------------------------------

    def plain_text(self) -> str:
        parts = [self.title, self.summary]
        parts += self.body.stream_block.get_searchable_content(self.body)
        return strip_tags(" ".join(str(part) for part in parts))

    @property
    def reading_minutes(self) -> int:
        text = self.plain_text()
        units = len(CJK.findall(text)) + len(LATIN_WORD.findall(text)) * 2
        return max(1, math.ceil(units / CHARS_PER_MINUTE))

    def _published_links(self) -> dict:
        """The article's index, taxonomy, related drafts and articles and series, as the
        template shows them."""
        # In this article's language where translated: a translation keeps its source's links.
        topic, series, *audiences = as_read_in(
            [self.topic, self.series, *self.audiences.all()], self.locale_id
        )
        links = {
            "index": self.get_parent().specific,
            "topic": topic,
            "series": series,
            "audiences": audiences,
            "tags": list(self.tags.all()),
            "related_drafts": [
                link.page
                for link in self.related_drafts.select_related("page")
                if link.page_id and link.page.live
            ],
            "related_article_pages": [
                link.article
                for link in self.related_articles.select_related("article")
                if link.article_id and link.article.live
            ],
        }
        if self.series_id:
            links["series_articles"] = list(
                LawEducationArticlePage.objects.live()
                .public()
                .filter(series_id=self.series_id, locale_id=self.locale_id)
                .order_by("series_number", "first_published_at")
            )
        return links

    def qr_svg(self, request=None) -> str:
        url = self.get_full_url(request)
        if not url:
            return ""
        return _qr_markup(url, str(_("扫码打开本文")))

    def reading_minutes_for(self, request) -> int:
        """``reading_minutes``, worked out once per published revision in this process (walking
        the body for its text was a tenth of the page's time); a preview counts afresh."""
        if getattr(request, "is_preview", False) or self.pk is None:
            return self.reading_minutes
        key = (self.pk, self.latest_revision_id, self.last_published_at)
        if key not in _MINUTES:
            if len(_MINUTES) > 4096:  # bounded: one entry per article revision read
                _MINUTES.clear()
            _MINUTES[key] = self.reading_minutes
        return _MINUTES[key]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context.update(self._published_links())  # a preview may show unpublished changes
        else:
            # What only a publish changes, kept in process until the next one
            # (core/published_memo.py): nine queries every reader paid.
            key = ("law_article_links", self.pk, self.live_revision_id)
            context.update(remembered(key, self._published_links))
        context["qr_svg"] = self.qr_svg(request)
        context["reading_minutes"] = self.reading_minutes_for(request)
        context["print_mode"] = kwargs.get("print_mode") or request.GET.get("print") == "1"
        return context

    # Routes ----------------------------------------------------------------------------------

    @path("")
    def article_route(self, request):
        return self.render(request)

    @path("print/")
    def print_route(self, request):
        return self.render(request, context_overrides={"print_mode": True})

    @re_path(r"^quiz/(?P<block_id>[0-9a-f-]{36})/$")
    def quiz_route(self, request, block_id):
        block = next(
            (b for b in self.body if b.id == block_id and b.block_type == "quiz"),
            None,
        )
        if block is None:
            raise Http404
        # Scoring changes nothing, so the form uses GET: the article page then holds no CSRF token
        # and can be served from the anonymous page cache. POST is still scored (older pages).
        answers = request.POST if request.method == "POST" else request.GET
        if "checked" not in answers and request.method != "POST":
            return HttpResponseRedirect(self.url)
        result = {"block_id": block_id, **score_quiz(block.value, answers)}
        if request.headers.get("X-Requested-With") == "fetch":
            html = render_to_string(
                "law_education/blocks/quiz.html",
                {"value": block.value, "block_id": block_id, "quiz_result": result, "page": self},
                request=request,
            )
            return JsonResponse({"html": html, "score": result["score"], "total": result["total"]})
        return self.render(request, context_overrides={"quiz_result": result})


class RelatedDraft(Orderable):
    """A draft the article explains (a page of the drafts plugin, which this app never imports)."""

    article = ParentalKey(
        LawEducationArticlePage, related_name="related_drafts", on_delete=models.CASCADE
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("法规草案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [DraftPageChooserPanel("page")]

    def clean(self):
        super().clean()
        if self.page_id and not links_to_articles(self.page):
            raise ValidationError({"page": _("请选择一部法规草案页面。")})


class RelatedArticle(Orderable):
    source = ParentalKey(
        LawEducationArticlePage, related_name="related_articles", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        LawEducationArticlePage,
        verbose_name=_("文章"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article", page_type="law_education.LawEducationArticlePage")]


class DailyReads(models.Model):
    """Reads of an article per day (Asia/Shanghai). One row per article and day, bumped with an
    UPDATE … SET count = count + 1, so "most read" costs no write on the page itself (a field on the
    page would also be overwritten by every publish, which restores the revision's values)."""

    page = models.ForeignKey(
        LawEducationArticlePage, on_delete=models.CASCADE, related_name="daily_reads"
    )
    day = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("阅读次数"), default=0)

    class Meta:
        verbose_name = _("每日阅读量")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="unique_daily_reads")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.count}"

    @classmethod
    def bump(cls, page_id: int) -> None:
        day = timezone.localdate()
        if not cls.objects.filter(page_id=page_id, day=day).update(count=F("count") + 1):
            obj, created = cls.objects.get_or_create(
                page_id=page_id, day=day, defaults={"count": 1}
            )
            if not created:
                cls.objects.filter(pk=obj.pk).update(count=F("count") + 1)


_MINUTES: dict[tuple, int] = {}


@functools.lru_cache(maxsize=512)
def _qr_markup(url: str, title: str) -> str:
    """The share QR code of an address: the same picture every time, drawn once per process
    (drawing it was a sixth of the article page's time)."""
    qr = segno.make(url, error="m")
    return mark_safe(  # segno escapes the title; the rest is generated geometry
        qr.svg_inline(scale=4, border=2, title=title, svgclass="qr-code")
    )
