"""The 现行法规 index and the regulation page: its text in force article by article, the versions
it went through (公布, 修正, 修订), its evaluations and its life story."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

from core.life_story_views import story_context
from core.models import BasePage
from core.params import clean_str, get_int
from core.plugins import DRAFT_PAGE, page_types_for
from core.untranslated import with_untranslated

from ..status import IN_FORCE, STATUS_LABELS, STATUS_ORDER, STATUSES
from ..text import article_anchor, articles, reading_items
from .versions import RegulationVersion

# The drafts a regulation may come from: whatever plays the draft role (none without drafts).
DRAFT_TYPES = page_types_for(DRAFT_PAGE)


class RegulationIndexPage(BasePage):
    """现行法规: every regulation, those in force first, filterable by status."""

    intro = models.CharField(_("导语"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regulations.RegulationPage"]

    class Meta:
        verbose_name = _("现行法规栏目")

    def regulations(self, status: str = ""):
        # A translated index lists the regulations not translated yet in Chinese.
        qs = with_untranslated(RegulationPage.objects.live().public(), self)
        if status in STATUS_LABELS:
            qs = qs.filter(status=status)
        in_force_first = Case(
            *(When(status=key, then=Value(order)) for key, order in STATUS_ORDER.items()),
            default=Value(9),
            output_field=IntegerField(),
        )
        return qs.annotate(status_order=in_force_first).order_by(
            "status_order", "-promulgated_on", "-pk"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = clean_str(request.GET.get("status"), max_length=20)
        status = status if status in STATUS_LABELS else ""
        context.update(
            regulations=list(self.regulations(status)),
            statuses=STATUSES,
            selected_status=status,
        )
        return context


class RegulationPage(RoutablePageMixin, BasePage):
    """One regulation: who promulgated it and when, whether it is in force, and its text."""

    search_kind = "regulation"

    document_number = models.CharField(
        _("文号/公告号"),
        max_length=100,
        blank=True,
        help_text=_("如：滨州市人民代表大会常务委员会公告第12号"),
    )
    promulgated_by = models.CharField(_("公布机关"), max_length=200, blank=True)
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    status = models.CharField(_("效力状态"), max_length=20, choices=STATUSES, default=IN_FORCE)
    summary = models.TextField(_("摘要"), blank=True)
    source_draft = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("来源草案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("promulgated_by"),
                FieldRowPanel([FieldPanel("promulgated_on"), FieldPanel("effective_on")]),
                FieldPanel("status"),
            ],
            heading=_("公布与效力"),
        ),
        *([PageChooserPanel("source_draft", page_type=DRAFT_TYPES)] if DRAFT_TYPES else []),
        HelpPanel(
            content=_(
                "条文按版本保存：在“导入现行法规”中上传文件，可新建法规或为已有法规添加修正版本。"
            ),
            heading=pgettext_lazy("a regulation's text", "条文"),
        ),
    ]
    api_fields = [
        APIField("summary"),
        APIField("document_number"),
        APIField("promulgated_by"),
        APIField("promulgated_on"),
        APIField("effective_on"),
        APIField("status"),
        APIField("status_label"),
        APIField("source_draft_id"),
        APIField("structure"),
        APIField("version_list"),
    ]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types = ["regulations.EvaluationPage"]

    class Meta:
        verbose_name = _("现行法规")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    # -- versions and the text in force ------------------------------------------

    def versions(self):
        """Every version, oldest first (a translation shares its source page's versions)."""
        return RegulationVersion.objects.filter(page__translation_key=self.translation_key)

    @cached_property
    def version_rows(self) -> list[RegulationVersion]:
        return list(self.versions().defer("items"))

    @cached_property
    def current_version(self) -> RegulationVersion | None:
        """The latest version, with its text: the text in force."""
        if not self.version_rows:
            return None
        return RegulationVersion.objects.get(pk=self.version_rows[-1].pk)

    @property
    def text_items(self) -> list[dict]:
        version = self.current_version
        return list(version.items) if version is not None else []

    def articles(self) -> list[dict]:
        return articles(self.text_items)

    def article_url(self, ordinal: int, request=None) -> str:
        return f"{self.get_url(request) or ''}#{article_anchor(ordinal)}"

    def version_url(self, number: int, request=None) -> str:
        url = self.get_url(request)
        return url + self.reverse_subpage("version", args=[number]) if url else ""

    @property
    def structure(self) -> list[dict]:
        """The current text as the API serves it: headings and articles in order, with keys."""
        return [
            {k: v for k, v in item.items() if k in ("type", "key", "number", "title", "text")}
            | ({"anchor": article_anchor(item["ordinal"])} if item.get("type") == "article" else {})
            for item in self.text_items
        ]

    @property
    def version_list(self) -> list[dict]:
        return [
            {
                "number": n,
                "kind": v.kind,
                "label": v.label,
                "promulgated_on": v.promulgated_on.isoformat() if v.promulgated_on else None,
                "effective_on": v.effective_on.isoformat() if v.effective_on else None,
            }
            for n, v in enumerate(self.version_rows, 1)
        ]

    # -- evaluations ------------------------------------------------------------

    def evaluations(self):
        from .evaluation import EvaluationPage

        return EvaluationPage.objects.child_of(self).live().public().order_by("-opens_at", "-pk")

    # -- rendering --------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items, toc, loose = reading_items(self.text_items)
        evaluations = list(self.evaluations())
        now = timezone.now()
        context.update(
            items=items,
            toc=toc,
            toc_loose=loose,
            article_count=sum(1 for i in items if i["type"] == "article"),
            versions=self.version_rows,
            current_version=self.current_version,
            evaluations=evaluations,
            open_evaluation=next((e for e in evaluations if e.accepts_comments(now)), None),
            parent=self.get_parent(),
            **story_context(self),
        )
        return context

    @path("articles/", name="jump")
    def article_jump(self, request):
        """The no-JavaScript "jump to article N" form: redirect to the anchor."""
        ordinal = get_int(request, "n", maximum=100_000)
        if ordinal is None or not any(a["ordinal"] == ordinal for a in self.articles()):
            return redirect(self.get_url(request))
        return redirect(self.article_url(ordinal, request))

    @path("articles/<int:ordinal>/", name="article")
    def article_redirect(self, request, ordinal):
        """A permalink to 第N条 of the text in force."""
        if not any(a["ordinal"] == ordinal for a in self.articles()):
            raise Http404
        return redirect(self.article_url(ordinal, request))

    @re_path(r"^articles/(?P<key>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/$",
             name="article_key")  # fmt: skip
    def article_by_key(self, request, key):
        """A permalink that follows the article through amendments (its number may change):
        to its place in the text in force, or to the last version that had it."""
        current = next((a for a in self.articles() if a["key"] == key), None)
        if current is not None:
            return redirect(self.article_url(current["ordinal"], request))
        for number in range(len(self.version_rows), 0, -1):
            version = RegulationVersion.objects.get(pk=self.version_rows[number - 1].pk)
            found = next((a for a in version.articles() if a["key"] == key), None)
            if found is not None:
                anchor = article_anchor(found["ordinal"])
                return redirect(f"{self.version_url(number, request)}#{anchor}")
        raise Http404

    @re_path(r"^versions/(?P<number>[0-9]{1,6})/$", name="version")
    def version_view(self, request, number):
        """An earlier (or the current) version, read-only: what a citation of it means."""
        from ..views import version_view

        return version_view(request, self, int(number))
