"""One item of a legislative plan (计划项目): what is to be made, amended or repealed, by whom, in
which category, how far it has come, and the draft or regulation in force it led to.

An item is what residents comment on (``core.interfaces.CommentTarget``): its ``key`` is a UUID
given once and kept through every edit, reordering and translation, so an opinion stays attached
to the item it was written on even when the item's number changes."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable

from core.plugins import DRAFT_PAGE, REGULATION_PAGE, page_types_for


class Action(models.TextChoices):
    MAKE = "make", pgettext_lazy("plan item action", "制定")
    AMEND = "amend", pgettext_lazy("plan item action", "修改")
    REPEAL = "repeal", pgettext_lazy("plan item action", "废止")


class Category(models.TextChoices):
    # 正式项目 are to be submitted for review this year; 预备项目 when ready; 调研项目 studied.
    FORMAL = "formal", _("正式项目")
    PREPARATORY = "preparatory", _("预备项目")
    RESEARCH = "research", _("调研项目")


class Stage(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("plan item stage", "计划中")
    DRAFTING = "drafting", pgettext_lazy("plan item stage", "起草中")
    CONSULTING = "consulting", pgettext_lazy("plan item stage", "公开征求意见")
    REVIEWING = "reviewing", pgettext_lazy("plan item stage", "提请审议")
    PASSED = "passed", pgettext_lazy("plan item stage", "已通过")
    CARRIED_OVER = "carried_over", pgettext_lazy("plan item stage", "转入下一年度")


def _chooser(field: str, role: str) -> PageChooserPanel | FieldPanel | None:
    # Limited to the pages playing the role; left out when no installed plugin provides one.
    types = page_types_for(role)
    return PageChooserPanel(field, page_type=types) if types else None


class PlanItem(Orderable):
    page = ParentalKey("plans.LegislativePlanPage", on_delete=models.CASCADE, related_name="items")
    key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(
        _("项目名称"), max_length=200, help_text=_("例如：滨州市文明行为促进条例")
    )
    action = models.CharField(
        pgettext_lazy("plan item", "类型"),
        max_length=10,
        choices=Action.choices,
        default=Action.MAKE,
    )
    drafting_body = models.CharField(_("起草单位"), max_length=200, blank=True)
    category = models.CharField(
        _("项目类别"), max_length=20, choices=Category.choices, default=Category.FORMAL
    )
    stage = models.CharField(_("进展"), max_length=20, choices=Stage.choices, default=Stage.PLANNED)
    note = models.TextField(_("说明"), blank=True, max_length=2000)
    draft = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("对应草案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regulation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=pgettext_lazy("plan item", "现行法规"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("修改或废止的现行法规"),
    )

    panels = [
        panel
        for panel in [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("action"), FieldPanel("category"), FieldPanel("stage")]),
            FieldPanel("drafting_body"),
            FieldPanel("note"),
            _chooser("draft", DRAFT_PAGE),
            _chooser("regulation", REGULATION_PAGE),
        ]
        if panel is not None
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("计划项目")
        verbose_name_plural = _("计划项目")

    def __str__(self):
        return self.title

    def label(self, number: int) -> str:
        """ "第3项 《滨州市文明行为促进条例》（修改）": how an opinion names the item."""
        return gettext("第%(n)s项 《%(title)s》（%(action)s）") % {
            "n": number,
            "title": self.title,
            "action": self.get_action_display(),
        }

    def description(self) -> str:
        """The item as one line of plain text: what an opinion on it quotes."""
        parts = [
            gettext("%(action)s《%(title)s》")
            % {"action": self.get_action_display(), "title": self.title},
            self.get_category_display(),
        ]
        if self.drafting_body:
            parts.append(gettext("起草单位：%(body)s") % {"body": self.drafting_body})
        if self.note:
            parts.append(self.note)
        return "；".join(str(part) for part in parts)


def item_order(item) -> tuple:
    """The key items are numbered by: the editor's order, then creation (an item not saved yet
    last). The database's own ordering puts a missing sort order first or last by engine."""
    return (item.sort_order is None, item.sort_order or 0, item.pk is None, item.pk or 0)


def item_anchor(number: int) -> str:
    return f"item-{number}"
