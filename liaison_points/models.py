"""Liaison points (基层立法联系点): the network index with its map, and one page per point.

A point's events (``events.EventNoticePage``) and news (``PointNewsPage``) live *under* the point
page, so that one ``GroupPagePermission`` on the point gives its staff exactly that subtree
(see ``staff.py``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable
from wagtail.search import index

from core.models import BasePage, parent_page_ids
from core.plugins import EVENT_PAGE, page_models_for, page_types_for, point_figures
from core.untranslated import with_untranslated

from . import mapping

POINT_TYPES = [
    ("community", _("社区")),
    ("subdistrict", _("街道")),
    ("township", _("乡镇")),
    ("village", _("村")),
    ("enterprise", _("企业")),
    ("university", _("高校")),
    ("association", _("行业协会")),
    ("agency", _("机关")),
]

TEAM_ROLES = [
    ("liaison", _("联络员")),
    ("informant", _("信息员")),
    ("expert", _("专家")),
    ("deputy", _("人大代表")),
]

COORDINATE_VALIDATORS = {
    "latitude": [MinValueValidator(-90), MaxValueValidator(90)],
    "longitude": [MinValueValidator(-180), MaxValueValidator(180)],
}


def _events_installed() -> bool:
    return bool(page_types_for(EVENT_PAGE))


def _point_subpage_types() -> list[str]:
    # A point's events, when a plugin provides them (declared in its AppConfig), then its news.
    return [*page_types_for(EVENT_PAGE), "liaison_points.PointNewsPage"]


class LiaisonPointIndexPage(BasePage):
    """联系点: every point on a map and in a list, with network-wide figures."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link", "ol", "ul"])
    map_south = models.FloatField(
        _("地图南边界（纬度）"), null=True, blank=True, validators=COORDINATE_VALIDATORS["latitude"]
    )
    map_west = models.FloatField(
        _("地图西边界（经度）"),
        null=True,
        blank=True,
        validators=COORDINATE_VALIDATORS["longitude"],
    )
    map_north = models.FloatField(
        _("地图北边界（纬度）"), null=True, blank=True, validators=COORDINATE_VALIDATORS["latitude"]
    )
    map_east = models.FloatField(
        _("地图东边界（经度）"),
        null=True,
        blank=True,
        validators=COORDINATE_VALIDATORS["longitude"],
    )
    map_outline = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("地图轮廓（GeoJSON）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空则使用随系统提供的示范城市轮廓。"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("map_outline"),
                FieldRowPanel([FieldPanel("map_north"), FieldPanel("map_south")]),
                FieldRowPanel([FieldPanel("map_west"), FieldPanel("map_east")]),
            ],
            heading=_("地图"),
            help_text=_("边界留空时按轮廓和各联系点坐标自动计算。"),
        ),
    ]
    subpage_types = ["liaison_points.LiaisonPointPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("联系点列表")

    def points(self):
        # A translated index lists the points not translated yet in Chinese (core.untranslated).
        return (
            with_untranslated(LiaisonPointPage.objects.live().public(), self)
            .prefetch_related("collection_sites")
            .order_by("district", "path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_points = list(self.points())
        point_type = request.GET.get("type", "")
        district = request.GET.get("district", "")
        valid_types = dict(POINT_TYPES)
        if point_type not in valid_types:
            point_type = ""
        districts = sorted({p.district for p in all_points if p.district})
        if district not in districts:
            district = ""
        shown = [
            p
            for p in all_points
            if (not point_type or p.point_type == point_type)
            and (not district or p.district == district)
        ]
        context.update(
            points=shown,
            point_types=POINT_TYPES,
            districts=districts,
            selected_type=point_type,
            selected_district=district,
            filtered=bool(point_type or district),
            network=self.network_figures(all_points),
            map=mapping.build_map(self, shown),
        )
        return context

    @staticmethod
    def network_figures(points) -> dict:
        collected = adopted = 0
        for point in points:
            for row in point_figures(point):
                collected += row.get("collected", 0)
                adopted += row.get("adopted", 0)
        return {
            "points": len(points),
            "sites": sum(len(p.collection_sites.all()) for p in points),
            "collected": collected,
            "adopted": adopted,
        }


class LiaisonPointPage(BasePage):
    """One liaison point: where it is, when it receives people, who runs it, what it collected."""

    point_type = models.CharField(_("类型"), max_length=20, choices=POINT_TYPES)
    district = models.CharField(_("所在区县"), max_length=50)
    address = models.CharField(_("地址"), max_length=255)
    latitude = models.FloatField(
        _("纬度"), null=True, blank=True, validators=COORDINATE_VALIDATORS["latitude"]
    )
    longitude = models.FloatField(
        _("经度"), null=True, blank=True, validators=COORDINATE_VALIDATORS["longitude"]
    )
    opening_hours = models.CharField(
        _("开放时间"), max_length=255, blank=True, help_text=_("例如：周一至周五 9:00–17:00")
    )
    reception_days = models.CharField(
        _("代表接待日"), max_length=255, blank=True, help_text=_("例如：每月6日代表接待日")
    )
    phone = models.CharField(
        _("办公电话"), max_length=50, blank=True, help_text=_("联系点的办公电话，不填个人手机。")
    )
    specialty = models.CharField(
        _("一点一特色"), max_length=255, blank=True, help_text=_("本联系点的特色工作方向。")
    )
    intro = RichTextField(_("简介"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("point_type"),
                FieldPanel("district"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("位置"),
        ),
        MultiFieldPanel(
            [FieldPanel("opening_hours"), FieldPanel("reception_days"), FieldPanel("phone")],
            heading=_("接待"),
        ),
        FieldPanel("specialty"),
        FieldPanel("intro"),
        InlinePanel("team_members", label=_("工作团队")),
        InlinePanel("collection_sites", label=_("信息采集点")),
        InlinePanel("community_grids", label=_("社区网格")),
        InlinePanel("gallery_images", label=_("图片")),
    ]
    parent_page_types = ["liaison_points.LiaisonPointIndexPage"]
    # Events only when the events plugin is installed (app configs are ready at model import).
    subpage_types = _point_subpage_types()
    search_kind = "point"
    search_fields = BasePage.search_fields + [
        index.SearchField("address"),
        index.SearchField("specialty"),
        index.SearchField("intro"),
        index.SearchField("district"),
        index.FilterField("point_type"),
        index.FilterField("district"),
    ]
    api_fields = [
        APIField("point_type"),
        APIField("district"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("opening_hours"),
        APIField("reception_days"),
        APIField("phone"),
        APIField("specialty"),
        APIField("intro"),
        APIField("team_members"),
        APIField("collection_sites"),
    ]

    class Meta:
        verbose_name = _("联系点")

    def search_point_ids(self) -> list[int]:
        return [self.pk]

    @classmethod
    def search_point_ids_for(cls, page_ids: list[int]) -> dict[int, list[int]]:
        return {page_id: [page_id] for page_id in page_ids}

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @cached_property
    def figures(self) -> list[dict]:
        return point_figures(self)

    def figure_totals(self) -> dict:
        rows = self.figures
        return {
            "collected": sum(r.get("collected", 0) for r in rows),
            "adopted": sum(r.get("adopted", 0) for r in rows),
        }

    def upcoming_events(self, limit=5):
        if not _events_installed():
            return []
        event_model = page_models_for(EVENT_PAGE)[0]

        def upcoming(point):
            return list(
                event_model.objects.child_of(point)
                .live()
                .public()
                .filter(end__gte=timezone.now())
                .order_by("start")[:limit]
            )

        events = upcoming(self)
        if not events and self.locale_id != Locale.get_default().pk:
            # Notices are written in Chinese; an untranslated point shows the original ones.
            original = self.get_translation_or_none(Locale.get_default())
            if original is not None:
                events = upcoming(original)
        return events

    def news(self, limit=5):
        return list(
            PointNewsPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            team=list(self.team_members.select_related("photo")),
            sites=list(self.collection_sites.all()),
            gallery=list(self.gallery_images.select_related("image")),
            upcoming=self.upcoming_events(),
            news=self.news(),
            figures=self.figures,
            totals=self.figure_totals(),
            calendar_url=_point_calendar_url(self),
        )
        return context


def _point_calendar_url(point) -> str:
    if not _events_installed():
        return ""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("events_ical_point", args=[point.pk])
    except NoReverseMatch:
        return ""


class TeamMember(Orderable):
    """联络员, 信息员, experts. Never a private phone number: the point's office phone is public."""

    point = ParentalKey(LiaisonPointPage, related_name="team_members", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("角色"), max_length=20, choices=TEAM_ROLES)
    title = models.CharField(_("职务/专业"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("title"), FieldPanel("photo")]
    api_fields = [APIField("name"), APIField("role"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("团队成员")


class CollectionSite(Orderable):
    """信息采集点: a place under the point where residents' opinions are collected."""

    point = ParentalKey(LiaisonPointPage, related_name="collection_sites", on_delete=models.CASCADE)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=255)

    panels = [FieldPanel("name"), FieldPanel("address")]
    api_fields = [APIField("name"), APIField("address")]

    class Meta(Orderable.Meta):
        verbose_name = _("信息采集点")

    def __str__(self):
        return self.name


class CommunityGrid(Orderable):
    """网格: a community grid under the point whose 网格员 spread its cards and questionnaires.
    Only a name: the grid worker's own details stay in the grid system, not here."""

    point = ParentalKey(LiaisonPointPage, related_name="community_grids", on_delete=models.CASCADE)
    name = models.CharField(_("网格名称"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("社区网格")

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    """What a collection code (or an offline sheet) stands for: who handed the card out."""

    POINT = "point", _("联系点")
    SITE = "site", _("信息采集点")
    GRID = "grid", _("社区网格")
    DEPUTY = "deputy", _("人大代表")
    CAMPAIGN = "campaign", _("专项活动")


class CollectionCode(models.Model):
    """征集码: a short code and QR code a point prints, leading to one draft (or one article of
    it) and crediting the opinions sent through it to the point and the source it stands for.

    The target is any commentable page (``core.interfaces.as_commentable``), referred to by the
    generic page table: this plugin knows nothing of the drafts' models."""

    code = models.CharField(_("征集码"), max_length=8, unique=True, editable=False)
    point = models.ForeignKey(
        LiaisonPointPage,
        verbose_name=_("联系点"),
        on_delete=models.CASCADE,
        related_name="collection_codes",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    article_key = models.CharField(_("条文标识"), max_length=64, blank=True)
    article_label = models.CharField(_("条文"), max_length=100, blank=True)
    kind = models.CharField(
        _("来源类型"), max_length=10, choices=SourceKind.choices, default=SourceKind.POINT
    )
    site = models.ForeignKey(
        CollectionSite,
        verbose_name=_("信息采集点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grid = models.ForeignKey(
        CommunityGrid,
        verbose_name=_("社区网格"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A deputy's public name or a campaign's name; nothing else about a person.
    label = models.CharField(_("代表姓名/活动名称"), max_length=100, blank=True)
    # The source's name when the code was made: a site renamed or removed later still reads.
    source_label = models.CharField(_("来源"), max_length=200, blank=True, editable=False)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("征集码")
        verbose_name_plural = _("征集码")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["point", "page"], name="lp_code_point_page")]

    def __str__(self):
        return self.code

    def describe_source(self) -> str:
        if self.kind == SourceKind.SITE and self.site_id:
            return self.site.name
        if self.kind == SourceKind.GRID and self.grid_id:
            return self.grid.name
        if self.kind in (SourceKind.DEPUTY, SourceKind.CAMPAIGN) and self.label:
            return self.label
        return self.source_label or self.point.title


class PointGalleryImage(Orderable):
    point = ParentalKey(LiaisonPointPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "core.CustomImage", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("图片说明"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("图片")


class PointNewsPage(BasePage):
    """工作动态: a short news item posted by the point's own staff."""

    date = models.DateField(_("日期"), default=timezone.localdate)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = RichTextField(_("正文"), features=["bold", "italic", "link", "ol", "ul", "image"])

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["liaison_points.LiaisonPointPage"]
    subpage_types: list[str] = []
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [APIField("date"), APIField("summary"), APIField("body")]

    class Meta:
        verbose_name = _("联系点动态")

    def search_point_ids(self) -> list[int]:
        parent = self.get_parent()
        return [parent.pk] if parent else []

    @classmethod
    def search_point_ids_for(cls, page_ids: list[int]) -> dict[int, list[int]]:
        # The point is the parent: one query for every hit, not get_parent() each.
        return {page_id: [point_id] for page_id, point_id in parent_page_ids(page_ids).items()}


class PointStaff(models.Model):
    """Which group and which media collection belong to a point (all its translations)."""

    translation_key = models.UUIDField(unique=True)
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("工作人员组"), on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("图片和文档集合"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("联系点工作人员组")
        verbose_name_plural = _("联系点工作人员组")

    def __str__(self):
        return self.group.name
