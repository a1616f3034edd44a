"""The drafts index (草案征求意见): every draft, open ones first, filterable."""

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import get_supported_content_language_variant

from core.models import BasePage
from core.params import bounded_int, clean_str
from core.translation import as_read_in
from core.untranslated import with_untranslated

from .draft_page import RegulationDraftPage
from .status import FILTER_STATUSES, STATUS_LABELS, STATUS_OPEN, status_filter
from .topics import DraftTopic


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
        # A translated index lists the drafts not translated yet in Chinese (core.untranslated).
        return with_untranslated(RegulationDraftPage.objects.live().public(), self)

    def topics(self):
        """This language's topics; the zh-hans ones, which drafts shown in Chinese carry, while
        none is translated (the filter matches a topic in every language)."""
        topics = list(DraftTopic.objects.filter(locale_id=self.locale_id))
        if topics:
            return topics
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        return list(DraftTopic.objects.filter(locale__language_code=code))

    def filtered_drafts(self, params, now=None, drafts=None):
        now = now or timezone.now()
        qs = self.drafts() if drafts is None else drafts
        status = clean_str(params.get("status"), max_length=20)
        if status in FILTER_STATUSES:
            qs = qs.filter(status_filter(status, now))
        year = bounded_int(params.get("year"), minimum=1949, maximum=2100)
        if year is not None:
            qs = qs.filter(opens_at__year=year)
        topic = clean_str(params.get("topic"), max_length=100)
        if topic:
            # A draft shown in Chinese carries the zh-hans topics: match a topic in every
            # language by its translation key, not by one language's slug.
            same_topic = DraftTopic.objects.filter(slug=topic).values("translation_key")
            qs = qs.filter(topics__translation_key__in=same_topic)
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
        # The source index is looked up once for both the list and its years.
        all_drafts = self.drafts()
        drafts = list(self.filtered_drafts(params, drafts=all_drafts))
        # Each card's topics in this index's language, for all cards in one query.
        shown = iter(as_read_in([t for d in drafts for t in d.topics.all()], self.locale_id))
        for draft in drafts:
            draft.shown_topics = [next(shown) for _topic in draft.topics.all()]
        years = sorted(
            {d.year for d in all_drafts.dates("opens_at", "year", order="DESC")}, reverse=True
        )
        context.update(
            drafts=drafts,
            years=years,
            topics=self.topics(),
            statuses=[(key, STATUS_LABELS[key]) for key in FILTER_STATUSES],
            selected={
                k: clean_str(params.get(k), max_length=100) for k in ("status", "year", "topic")
            },
            filtered=any(params.get(k) for k in ("status", "year", "topic")),
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import DraftFeed

        return DraftFeed(self)(request)
