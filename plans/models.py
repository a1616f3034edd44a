"""The pages of the plans plugin: the 立法计划 index, one plan (年度立法计划 / 立法规划) whose items
residents comment on one by one, and a call for project proposals (立项建议征集) whose proposals
are answered 列入计划 / 列入调研 / 暂不列入. Opinions and proposals are the opinions plugin's: the
pages implement ``core.interfaces.Commentable`` and show its widgets through ``core.plugins``."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from core.comment_window import check_window
from core.interfaces import CommentTarget, SubmissionKind
from core.models import BasePage
from core.plugins import (
    ARTICLE_FEEDBACK_HOOK,
    OPINION_COUNTS_HOOK,
    article_feedback,
    opinion_counts,
    opinion_form_url,
    page_feedback,
)
from core.untranslated import with_untranslated

from . import window
from .items import PlanItem, item_anchor, item_order

__all__ = ["LegislativePlanPage", "PlanIndexPage", "PlanItem", "ProjectProposalPage"]

RICH_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class CommentWindow(models.Model):
    """Fields and Commentable methods a plan and a call for proposals share."""

    opens_at = models.DateTimeField(_("征求意见开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("征求意见截止"), null=True, blank=True)
    reply_deadline = models.DateField(
        _("意见答复期限"), null=True, blank=True, help_text=_("在此日期前答复收到的意见")
    )

    window_panel = MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("reply_deadline"),
        ],
        heading=_("征求意见期"),
    )

    # A call for proposals says 征集建议 where a plan says 征求意见 (plans/window.py).
    takes_proposals = False

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_window(self.opens_at, self.closes_at)

    def status_at(self, now: dt.datetime | None = None) -> str:
        return window.status_at(self.opens_at, self.closes_at, now)

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        labels = window.PROPOSAL_LABELS if self.takes_proposals else window.LABELS
        return labels[self.status]

    def accepts_comments(self, at: dt.datetime | None = None) -> bool:
        return self.status_at(at) == window.OPEN

    def comment_window_message(self) -> str:
        return window.window_message(self.opens_at, self.closes_at, proposals=self.takes_proposals)

    def get_reply_deadline(self):
        return self.reply_deadline

    def comment_form_url(self, key: str = "") -> str:
        """Where a resident comments (on one item with ``key``): "" outside the window or
        without an opinions plugin. A link, not a form: the page stays cacheable."""
        if not (self.live and self.accepts_comments()):
            return ""
        return opinion_form_url(self, key)


class PlanIndexPage(BasePage):
    """立法计划: the plans, newest year first, and the calls for proposals open now."""

    intro = models.CharField(_("导语"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["plans.LegislativePlanPage", "plans.ProjectProposalPage"]

    class Meta:
        verbose_name = _("立法计划栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A translated index lists the plans and calls not translated yet in Chinese.
        plans = list(
            with_untranslated(LegislativePlanPage.objects.live().public(), self).order_by(
                "-year", "-pk"
            )
        )
        # Calls under the index or under one of its plans, open ones first.
        calls = list(
            with_untranslated(
                ProjectProposalPage.objects.live().public(), self, descendants=True
            ).order_by("-opens_at")
        )
        calls.sort(key=lambda call: call.status != window.OPEN)
        context.update(plans=plans, calls=calls)
        return context


class LegislativePlanPage(CommentWindow, BasePage):
    """One plan: a year's 年度立法计划 or a five-year 立法规划, its items open for comment one by one."""

    search_kind = "plan"

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度立法计划")
        PROGRAMME = "programme", _("立法规划")

    kind = models.CharField(
        pgettext_lazy("plan", "类型"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL
    )
    year = models.PositiveSmallIntegerField(_("年度"), help_text=_("规划为起始年份"))
    end_year = models.PositiveSmallIntegerField(
        _("截止年份"), null=True, blank=True, help_text=_("仅立法规划填写，例如 2030")
    )
    drafting_body = models.CharField(_("编制单位"), max_length=200, blank=True)
    intro = RichTextField(_("说明"), blank=True, features=RICH_FEATURES)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("end_year")]),
        FieldPanel("drafting_body"),
        FieldPanel("intro"),
        CommentWindow.window_panel,
        InlinePanel("items", label=_("计划项目")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("drafting_body"),
        # The items' words find the plan: "养犬" finds the plan listing 养犬管理条例.
        index.SearchField("items_text"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("year"),
        APIField("end_year"),
        APIField("drafting_body"),
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("reply_deadline"),
        APIField("status_info"),
        APIField("item_list"),
    ]
    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = ["plans.ProjectProposalPage"]

    class Meta:
        verbose_name = _("立法计划")

    def __str__(self):
        return self.title

    @property
    def period(self) -> str:
        if self.end_year and self.end_year != self.year:
            return f"{self.year}—{self.end_year}"
        return str(self.year or "")

    @property
    def status_info(self) -> dict:
        return {
            "status": self.status,
            "label": str(self.status_label),
            "accepts_comments": self.accepts_comments(),
        }

    # -- items ------------------------------------------------------------------

    @cached_property
    def item_rows(self) -> list[PlanItem]:
        """The items in order, loaded once per page object (one query)."""
        items = self.items.select_related("draft", "regulation")
        # In the editor's order; items made in code have no sort order yet: then as created.
        return sorted(items, key=item_order)

    def numbered_items(self) -> list[tuple[int, PlanItem]]:
        return list(enumerate(self.item_rows, 1))

    def items_text(self) -> str:
        return "\n".join(item.description() for item in self.item_rows)

    @property
    def item_list(self) -> list[dict]:
        return [
            {
                "key": str(item.key),
                "number": number,
                "title": item.title,
                "action": item.action,
                "category": item.category,
                "stage": item.stage,
                "drafting_body": item.drafting_body,
                "note": item.note,
                "draft": item.draft_id,
                "regulation": item.regulation_id,
            }
            for number, item in self.numbered_items()
        ]

    def _target(self, number: int, item: PlanItem, page_url: str) -> CommentTarget:
        return CommentTarget(
            key=str(item.key),
            label=item.label(number),
            text=item.description(),
            url=f"{page_url}#{item_anchor(number)}" if page_url else "",
        )

    # -- Commentable --------------------------------------------------------------

    def submission_kind(self) -> SubmissionKind:
        # Opinions on a plan are opinions (采纳 / 部分采纳 / 未采纳); only the form's words differ.
        return SubmissionKind(
            heading=str(_("对立法计划提意见")),
            target_label=str(_("针对的项目")),
            whole_label=str(_("整个计划")),
            page_label=str(_("立法计划")),
            back_label=str(_("返回立法计划")),
        )

    def get_comment_targets(self) -> list[CommentTarget]:
        page_url = self.get_url() or ""
        return [self._target(n, item, page_url) for n, item in self.numbered_items()]

    def get_comment_target(self, key: str, *, version_id=None, at=None) -> CommentTarget | None:
        # A plan has no versions: an item is read as it stands now; a forged key is None.
        key = str(key or "").lower()
        for number, item in self.numbered_items():
            if str(item.key) == key:
                return self._target(number, item, self.get_url() or "")
        return None

    def current_article_labels(self, keys=None) -> dict[str, str]:
        wanted = None if keys is None else {str(k) for k in keys}
        return {
            str(item.key): item.label(number)
            for number, item in self.numbered_items()
            if wanted is None or str(item.key) in wanted
        }

    # -- rendering ----------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from django.urls import reverse

        context = super().get_context(request, *args, **kwargs)
        counts = opinion_counts(self)
        feedback = article_feedback(request, self)
        page_url = self.get_url(request) or ""
        form_url = self.comment_form_url()
        parent = self.get_parent()
        rows = []
        for number, item in self.numbered_items():
            target = self._target(number, item, page_url)
            rows.append(
                {
                    "number": number,
                    "anchor": item_anchor(number),
                    "item": item,
                    "target": target,
                    "count": counts.get(target.key, 0),
                    "public": feedback.get(target.key),
                    "comment_url": f"{form_url}?article={target.key}" if form_url else "",
                    # The item's draft tells the rest: 立项, versions, passing, in force.
                    "draft": item.draft if item.draft and item.draft.live else None,
                    "regulation": item.regulation
                    if item.regulation and item.regulation.live
                    else None,
                    "story_url": reverse("life_story", args=[item.draft_id])
                    if item.draft and item.draft.live
                    else "",
                }
            )
        context.update(
            rows=rows,
            form_url=form_url,
            show_counts=bool(hooks.get_hooks(OPINION_COUNTS_HOOK)),
            total_count=sum(counts.values()),
            feedback_sections=page_feedback(request, self),
            articles_in_place=bool(hooks.get_hooks(ARTICLE_FEEDBACK_HOOK)),
            # The open calls for proposals beside the plan (under its index or under it).
            calls=[
                call
                for call in ProjectProposalPage.objects.live().public().descendant_of(parent)
                if call.status == window.OPEN
            ],
            parent=parent,
        )
        return context


class ProjectProposalPage(CommentWindow, BasePage):
    """立项建议征集: residents propose a regulation to make (its name, the reasons, evidence
    attached); the office answers each 列入计划, 列入调研 or 暂不列入. A proposal is an opinion
    on the whole page: same receipt, status lookup and notifications."""

    takes_proposals = True
    search_kind = "plan"

    intro = RichTextField(_("说明"), blank=True, features=RICH_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), CommentWindow.window_panel]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("reply_deadline"),
    ]
    parent_page_types = ["plans.PlanIndexPage", "plans.LegislativePlanPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("立项建议征集")

    def __str__(self):
        return self.title

    def submission_kind(self) -> SubmissionKind:
        return SubmissionKind(
            noun=str(pgettext_lazy("submission noun", "建议")),
            subject_label=str(_("建议项目名称")),
            heading=str(_("提出立法项目建议")),
            page_label=str(_("建议征集")),
            # What the call asks for (its intro): why the regulation is needed and what it covers.
            text_label=str(_("立法的必要性和主要内容")),
            submit_label=str(_("提交建议")),
            back_label=str(_("返回建议征集")),
            decision_labels={
                "adopted": str(_("列入计划")),
                "partly": str(_("列入调研")),
                "not_adopted": str(_("暂不列入")),
            },
        )

    # Commentable: the whole page only.
    def get_comment_targets(self) -> list[CommentTarget]:
        return []

    def get_comment_target(self, key: str, *, version_id=None, at=None) -> CommentTarget | None:
        return None

    def current_article_labels(self, keys=None) -> dict[str, str]:
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = opinion_counts(self)
        context.update(
            form_url=self.comment_form_url(),
            total_count=sum(counts.values()),
            feedback_sections=page_feedback(request, self),
            parent=self.get_parent(),
        )
        return context
