from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.plugins import home_sections
from core.routing import route_below


class HomePage(BasePage):
    """The site's front page. Its sections below the welcome text come from the plugins."""

    intro = models.CharField(_("导语"), max_length=255, blank=True)
    body = RichTextField(_("正文"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(request, self)
        return context

    def route(self, request, path_components):
        # The site's root routes every URL below it: in two queries where it can (core/routing).
        found = route_below(self, request, path_components)
        return found if found is not None else super().route(request, path_components)


class StandardPage(BasePage):
    """关于我们, 隐私政策, 使用帮助 and any other plain content page."""

    introduction = models.CharField(_("摘要"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("introduction"), APIField("body")]

    class Meta:
        verbose_name = _("普通页面")
