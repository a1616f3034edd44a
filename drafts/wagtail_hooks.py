from django.db.models import Prefetch
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import cache_params
from core.plugins import (
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    LINKED_POINTS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    SEARCH_SOURCES_HOOK,
    VERSION_COMPARE_URL_HOOK,
    HomeSection,
    SearchSource,
    opinion_counts,
)
from core.untranslated import in_language

from . import admin_urls, life_story  # noqa: F401 - life_story registers the draft's steps
from .demo import load_drafts_demo
from .models import (
    STATUS_OPEN,
    DraftIndexPage,
    PublishedArticle,
    RegulationDraftPage,
    related_point_ids,
    status_filter,
)
from .roles import grant_draft_editors


@hooks.register(DEMO_CONTENT_HOOK, order=10)
def drafts_demo(demo):
    load_drafts_demo(demo)


@hooks.register(DEMO_CONTENT_HOOK, order=11)
def draft_editors_demo(demo):
    """After the drafts demo: 草案编辑 edit the indexes it made (the migration ran before them)."""
    for index in DraftIndexPage.objects.all():
        grant_draft_editors(index)


@hooks.register(HOME_SECTIONS_HOOK)
def open_drafts_home_section(request, page):
    """What a resident comes for: the drafts open for opinions now, closing soonest first (in
    Chinese, marked as such, those not translated into the page's language yet)."""
    drafts = list(
        in_language(RegulationDraftPage.objects.live().public(), page.locale_id)
        .filter(status_filter(STATUS_OPEN, timezone.now()))
        .order_by("closes_at", "pk")
        # The card shows title, dates and counts: not the whole text and its explanations.
        .defer("body", "timeline", "explanation", "summary")
    )
    if not drafts:
        return None
    index = DraftIndexPage.objects.live().public().filter(locale_id=page.locale_id).first()
    rows = [{"page": draft, "opinions": sum(opinion_counts(draft).values())} for draft in drafts]
    return HomeSection(
        template_name="drafts/home_section.html",
        title=_("正在征求意见"),
        context={"drafts": rows, "index": index},
    )


@hooks.register("after_create_page")
def draft_index_gets_its_editors(request, page):
    if isinstance(page.specific, DraftIndexPage):
        grant_draft_editors(page)


def _published_articles():
    # Rows exist only for live drafts (drafts.signals keeps them in step on publish, unpublish
    # and delete), so no filter on page.live is needed (the search index could not apply one).
    # A search turns up to 300 articles into results: their drafts' related points come in one
    # query (to_attr: no queryset per draft), and the drafts' large fields (the whole text as
    # StreamField JSON) are not loaded.
    return (
        PublishedArticle.objects.select_related("page", "page__locale")
        .defer(*(f"page__{name}" for name in ("body", "timeline", "explanation", "summary")))
        .prefetch_related(Prefetch("page__related_points", to_attr="search_related_points"))
    )


def _article_result(article: PublishedArticle) -> dict:
    page = article.page
    related = getattr(page, "search_related_points", None)
    return {
        "title": f"《{page.title}》{article.number}",
        "url": article.url,
        "text": article.text,
        "date": page.last_published_at.date() if page.last_published_at else None,
        "point_ids": (
            [rel.point_id for rel in related if rel.point_id]
            if related is not None
            else page.search_point_ids()
        ),
        "locale": page.locale.language_code,
    }


def _article_results(ids) -> dict:
    """_article_result for many articles from two row queries (articles with their draft's
    title, date and language; the drafts' related points), without model instances; urls
    come from _article_urls for the few shown."""
    rows = PublishedArticle.objects.filter(pk__in=ids).values_list(
        "pk",
        "page_id",
        "number",
        "text",
        "page__title",
        "page__last_published_at",
        "page__locale__language_code",
    )
    rows = list(rows)
    points = related_point_ids({row[1] for row in rows})
    return {
        pk: {
            "title": f"《{title}》{number}",
            "text": text,
            "date": published.date() if published else None,
            "point_ids": points.get(page_id, []),
            "locale": language,
        }
        for pk, page_id, number, text, title, published, language in rows
    }


def _article_urls(ids) -> dict:
    articles = PublishedArticle.objects.filter(pk__in=ids).only("pk", "page_id", "ordinal")
    pages = RegulationDraftPage.objects.defer_streamfields().in_bulk(
        {article.page_id for article in articles}
    )
    return {
        article.pk: pages[article.page_id].article_url(article.ordinal)
        for article in articles
        if article.page_id in pages
    }


@hooks.register(SEARCH_SOURCES_HOOK)
def draft_articles_search_source():
    return SearchSource(
        kind="article",
        label=_("条文"),
        model=PublishedArticle,
        queryset=_published_articles,
        to_result=_article_result,
        results=_article_results,
        urls=_article_urls,
        for_page=lambda page: _published_articles().filter(page_id=page.pk),
    )


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("drafts/", include((admin_urls, "drafts_admin"), namespace="drafts_admin"))]


class ImportMenuItem(MenuItem):
    """Shown only to those who may add a draft or a version somewhere (point staff may not)."""

    def is_shown(self, request):
        from .admin_views import can_import

        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("导入法规草案"), reverse("drafts_admin:import"), icon_name="upload", order=250
    )


@hooks.register(LINKED_POINTS_HOOK)
def draft_linked_points(page):
    """The liaison points a draft names (相关立法联系点): they are told when it opens."""
    specific = getattr(page, "specific", page)
    if not isinstance(specific, RegulationDraftPage):
        return []
    return specific.search_point_ids()


@hooks.register(VERSION_COMPARE_URL_HOOK)
def draft_version_compare_url(request, page, from_version_id, to_version_id, article_key=""):
    """The version comparison (``versions/compare/``) between two versions, at the article's row
    (``compare.html`` gives each row the id ``change-<key>``)."""
    from urllib.parse import urlencode

    from .permalinks import subpage_url

    specific = getattr(page, "specific", page)
    if not isinstance(specific, RegulationDraftPage):
        return ""
    url = subpage_url(specific, specific.get_url(request), "compare")
    if not url:
        return ""
    query = {} if from_version_id is None else {"from": from_version_id}
    query["to"] = to_version_id
    if not article_key:
        return f"{url}?{urlencode(query)}"
    # With the unchanged articles too: an article may take up an opinion without its wording
    # changing, and its row must still be there for the link to land on.
    query["all"] = 1
    return f"{url}?{urlencode(query)}#change-{article_key}"


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """Index filters, version comparison (?from=&to=&all=1); the article jump only redirects."""
    from .models import FILTER_STATUSES

    return {
        "status": cache_params.choices(*FILTER_STATUSES),
        "year": cache_params.number(1949, 2100),
        "topic": cache_params.slug,
        "from": cache_params.number(maximum=10**9),
        "to": cache_params.number(maximum=10**9),
        "all": cache_params.choices("1"),
        "n": cache_params.LIVE,
    }
