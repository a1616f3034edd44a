from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from core import cache_params
from core.plugins import (
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    HomeSection,
)

from .models import Audience, LawEducationArticlePage, LawEducationIndexPage, LawTopic, Series
from .workflow import ensure_review_workflow


class ReviewStepColumn(Column):
    """The workflow step an article is waiting for (初审 / 法律审核), or its plain status."""

    def get_value(self, instance):
        task = instance.current_workflow_task
        if task is not None:
            return _("待%(task)s") % {"task": task.name}
        return instance.status_string


def can_work_on_articles(user) -> bool:
    """Whether ``user`` may add, edit or publish any 普法 page: the office's other roles (opinions,
    drafts, personal data) and point staff have no business in this menu."""
    actions = {"add", "change", "publish"}
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, actions)
    return pages.type(LawEducationIndexPage, LawEducationArticlePage).exists()


class ArticlesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_work_on_articles(request.user)


class ArticleListingViewSet(PageListingViewSet):
    model = LawEducationArticlePage
    icon = "doc-full-inverse"
    menu_label = _("普法文章")
    name = "law_education_articles"
    # Wagtail shows a page listing's menu item to everyone with admin access.
    menu_item_class = ArticlesMenuItem
    columns = [
        *PageListingViewSet.columns,
        ReviewStepColumn("review_step", label=_("审核环节")),
        Column("topic", label=_("主题")),
        Column("reviewer", label=_("审核人")),
        DateColumn("go_live_at", label=_("定时发布")),
    ]


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class TopicViewSet(TaxonomyViewSet):
    model = LawTopic
    icon = "tag"


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "group"


class SeriesViewSet(TaxonomyViewSet):
    model = Series
    icon = "list-ol"


class LawEducationViewSetGroup(ViewSetGroup):
    menu_label = _("普法园地")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (ArticleListingViewSet, TopicViewSet, AudienceViewSet, SeriesViewSet)


@hooks.register("register_admin_viewset")
def register_law_education_viewsets():
    return LawEducationViewSetGroup()


@hooks.register("after_create_page")
def attach_review_workflow(request, page):
    if isinstance(page.specific, LawEducationIndexPage):
        ensure_review_workflow(page)


@hooks.register(DEMO_CONTENT_HOOK, order=60)
def law_education_demo(demo):
    # order 60: after the drafts demo, so that legal-text quotes can link to a demo draft.
    from .demo import load_law_education_demo

    load_law_education_demo(demo)


@hooks.register(HOME_SECTIONS_HOOK, order=40)
def law_education_home_section(request, page):
    index = (
        LawEducationIndexPage.objects.live().filter(locale_id=page.locale_id).first()
        if page is not None
        else None
    )
    if index is None:
        return None
    articles = list(index.articles()[:3])
    if not articles:
        return None
    return HomeSection(
        template_name="law_education/home_section.html",
        context={"index": index, "articles": articles},
        title=str(_("普法园地")),
    )


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """Listing filters, sort, pages and print view; quiz answers (?checked=…&q0=…) are scored live."""
    return {
        "topic": cache_params.slug,
        "audience": cache_params.slug,
        "series": cache_params.slug,
        "sort": cache_params.choices("popular", "newest"),
        "page": cache_params.number(maximum=10_000),
        "print": cache_params.choices("1"),
        "checked": cache_params.LIVE,
    }
