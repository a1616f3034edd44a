"""What a draft page lists beside its text: attachments, liaison points and 普法 articles.

Points and articles are plain page links, so the drafts plugin works without the plugins that
provide them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable


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
