"""The draft page: fields and editor panels, status, versions, the Commentable interface, and
its routes. The text's readings and the page's rendering live in plain modules it calls
(``text``, ``reading``, ``targets``)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.comment_window import check_window
from core.interfaces import CommentTarget
from core.models import BasePage
from core.params import get_int
from core.plugins import (
    ARTICLE_FEEDBACK_HOOK,
    OPINION_COUNTS_HOOK,
    article_feedback,
    opinion_counts,
    page_feedback,
)
from core.published_memo import remembered
from core.translation import as_read_in

from .anchors import article_anchor
from .blocks import DraftBodyBlock, StageBlock
from .links import published_links
from .reading import reading_items
from .related import related_point_ids
from .status import (
    PASSED_STAGES,
    STAGE_ORDER,
    STAGES,
    STATUS_ABANDONED,
    STATUS_CLOSED,
    STATUS_LABELS,
    STATUS_OPEN,
    STATUS_PASSED,
    STATUS_UPCOMING,
    comment_window_message,
    days_left,
)
from .targets import article_target, find_target
from .text import items_from_body, structure_from_items
from .topics import DraftTopic
from .versions import DraftVersion


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

    def clean(self):
        super().clean()
        check_window(self.opens_at, self.closes_at)

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
        """The API's topic names, in the draft's language where translated (as the page)."""
        return [topic.name for topic in as_read_in(self.topics.all(), self.locale_id)]

    # -- the structured text --------------------------------------------------

    @cached_property
    def text_items(self) -> list[dict]:
        """The body as flat dicts (``drafts.models.text``): what every other form is built from."""
        return items_from_body(self.body)

    def articles(self) -> list[dict]:
        return [item for item in self.text_items if item["type"] == "article"]

    def legal_text_items(self) -> list[dict]:
        """``core.interfaces.LegalText``: the current text with its headings, as items."""
        return self.text_items

    @property
    def structure(self) -> dict:
        """Parts → chapters → sections → articles → 款 → 项 of the current text (the API's
        ``structure``)."""
        return structure_from_items(self.text_items)

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
        return comment_window_message(self)

    def get_comment_targets(self) -> list[CommentTarget]:
        page_url = self.get_url() or ""  # once, not three times per article
        from ..permalinks import ArticleRoutes  # permalinks imports the models package

        routes = ArticleRoutes(self, page_url)
        return [
            article_target(self, item, page_url=page_url, routes=routes) for item in self.articles()
        ]

    def get_comment_target(
        self, key: str, *, version_id: int | None = None, at: dt.datetime | None = None
    ) -> CommentTarget | None:
        return find_target(self, key, version_id=version_id, at=at)

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
        items, toc = reading_items(self, counts, page_url, article_feedback(request, self))
        context.update(
            items=items,
            toc=toc,
            has_parts=any(entry["type"] == "part" for entry in toc),
            # Articles before the first heading (or in a text without any): the tree's top level.
            toc_loose=[i for i in items if i["type"] == "article" and not i["in_heading"]],
            article_count=sum(1 for i in items if i["type"] == "article"),
            page_count=counts.get(None, 0),
            # Counts are shown only when an opinions plugin answers the counts hook.
            show_counts=bool(hooks.get_hooks(OPINION_COUNTS_HOOK)),
            total_count=sum(counts.values()),
            feedback_sections=page_feedback(request, self),
            # The feedback section then leaves out what each article already shows under it.
            articles_in_place=bool(hooks.get_hooks(ARTICLE_FEEDBACK_HOOK)),
            **self._published_links(request),
            versions=self.version_rows,
            current_version=self.current_version,
            stages=self.stage_list(),
            parent=self.get_parent(),
        )
        return context

    def _published_links(self, request) -> dict:
        """Attachments, related points and 普法 articles, and topics: what only a publish
        changes, kept in process until the next one (core/published_memo.py). A preview reads
        them afresh from the page it previews (it may show unpublished changes)."""
        if getattr(request, "is_preview", False):
            return {
                "attachments": list(self.attachments.select_related("document")),
                "points": [
                    rel.point for rel in self.related_points.select_related("point") if rel.point
                ],
                "law_articles": [
                    rel.article
                    for rel in self.related_articles.select_related("article")
                    if rel.article and rel.article.live
                ],
                "topics": as_read_in(self.topics.all(), self.locale_id),
            }
        return remembered(
            ("draft_links", self.pk, self.live_revision_id),
            partial(published_links, self.pk, self.locale_id),
        )

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
        from ..views import article_history

        return article_history(request, self, key)

    @path("versions/compare/", name="compare")
    def compare(self, request):
        from ..views import compare_versions

        return compare_versions(request, self)

    @path("print/", name="print")
    def print_view(self, request):
        from ..views import print_view

        return print_view(request, self)

    # -- permalinks (drafts.permalinks) -----------------------------------------

    @re_path(
        r"^articles/(?P<key>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
        r"[0-9a-fA-F]{12})/$",
        name="article_key",
    )
    def article_by_key(self, request, key):
        from ..views import article_by_key

        return article_by_key(request, self, key.lower())

    @re_path(r"^versions/(?P<number>[0-9]{1,6})/$", name="version")
    def version_text(self, request, number):
        from ..views import version_view

        return version_view(request, self, int(number))

    @re_path(
        r"^versions/(?P<number>[0-9]{1,6})/articles/(?P<ordinal>[0-9]{1,6})/$",
        name="version_article",
    )
    def version_article(self, request, number, ordinal):
        from ..views import version_article_view

        return version_article_view(request, self, int(number), int(ordinal))

    def get_sitemap_urls(self, request=None):
        """The page, then the full text of each older published version (``versions/<n>/``):
        what a citation of an earlier version reads. The current version is the page itself."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        current = self.current_version
        for number, version in enumerate(self.version_rows, 1):
            if current is None or version.pk != current.pk:
                location = base + self.reverse_subpage("version", args=[number])
                urls.append({"location": location, "lastmod": version.created_at})
        return urls
