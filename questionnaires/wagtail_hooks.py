from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from core import cache_params
from core.plugins import (
    ARTICLE_FINDINGS_HOOK,
    DEMO_CONTENT_HOOK,
    HOME_SECTIONS_HOOK,
    PAGE_CACHE_PARAMS_HOOK,
    SOURCE_LANDING_URL_HOOK,
    HomeSection,
)

from . import admin_views
from .findings import findings_for
from .models import QuestionnaireIndexPage, QuestionnairePage, Reply, source_page
from .roles import grant_questionnaire_editors


@hooks.register("register_admin_urls")
def questionnaires_admin_urls():
    return [
        path("questionnaires/", admin_views.results_index, name="questionnaires_index"),
        path(
            "questionnaires/<int:page_id>/results/",
            admin_views.results,
            name="questionnaires_results",
        ),
        path(
            "questionnaires/<int:page_id>/crosstab/",
            admin_views.crosstab_view,
            name="questionnaires_crosstab",
        ),
        path(
            "questionnaires/<int:page_id>/text/<str:question_id>/",
            admin_views.text_answers_view,
            name="questionnaires_text_answers",
        ),
        path(
            "questionnaires/<int:page_id>/export.xlsx",
            admin_views.export_xlsx,
            name="questionnaires_export_xlsx",
        ),
        path(
            "questionnaires/<int:page_id>/export.csv",
            admin_views.export_csv,
            name="questionnaires_export_csv",
        ),
    ]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_results(request.user)


@hooks.register("register_admin_menu_item")
def results_menu_item():
    return ResultsMenuItem(
        _("问卷结果"), reverse("questionnaires_index"), icon_name="list-ul", order=350
    )


@hooks.register("register_permissions")
def results_permission():
    # So that the office can give the right to a group in the admin's group editor.
    return Permission.objects.filter(
        content_type__app_label=Reply._meta.app_label, codename="view_questionnaire_results"
    )


@hooks.register("register_page_header_buttons")
def results_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, QuestionnairePage):
        return []
    if not admin_views.can_view_results(user):
        return []
    return [
        Button(
            _("问卷结果"),
            reverse("questionnaires_results", args=[page.pk]),
            icon_name="list-ul",
            priority=90,
        )
    ]


@hooks.register(DEMO_CONTENT_HOOK, order=25)
def questionnaires_demo(demo):
    from .demo import load_questionnaires_demo

    load_questionnaires_demo(demo)


@hooks.register("after_create_page")
def questionnaire_index_gets_its_editors(request, page):
    """问卷编辑 build questionnaires under every 问卷调查 index, including one made after the
    migration (roles.py)."""
    if isinstance(page.specific, QuestionnaireIndexPage):
        grant_questionnaire_editors(page)


@hooks.register("before_delete_page")
def keep_questionnaires_with_replies(request, page):
    """Deleting a questionnaire would delete its replies with it (and every count): page rights
    let an editor delete what they may change, so a questionnaire that has replies is only
    unpublished, except by a superuser (who can delete a test run)."""
    if request.user.is_superuser or not isinstance(page.specific, QuestionnairePage):
        return None
    if not Reply.objects.filter(page=source_page(page)).exists():
        return None
    messages.error(
        request,
        _("这份问卷已经收到答卷，不能删除；不再需要时请取消发布。"),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register(HOME_SECTIONS_HOOK, order=25)
def questionnaires_home_section(request, page):
    """The questionnaires open now, in the home page's language (newest first, three at most)."""
    now = timezone.now()
    questionnaires = list(
        QuestionnairePage.objects.live()
        .public()
        .filter(locale=page.locale)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gte=now))
        .defer_streamfields()
        .order_by("-first_published_at")[:3]
    )
    if not questionnaires:
        return None
    return HomeSection(
        template_name="questionnaires/home_section.html",
        title=_("问卷调查"),
        context={"questionnaires": questionnaires},
    )


@hooks.register(PAGE_CACHE_PARAMS_HOOK)
def page_cache_params():
    """A point's QR card links to a questionnaire with ``?point=<id>``, a collection code with
    ``?source=<signed token>`` (the page itself is never cached: it carries a CSRF token and this
    browser's reply state; the token is per code, so it is LIVE, never a cache key)."""
    return {"point": cache_params.number(maximum=10**9), "source": cache_params.LIVE}


@hooks.register(SOURCE_LANDING_URL_HOOK)
def questionnaire_landing_url(page, article_key, source_token):
    """A collection code for a questionnaire leads to the questionnaire itself, the source
    token in its link (views.credit_for); "" for any other page."""
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, QuestionnairePage):
        return ""
    url = page.url or ""
    if not url or not source_token:
        return url
    return f"{url}?{urlencode({'source': source_token})}"


# A published result beside the article it asks about, on the draft's pages.
hooks.register(ARTICLE_FINDINGS_HOOK, findings_for)
