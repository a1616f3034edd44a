from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.plugins import DEMO_CONTENT_HOOK, SEARCH_SOURCES_HOOK, SearchSource

from . import admin_urls
from .demo import load_drafts_demo
from .models import PublishedArticle


@hooks.register(DEMO_CONTENT_HOOK, order=10)
def drafts_demo(demo):
    load_drafts_demo(demo)


def _published_articles():
    return PublishedArticle.objects.filter(page__live=True).select_related("page")


def _article_result(article: PublishedArticle) -> dict:
    page = article.page
    return {
        "title": f"《{page.title}》{article.number}",
        "url": article.url,
        "text": article.text,
        "date": page.last_published_at.date() if page.last_published_at else None,
        "point_ids": page.search_point_ids(),
    }


@hooks.register(SEARCH_SOURCES_HOOK)
def draft_articles_search_source():
    return SearchSource(
        kind="article",
        label=_("条文"),
        model=PublishedArticle,
        queryset=_published_articles,
        to_result=_article_result,
    )


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("drafts/", include((admin_urls, "drafts_admin"), namespace="drafts_admin"))]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return MenuItem(
        _("导入法规草案"), reverse("drafts_admin:import"), icon_name="upload", order=250
    )
