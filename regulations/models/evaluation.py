"""实施评估 (立法后评估): the office asks, for a period, how a regulation in force works. The public
comments article by article on the text in force through the opinions plugin
(``core.interfaces.Commentable``: the targets are the parent regulation's articles, with their
keys); the office's conclusions are published once the period is over."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.comment_window import check_window
from core.interfaces import CommentTarget, SubmissionKind
from core.models import BasePage
from core.plugins import (
    ARTICLE_FEEDBACK_HOOK,
    OPINION_COUNTS_HOOK,
    QUESTIONNAIRE_PAGE,
    article_feedback,
    opinion_counts,
    opinion_form_url,
    page_feedback,
    page_types_for,
)

from ..text import article_anchor, reading_items
from .versions import RegulationVersion

QUESTIONNAIRE_TYPES = page_types_for(QUESTIONNAIRE_PAGE)

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
WINDOW_LABELS = {UPCOMING: _("即将开始"), OPEN: _("征求意见中"), CLOSED: _("已结束")}


class EvaluationPage(BasePage):
    """One evaluation of its parent regulation, open for comment from ``opens_at`` to ``closes_at``."""

    search_kind = "evaluation"

    intro = RichTextField(_("评估说明"), blank=True, features=["h3", "bold", "ol", "ul", "link"])
    opens_at = models.DateTimeField(_("征求意见开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("征求意见截止"), null=True, blank=True)
    reply_deadline = models.DateField(_("意见答复期限"), null=True, blank=True)
    questions = StreamField(
        [("question", blocks.TextBlock(label=_("评估问题"), icon="help"))],
        verbose_name=_("评估问题"),
        blank=True,
    )
    questionnaire = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("评估问卷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conclusions = RichTextField(
        _("评估结论"),
        blank=True,
        features=["h3", "bold", "ol", "ul", "link"],
        help_text=_("征求意见结束后公开"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("reply_deadline"),
            ],
            heading=_("征求意见期"),
        ),
        FieldPanel("questions"),
        *(
            [PageChooserPanel("questionnaire", page_type=QUESTIONNAIRE_TYPES)]
            if QUESTIONNAIRE_TYPES
            else []
        ),
        FieldPanel("conclusions"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("conclusions"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("reply_deadline"),
        APIField("questions"),
        APIField("window"),
        APIField("published_conclusions"),
    ]
    parent_page_types = ["regulations.RegulationPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("实施评估")

    @cached_property
    def regulation(self):
        """The regulation evaluated (the parent page), or None."""
        from .regulation import RegulationPage

        parent = self.get_parent()
        specific = parent.specific if parent is not None else None
        return specific if isinstance(specific, RegulationPage) else None

    # -- the window ---------------------------------------------------------------

    def window_at(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at and self.opens_at > now:
            return UPCOMING
        if self.opens_at and self.closes_at and self.closes_at > now:
            return OPEN
        return CLOSED

    @property
    def window(self) -> str:
        return self.window_at()

    @property
    def window_label(self) -> str:
        return str(WINDOW_LABELS[self.window])

    @property
    def published_conclusions(self) -> str:
        """The conclusions, once written and the period is over ("" before)."""
        if self.window == CLOSED and self.opens_at and self.conclusions:
            return self.conclusions
        return ""

    # -- Commentable ------------------------------------------------------------

    def accepts_comments(self, at: dt.datetime | None = None) -> bool:
        return self.regulation is not None and self.window_at(at) == OPEN

    def comment_window_message(self) -> str:
        window = self.window
        if window == OPEN:
            end = date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            return gettext("实施评估正在征求意见，%(end)s 截止。") % {"end": end}
        if window == UPCOMING:
            start = date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            return gettext("实施评估将于 %(start)s 开始征求意见。") % {"start": start}
        if self.closes_at:
            end = date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            return gettext("实施评估征求意见已于 %(end)s 截止。") % {"end": end}
        return gettext("实施评估目前不征求意见。")

    def _target(self, item: dict, version, number: int, page_url: str) -> CommentTarget:
        version_url = ""
        if page_url and number:
            version_url = page_url + self.regulation.reverse_subpage("version", args=[number])
            version_url += f"#{article_anchor(item['ordinal'])}"
        return CommentTarget(
            key=item["key"],
            label=item["number"],
            text=item["text"],
            url=f"{page_url}#{article_anchor(item['ordinal'])}" if page_url else "",
            version_id=version.pk if version is not None else None,
            version_label=version.label if version is not None else "",
            version_url=version_url,
        )

    def clean(self):
        super().clean()
        check_window(self.opens_at, self.closes_at)

    def submission_kind(self) -> SubmissionKind:
        # Opinions on how a regulation works: the form speaks of the regulation, not a draft.
        return SubmissionKind(
            heading=str(_("对法规实施情况提意见")),
            whole_label=str(_("法规整体")),
            page_label=str(_("实施评估")),
            back_label=str(_("返回实施评估")),
        )

    def get_comment_targets(self) -> list[CommentTarget]:
        regulation = self.regulation
        if regulation is None or regulation.current_version is None:
            return []
        page_url = regulation.get_url() or ""
        version, number = regulation.current_version, len(regulation.version_rows)
        return [self._target(a, version, number, page_url) for a in version.articles()]

    def get_comment_target(
        self, key: str, *, version_id: int | None = None, at: dt.datetime | None = None
    ) -> CommentTarget | None:
        """The regulation's article ``key``: in version ``version_id`` if it is one of this
        regulation's and holds it, else in the text in force, else in the last version holding
        it. Anything else (a forged key, another regulation's version) is None."""
        regulation = self.regulation
        if regulation is None or not key:
            return None
        key = str(key)
        rows = regulation.version_rows
        page_url = regulation.get_url() or ""
        numbered = {row.pk: n for n, row in enumerate(rows, 1)}
        order = list(reversed(rows))
        if version_id in numbered:
            order.insert(0, next(r for r in rows if r.pk == version_id))
        for row in order:
            version = RegulationVersion.objects.get(pk=row.pk)
            item = next((a for a in version.articles() if a.get("key") == key), None)
            if item is not None:
                return self._target(item, version, numbered[row.pk], page_url)
        return None

    def current_article_labels(self, keys=None) -> dict[str, str]:
        regulation = self.regulation
        if regulation is None:
            return {}
        wanted = None if keys is None else set(keys)
        return {
            a["key"]: a["number"]
            for a in regulation.articles()
            if wanted is None or a["key"] in wanted
        }

    def get_reply_deadline(self):
        return self.reply_deadline

    # -- rendering --------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regulation = self.regulation
        items, toc, loose = reading_items(regulation.text_items if regulation else [])
        counts = opinion_counts(self)
        feedback = article_feedback(request, self)
        targets = {t.key: t for t in self.get_comment_targets()}
        for item in items:
            if item["type"] == "article":
                item["target"] = targets.get(item["key"])
                item["count"] = counts.get(item["key"], 0)
                item["public"] = feedback.get(item["key"])
        # Only a questionnaire the public may open is linked.
        questionnaire = (
            Page.objects.live().public().filter(pk=self.questionnaire_id).first()
            if self.questionnaire_id
            else None
        )
        context.update(
            regulation=regulation,
            items=items,
            toc=toc,
            toc_loose=loose,
            article_count=len(targets),
            show_counts=bool(hooks.get_hooks(OPINION_COUNTS_HOOK)),
            total_count=sum(counts.values()),
            feedback_sections=page_feedback(request, self),
            articles_in_place=bool(hooks.get_hooks(ARTICLE_FEEDBACK_HOOK)),
            questionnaire=questionnaire,
            # The whole-regulation comment link, worded for an evaluation (the opinions plugin's
            # own page widget speaks of a draft); none outside the window.
            page_comment_url=opinion_form_url(self)
            if self.live and self.accepts_comments()
            else "",
        )
        return context
