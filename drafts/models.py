"""Regulation drafts (法规草案): the index, the draft page with its structured text, versions,
topics, and the searchable per-article copy of the live text.

The current text lives in ``RegulationDraftPage.body``, a StreamField of flat ``part`` (编,
分编) / ``chapter`` / ``section`` / ``article`` / ``note`` blocks; the 款 and 项 of an article are
its lines (``core.provisions``). An article's StreamField block id is its stable key:
Wagtail keeps it across edits, wagtail-localize keeps it in translations, and the importer carries
it from one version to the next (``drafts.services``). Every version is also kept as a JSON
snapshot in ``DraftVersion`` so that any two can be compared.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks, hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from core.interfaces import CommentTarget
from core.models import BasePage
from core.params import bounded_int, clean_str, get_int
from core.plugins import OPINION_COUNTS_HOOK, opinion_counts, page_feedback
from core.provisions import cite, provision_lines, split_provisions

from .importer import cn_to_int

# ---------------------------------------------------------------------------
# Stages and statuses
# ---------------------------------------------------------------------------

STAGES = [
    ("project", _("立项")),
    ("drafting", _("起草")),
    ("first_reading", _("一审")),
    ("second_reading", _("二审")),
    ("third_reading", _("三审")),
    ("adopted", _("表决通过")),
    ("approved", _("批准")),
    ("promulgated", _("公布施行")),
]
STAGE_ORDER = {key: i for i, (key, _label) in enumerate(STAGES)}
PASSED_STAGES = ("adopted", "approved", "promulgated")

STATUS_OPEN = "open"
STATUS_UPCOMING = "upcoming"
STATUS_CLOSED = "closed"
STATUS_PASSED = "passed"
STATUS_ABANDONED = "abandoned"
STATUS_LABELS = {
    STATUS_OPEN: _("征求意见中"),
    STATUS_UPCOMING: _("即将征求意见"),
    STATUS_CLOSED: _("已截止"),
    STATUS_PASSED: _("已通过"),
    STATUS_ABANDONED: _("已废止"),
}
# The filter on the index offers the four statuses the public cares about.
FILTER_STATUSES = (STATUS_OPEN, STATUS_CLOSED, STATUS_PASSED, STATUS_ABANDONED)


def status_filter(status: str, now: dt.datetime) -> Q:
    """The one definition of each status as a query (``RegulationDraftPage.status`` mirrors it)."""
    live = Q(abandoned=False) & ~Q(stage__in=PASSED_STAGES)
    if status == STATUS_ABANDONED:
        return Q(abandoned=True)
    if status == STATUS_PASSED:
        return Q(abandoned=False, stage__in=PASSED_STAGES)
    if status == STATUS_OPEN:
        return live & Q(opens_at__lte=now, closes_at__gt=now)
    if status == STATUS_UPCOMING:
        return live & Q(opens_at__gt=now)
    if status == STATUS_CLOSED:
        return live & (Q(closes_at__lte=now) | Q(closes_at__isnull=True, opens_at__lte=now))
    raise ValueError(status)


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


# ---------------------------------------------------------------------------
# Blocks of the draft text
# ---------------------------------------------------------------------------


class HeadingNumberBlock(blocks.StructBlock):
    number = blocks.CharBlock(required=False, label=_("编号"), help_text=_("如：第一章"))
    title = blocks.CharBlock(required=False, label=_("标题"))


class PartBlock(HeadingNumberBlock):
    """编 or 分编 of a code (a national law): above chapters."""

    number = blocks.CharBlock(required=False, label=_("编号"), help_text=_("如：第一编、第一分编"))

    class Meta:
        icon = "folder"
        label = _("编")


class ChapterBlock(HeadingNumberBlock):
    class Meta:
        icon = "folder-open-inverse"
        label = _("章")


class SectionBlock(HeadingNumberBlock):
    class Meta:
        icon = "folder-inverse"
        label = _("节")


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("条号"), help_text=_("按原文书写，如：第十二条"))
    text = blocks.TextBlock(
        label=_("条文"),
        help_text=_("每款、每项单独一行；项以“（一）”开头，引用时称第几款第（几）项"),
    )

    class Meta:
        icon = "doc-full"
        label = _("条")


class DraftBodyBlock(blocks.StreamBlock):
    part = PartBlock()
    chapter = ChapterBlock()
    section = SectionBlock()
    article = ArticleBlock()
    note = blocks.TextBlock(label=_("说明文字"), icon="info-circle")


class StageBlock(blocks.StructBlock):
    stage = blocks.ChoiceBlock(choices=STAGES, label=_("阶段"))
    date = blocks.DateBlock(required=False, label=_("日期"))
    note = blocks.CharBlock(required=False, label=_("说明"))

    class Meta:
        icon = "date"
        label = _("立法阶段")


# ---------------------------------------------------------------------------
# Snippets and relations
# ---------------------------------------------------------------------------


@register_snippet
class DraftTopic(TranslatableMixin, models.Model):
    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("网址名"), max_length=50, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("草案主题")
        verbose_name_plural = _("草案主题")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class DraftAttachment(Orderable):
    page = ParentalKey("drafts.RegulationDraftPage", related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("文件")
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    @property
    def display_title(self):
        return self.title or self.document.title


def related_point_ids(page_ids) -> dict[int, list[int]]:
    """``{draft page id: [point page id]}`` of many drafts in one query."""
    points: dict[int, list[int]] = {}
    rows = (
        DraftRelatedPoint.objects.filter(page_id__in=page_ids, point__isnull=False)
        .order_by("page_id", "sort_order")
        .values_list("page_id", "point_id")
    )
    for page_id, point_id in rows:
        points.setdefault(page_id, []).append(point_id)
    return points


class DraftRelatedPoint(Orderable):
    """A liaison point that collects opinions on this draft (the liaison_points plugin may be absent)."""

    page = ParentalKey("drafts.RegulationDraftPage", related_name="related_points")
    point = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("立法联系点"),
    )

    panels = [PageChooserPanel("point")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关立法联系点")


class DraftRelatedArticle(Orderable):
    """A 普法 article about this draft (the law_education plugin may be absent)."""

    page = ParentalKey("drafts.RegulationDraftPage", related_name="related_articles")
    article = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("普法文章"),
    )

    panels = [PageChooserPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关普法文章")


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def days_left(closes_at: dt.datetime | None, now: dt.datetime | None = None) -> int | None:
    """Whole calendar days (Asia/Shanghai) until the closing day; 0 on the closing day itself."""
    if closes_at is None:
        return None
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    return (timezone.localtime(closes_at).date() - today).days


class DraftIndexPage(RoutablePageMixin, BasePage):
    """草案征求意见: every draft, open ones first, filterable by status, year and topic."""

    intro = models.CharField(_("导语"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["drafts.RegulationDraftPage"]

    class Meta:
        verbose_name = _("草案征求意见栏目")

    def drafts(self):
        return RegulationDraftPage.objects.child_of(self).live().public()

    def filtered_drafts(self, params, now=None):
        now = now or timezone.now()
        qs = self.drafts()
        status = clean_str(params.get("status"), max_length=20)
        if status in FILTER_STATUSES:
            qs = qs.filter(status_filter(status, now))
        year = bounded_int(params.get("year"), minimum=1949, maximum=2100)
        if year is not None:
            qs = qs.filter(opens_at__year=year)
        topic = clean_str(params.get("topic"), max_length=100)
        if topic:
            qs = qs.filter(topics__slug=topic)
        open_first = Case(
            When(status_filter(STATUS_OPEN, now), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            qs.annotate(open_first=open_first)
            .order_by("open_first", "closes_at", "-opens_at", "-pk")
            .prefetch_related("topics")
            .distinct()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        params = request.GET
        drafts = list(self.filtered_drafts(params))
        years = sorted(
            {d.year for d in self.drafts().dates("opens_at", "year", order="DESC")}, reverse=True
        )
        context.update(
            drafts=drafts,
            years=years,
            topics=DraftTopic.objects.filter(locale=self.locale),
            statuses=[(key, STATUS_LABELS[key]) for key in FILTER_STATUSES],
            selected={
                k: clean_str(params.get(k), max_length=100) for k in ("status", "year", "topic")
            },
            filtered=any(params.get(k) for k in ("status", "year", "topic")),
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import DraftFeed

        return DraftFeed(self)(request)


class RegulationDraftPage(RoutablePageMixin, BasePage):
    """One regulation draft: its text article by article, comment window, stages and versions."""

    search_kind = "draft"

    summary = models.TextField(_("摘要"), blank=True)
    drafting_body = models.CharField(_("起草单位"), max_length=200, blank=True)
    explanation = RichTextField(
        _("起草说明"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    opens_at = models.DateTimeField(_("征求意见开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("征求意见截止"), null=True, blank=True)
    reply_deadline = models.DateField(
        _("意见答复期限"), null=True, blank=True, help_text=_("在此日期前答复收到的意见")
    )
    timeline = StreamField(
        [("stage", StageBlock())], verbose_name=_("立法进程"), blank=True, use_json_field=True
    )
    stage = models.CharField(
        _("当前阶段"), max_length=20, choices=STAGES, blank=True, editable=False
    )
    abandoned = models.BooleanField(_("已废止"), default=False)
    topics = ParentalManyToManyField(DraftTopic, blank=True, verbose_name=_("主题"))
    body = StreamField(DraftBodyBlock(), verbose_name=_("草案正文"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("drafting_body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("reply_deadline"),
            ],
            heading=_("征求意见期"),
        ),
        FieldPanel("body"),
        FieldPanel("explanation"),
        FieldPanel("timeline"),
        FieldPanel("abandoned"),
        FieldPanel("topics"),
        InlinePanel("attachments", label=_("附件")),
        InlinePanel("related_points", label=_("相关立法联系点")),
        InlinePanel("related_articles", label=_("相关普法文章")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("drafting_body"),
        index.SearchField("explanation"),
        index.FilterField("stage"),
        index.FilterField("abandoned"),
        index.FilterField("closes_at"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("drafting_body"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("reply_deadline"),
        APIField("status_info"),
        APIField("timeline"),
        APIField("topic_names"),
        APIField("structure"),
        APIField("version_list"),
    ]
    parent_page_types = ["drafts.DraftIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("法规草案")

    # -- status -------------------------------------------------------------

    def save(self, *args, **kwargs):
        self.stage = self.reached_stage()
        return super().save(*args, **kwargs)

    def reached_stage(self) -> str:
        reached = [block.value["stage"] for block in self.timeline if block.value.get("stage")]
        return max(reached, key=STAGE_ORDER.get) if reached else ""

    def status_at(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.abandoned:
            return STATUS_ABANDONED
        if self.stage in PASSED_STAGES:
            return STATUS_PASSED
        if self.opens_at and self.opens_at > now:
            return STATUS_UPCOMING
        if self.opens_at and self.closes_at and self.closes_at > now:
            return STATUS_OPEN
        return STATUS_CLOSED

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def days_left(self) -> int | None:
        return days_left(self.closes_at) if self.status == STATUS_OPEN else None

    @property
    def status_info(self) -> dict:
        return {
            "status": self.status,
            "label": str(self.status_label),
            "stage": self.stage,
            "days_left": self.days_left,
            "accepts_comments": self.accepts_comments(),
        }

    def stage_list(self) -> list[dict]:
        """Every stage in order, with its date once reached."""
        reached = {}
        for block in self.timeline:
            reached[block.value["stage"]] = block.value
        current = STAGE_ORDER.get(self.stage, -1)
        return [
            {
                "key": key,
                "label": label,
                "date": (reached.get(key) or {}).get("date"),
                "note": (reached.get(key) or {}).get("note", ""),
                "reached": key in reached or STAGE_ORDER[key] <= current,
                "current": key == self.stage,
            }
            for key, label in STAGES
        ]

    @property
    def topic_names(self) -> list[str]:
        return [topic.name for topic in self.topics.all()]

    # -- the structured text --------------------------------------------------

    @cached_property
    def text_items(self) -> list[dict]:
        """The body as flat dicts: {"type", "key", "number", "title"/"text", "ordinal"}.

        Reads only the page's own column, so it costs no query whatever the length."""
        items = []
        position = 0
        for block in self.body:
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
            elif kind in ("part", "chapter", "section"):
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

    def articles(self) -> list[dict]:
        return [item for item in self.text_items if item["type"] == "article"]

    @property
    def structure(self) -> dict:
        """Parts → chapters → sections → articles → 款 → 项 of the current text (also the API's
        ``structure``). A 分编 sits in its 编's ``parts``; a local regulation has no parts, so
        its shape is the chapters and loose articles it always had."""
        parts: list[dict] = []
        chapters: list[dict] = []
        loose: list[dict] = []
        part = subpart = chapter = section = None

        def chapter_list() -> list[dict]:
            holder = subpart or part
            return holder["chapters"] if holder is not None else chapters

        for item in self.text_items:
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

    def article_url(self, ordinal: int, request=None) -> str:
        return f"{self.get_url(request)}#{article_anchor(ordinal)}"

    def comment_url(self, key: str, ordinal: int) -> str:
        """Absolute URL printed as a QR code: opens the page at the article's comment form.

        The opinions plugin reads ``?comment=<article key>`` to open that article's form."""
        return f"{self.full_url}?comment={key}#{article_anchor(ordinal)}"

    # -- versions -------------------------------------------------------------

    def versions(self):
        """Published versions, oldest first (translations share the source page's versions)."""
        return DraftVersion.objects.filter(
            page__translation_key=self.translation_key, pending=False
        ).order_by("date", "pk")

    @cached_property
    def version_rows(self) -> list[DraftVersion]:
        return list(self.versions().defer("structure"))

    @property
    def current_version(self) -> DraftVersion | None:
        for version in self.version_rows:
            if version.is_current:
                return version
        return self.version_rows[-1] if self.version_rows else None

    @property
    def version_list(self) -> list[dict]:
        return [
            {
                "id": v.pk,
                "label": v.label,
                "date": v.date.isoformat() if v.date else None,
                "is_current": v.is_current,
            }
            for v in self.version_rows
        ]

    # -- Commentable ----------------------------------------------------------

    def accepts_comments(self, at: dt.datetime | None = None) -> bool:
        return self.status_at(at) == STATUS_OPEN

    def comment_window_message(self) -> str:
        status = self.status
        if status == STATUS_OPEN:
            left = self.days_left
            end = date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            if left == 0:
                return gettext("正在征求意见，今天（%(end)s）截止。") % {"end": end}
            return gettext("正在征求意见，%(end)s 截止，还剩 %(days)s 天。") % {
                "end": end,
                "days": left,
            }
        if status == STATUS_UPCOMING:
            start = date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            return gettext("将于 %(start)s 开始征求意见。") % {"start": start}
        if status == STATUS_ABANDONED:
            return gettext("该草案已废止，不再征求意见。")
        if status == STATUS_PASSED:
            return gettext("该法规已通过，征求意见已结束。")
        if self.closes_at:
            end = date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            return gettext("征求意见已于 %(end)s 截止。") % {"end": end}
        return gettext("该草案目前不征求意见。")

    def _target(self, item: dict, version: DraftVersion | None = None) -> CommentTarget:
        """``item`` of the current text (``version`` None: the current version), or of an older
        ``version``. A link follows the article by its key: to where it stands in the current
        text, or to its history when a later version deleted it."""
        in_text = version is None
        version = version or self.current_version
        current = item if in_text else self._current_article(item["key"])
        page_url = self.get_url() or ""
        history = page_url + self.reverse_subpage("history", args=[item["key"]]) if page_url else ""
        if current is not None:
            url = self.article_url(current["ordinal"]) if page_url else ""
        else:
            url = history
        return CommentTarget(
            key=item["key"],
            label=item["number"],
            text=item["text"],
            url=url,
            version_id=version.pk if version is not None else None,
            version_label=version.label if version is not None else "",
            version_url=f"{history}#version-{version.pk}" if history and version else history,
        )

    def _current_article(self, key: str) -> dict | None:
        return next((item for item in self.articles() if item["key"] == key), None)

    def get_comment_targets(self) -> list[CommentTarget]:
        return [self._target(item) for item in self.articles()]

    def get_comment_target(
        self, key: str, *, version_id: int | None = None, at: dt.datetime | None = None
    ) -> CommentTarget | None:
        key = str(key or "")

        def found_in(version):
            item = next((a for a in version.articles() if a.get("key") == key), None)
            return self._target(item, version) if item is not None else None

        if version_id is not None:
            version = next((v for v in self.version_rows if v.pk == version_id), None)
            target = found_in(version) if version is not None else None
            if target is not None:
                return target
        if at is not None:
            # The version in force that day: the one commented on by an opinion of that day.
            day = timezone.localdate(at) if timezone.is_aware(at) else at.date()
            then = [v for v in self.version_rows if v.date <= day]
            target = found_in(then[-1]) if then else None
            if target is not None:
                return target
        item = self._current_article(key)
        if item is not None:
            return self._target(item)
        for version in reversed(self.version_rows):
            target = found_in(version)
            if target is not None:
                return target
        return None

    def current_article_labels(self, keys=None) -> dict[str, str]:
        # The live body, already loaded with the page: no query whatever the number of keys.
        wanted = None if keys is None else set(keys)
        return {
            item["key"]: item["number"]
            for item in self.articles()
            if wanted is None or item["key"] in wanted
        }

    def get_reply_deadline(self):
        return self.reply_deadline

    def search_point_ids(self) -> list[int]:
        return [rel.point_id for rel in self.related_points.all() if rel.point_id]

    @classmethod
    def search_point_ids_for(cls, page_ids: list[int]) -> dict[int, list[int]]:
        # One query on the related points, without loading the drafts.
        return related_point_ids(page_ids)

    # -- rendering ------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = opinion_counts(self)
        page_url = self.get_url(request)
        items = []
        toc = []
        open_headings: list[dict] = []  # the part, subpart, chapter and section around us
        for item in self.text_items:
            entry = dict(item)
            if item["type"] == "article":
                entry["anchor"] = article_anchor(item["ordinal"])
                entry["lines"] = article_lines(item["ordinal"], item["text"])
                entry["target"] = self._target(item)
                entry["count"] = counts.get(item["key"], 0)
                entry["history_url"] = page_url + self.reverse_subpage(
                    "history", args=[item["key"]]
                )
                # Each heading's range in the TOC spans everything under it (a 编 its chapters).
                for heading in open_headings:
                    heading["articles"].append(entry)
            elif item["type"] in ("part", "chapter", "section"):
                entry["anchor"] = f"{item['type']}-{item['key']}"
                entry["subpart"] = item["type"] == "part" and is_subpart(item["number"])
                entry["level"] = heading_level(item)
                entry["articles"] = []
                open_headings = [h for h in open_headings if h["level"] < entry["level"]]
                open_headings.append(entry)
                toc.append(entry)
            items.append(entry)
        context.update(
            items=items,
            toc=toc,
            has_parts=any(entry["type"] == "part" for entry in toc),
            article_count=sum(1 for i in items if i["type"] == "article"),
            page_count=counts.get(None, 0),
            # Counts are shown only when an opinions plugin answers the counts hook.
            show_counts=bool(hooks.get_hooks(OPINION_COUNTS_HOOK)),
            total_count=sum(counts.values()),
            feedback_sections=page_feedback(request, self),
            attachments=list(self.attachments.select_related("document")),
            points=[rel.point for rel in self.related_points.select_related("point") if rel.point],
            law_articles=[
                rel.article
                for rel in self.related_articles.select_related("article")
                if rel.article and rel.article.live
            ],
            versions=self.version_rows,
            current_version=self.current_version,
            stages=self.stage_list(),
            parent=self.get_parent(),
        )
        return context

    @path("articles/", name="jump")
    def article_jump(self, request):
        """The no-JavaScript "jump to article N" form: redirect to the anchor."""
        ordinal = get_int(request, "n", maximum=100_000)
        if ordinal is None:
            return redirect(self.get_url(request))
        if not any(item["ordinal"] == ordinal for item in self.articles()):
            return redirect(self.get_url(request))
        return redirect(self.article_url(ordinal, request))

    @path("articles/<int:ordinal>/", name="article")
    def article_redirect(self, request, ordinal):
        if not any(item["ordinal"] == ordinal for item in self.articles()):
            raise Http404
        return redirect(self.article_url(ordinal, request))

    @re_path(r"^articles/(?P<key>[0-9a-fA-F-]{36})/history/$", name="history")
    def article_history(self, request, key):
        from .views import article_history

        return article_history(request, self, key)

    @path("versions/compare/", name="compare")
    def compare(self, request):
        from .views import compare_versions

        return compare_versions(request, self)

    @path("print/", name="print")
    def print_view(self, request):
        from .views import print_view

        return print_view(request, self)


class DraftVersion(models.Model):
    """One version of a draft (征求意见稿, 一审稿…) as a JSON snapshot of its text.

    ``structure`` = {"items": [{"type": "chapter"|"section"|"article"|"note", "key", "number",
    "title"|"text", "ordinal"}], "preamble": [...], "unplaced": [...]}; an article's ``key`` is
    the same across versions. The current version's snapshot follows the published body.
    A freshly imported version stays ``pending`` until the page is published."""

    page = models.ForeignKey(
        RegulationDraftPage, on_delete=models.CASCADE, related_name="draft_versions"
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
        RegulationDraftPage, on_delete=models.CASCADE, related_name="published_articles"
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
