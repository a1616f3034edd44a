from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from core.plugins import DEMO_CONTENT_HOOK, HOME_SECTIONS_HOOK, LIFE_STORY_HOOK, HomeSection

from .models import PlanIndexPage
from .roles import grant_plan_editors
from .story import plan_story

# "列入2027年度立法计划" in the life story of the drafts and regulations a plan's items name.
hooks.register(LIFE_STORY_HOOK, plan_story)


@hooks.register("after_create_page")
def plan_index_gets_its_editors(request, page):
    """草案编辑 edit plans under every 立法计划 index, including one made after the migration."""
    if isinstance(page.specific, PlanIndexPage):
        grant_plan_editors(page)


@hooks.register(HOME_SECTIONS_HOOK)
def plans_home_section(request, page):
    """立法计划征求意见中: the plans and calls for proposals open now, in the home page's language.
    One query for both kinds (the home page's query budget is shared by every plugin)."""
    now = timezone.now()
    pages = list(
        Page.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .filter(
            Q(legislativeplanpage__opens_at__lte=now, legislativeplanpage__closes_at__gt=now)
            | Q(projectproposalpage__opens_at__lte=now, projectproposalpage__closes_at__gt=now)
        )
        .annotate(
            window_closes=Coalesce(
                "legislativeplanpage__closes_at", "projectproposalpage__closes_at"
            ),
            # A call collects proposals (建议征集截止), a plan opinions (征求意见截止).
            is_call=Q(projectproposalpage__isnull=False),
        )
        .order_by("path")[:4]
    )
    if not pages:
        return None
    return HomeSection(
        template_name="plans/home_section.html",
        title=_("立法计划征求意见中"),
        context={"pages": pages},
    )


@hooks.register(DEMO_CONTENT_HOOK, order=45)  # after the drafts and regulations its items name
def plans_demo(demo):
    from .demo import load_plans_demo

    load_plans_demo(demo)
