"""Models every plugin relies on: the custom User and Image, site-wide settings, the base page."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, Site


class CustomImage(AbstractImage):
    """Images carry a caption and a credit line, which news and 普法 photos are required to show."""

    caption = models.CharField(_("图片说明"), max_length=255, blank=True)
    credit = models.CharField(_("来源/摄影"), max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("图片")
        verbose_name_plural = _("图片")


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer shows; editors change it in 设置 → 站点信息 without a deploy."""

    @classmethod
    def for_request(cls, request):
        # Every public page reads these for its header and footer: kept in process until a
        # site, locale or settings save (core/published_memo.py; a publish cannot change them),
        # and each request gets its own copy, so nothing a request sets on it is shared.
        from .published_memo import remembered_for_site

        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        found = copy.copy(
            remembered_for_site(("site_settings", site.pk), lambda: cls.for_site(site))
        )
        found._request = request
        found._page_url_cache = {}  # a page's URL is content: it must not outlive a publish
        setattr(request, attr, found)
        return found

    site_name = models.CharField(_("网站名称"), max_length=100, default="立法连心桥")
    organisation = models.CharField(
        _("主办单位"), max_length=200, default="市人大常委会法制工作委员会"
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    icp_number = models.CharField(
        _("ICP备案号"), max_length=100, blank=True, help_text=_("例如：鲁ICP备12345678号-1")
    )
    icp_url = models.URLField(_("ICP备案链接"), blank=True, default="https://beian.miit.gov.cn/")
    police_number = models.CharField(
        _("公安备案号"),
        max_length=100,
        blank=True,
        help_text=_("例如：鲁公网安备 37160202000001号"),
    )
    police_url = models.URLField(_("公安备案链接"), blank=True)
    # Printed beside the office's name (主办单位) on 采纳证书 and 感谢信; without it they print unsealed.
    seal = models.ForeignKey(
        CustomImage,
        verbose_name=_("公章图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("采纳证书和感谢信上的印章，请上传透明背景的 PNG 图片。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("organisation")], heading=_("主办信息")
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("联系方式"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("icp_number"),
                FieldPanel("icp_url"),
                FieldPanel("police_number"),
                FieldPanel("police_url"),
            ],
            heading=_("备案信息"),
        ),
        MultiFieldPanel([FieldPanel("seal")], heading=_("证书与感谢信")),
    ]

    class Meta:
        verbose_name = _("站点信息")


def parent_page_ids(page_ids, parent_model=None) -> dict[int, int]:
    """``{page id: parent page id}`` for many pages in one query (the parent's path is the
    page's path without its last step); with ``parent_model``, only parents of that type."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Length, Substr

    parents = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    if parent_model is not None:
        parents = parents.filter(content_type=ContentType.objects.get_for_model(parent_model))
    rows = (
        Page.objects.filter(pk__in=page_ids)
        .annotate(parent_page_id=Subquery(parents.values("pk")[:1]))
        .values_list("pk", "parent_page_id")
    )
    return {pk: parent_id for pk, parent_id in rows if parent_id is not None}


class BasePage(Page):
    """Shared behaviour for every public page type: hreflang alternates in the sitemap, and the
    search facet the page belongs to."""

    # Facet key for the search plugin: "draft", "law_education", "event", "point" or "page".
    search_kind = "page"

    class Meta:
        abstract = True

    def search_point_ids(self) -> list[int]:
        """Liaison point page ids this page belongs to (for the search filter by point)."""
        return []

    @classmethod
    def search_point_ids_for(cls, page_ids: list[int]) -> dict[int, list[int]]:
        """``{page id: search_point_ids()}`` for many pages of this type: the search page asks
        for up to 300 hits at once. This default loads the pages with their inline children
        (one query per relation); a page type whose points come from elsewhere (its parent,
        one table) should override it with one or two queries for all of them."""
        from modelcluster.models import get_all_child_relations

        relations = [rel.get_accessor_name() for rel in get_all_child_relations(cls)]
        pages = cls._default_manager.defer_streamfields().prefetch_related(*relations)
        return {page.pk: page.search_point_ids() for page in pages.filter(pk__in=page_ids)}

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        translations = (
            self.get_translations(inclusive=True).live().public().select_related("locale")
        )
        alternates = [
            {"lang_code": t.locale.language_code, "location": t.get_full_url(request)}
            for t in translations
        ]
        if len(alternates) > 1:
            for url in urls:
                url["alternates"] = alternates
        return urls


class PersonalDataAccess(models.Model):
    """Audit log (PIPL): every view, list, export, download or erasure of personal data in clear —
    who, when, which records, what. Written by ``core.audit.log_access``; read-only for superusers
    in the admin (设置 › 个人信息访问记录); never edited."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        LIST = "list", _("列表")
        EXPORT = "export", _("导出")
        DOWNLOAD = "download", _("下载附件")
        ERASE = "erase", _("删除个人信息")
        WITHDRAW = "withdraw", _("提交人撤回")

    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        "users.User",
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("数据类型"), max_length=100)
    object_ids = models.JSONField(_("记录"), default=list)
    count = models.PositiveIntegerField(_("记录数"), default=0)
    path = models.CharField(_("地址"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at", "-id"]
        default_permissions = (
            "view",
        )  # the audit log is never added to, edited or deleted by hand

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.object_type}"


from .review import SeparateReviewerTask  # noqa: E402,F401  (a model: registered here)


class UsedToken(models.Model):
    """A one-time token spent: the preview of an import is confirmed once, even when the confirm
    button reaches the server three times at once (a session is read by each request before any
    of them writes it back; a unique row is not). See ``core.once.spend``."""

    token = models.CharField(max_length=100, unique=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("已使用的一次性令牌")
        verbose_name_plural = verbose_name

    def __str__(self):
        return self.token
