"""The demo plans from ``plans/demo_data/plans.toml``: the 立法计划 index, the 2027 annual plan
open for comment item by item (one item linked to the open demo draft, found by page role), and
an open call for project proposals; each with an English translation."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from, ensure_child, ensure_translation, publish
from core.plugins import DRAFT_PAGE, REGULATION_PAGE, page_models_for

from .models import LegislativePlanPage, PlanIndexPage, PlanItem, ProjectProposalPage
from .roles import grant_plan_editors

DATA = DemoData(__file__)


def _by_role(role: str, locale, **lookup):
    """A live page playing ``role`` (None when no installed plugin provides the role)."""
    models = page_models_for(role)
    if not models:
        return None
    return Page.objects.live().type(*models).filter(locale=locale, **lookup).first()


def _items(spec_items: list[dict], locale) -> list[PlanItem]:
    items = []
    for order, spec in enumerate(spec_items):
        draft = _by_role(DRAFT_PAGE, locale, slug=spec["draft"]) if "draft" in spec else None
        regulation = (
            _by_role(REGULATION_PAGE, locale, title=spec["regulation"])
            if "regulation" in spec
            else None
        )
        items.append(
            PlanItem(
                title=spec["title"],
                action=spec["action"],
                drafting_body=spec.get("drafting_body", ""),
                category=spec["category"],
                stage=spec["stage"],
                note=spec.get("note", ""),
                draft=draft,
                regulation=regulation,
                sort_order=order,
            )
        )
    return items


def load_plans_demo(demo):
    data = DATA.toml("plans.toml")
    now = timezone.now()
    index_spec, plan_spec, call_spec = data["index"], data["plan"], data["call"]
    index = ensure_child(
        demo.home,
        PlanIndexPage,
        index_spec["slug"],
        title=index_spec["title"],
        intro=index_spec["intro"],
        show_in_menus=True,
    )
    # The migration ran before the index existed: 草案编辑 get their rights on it here.
    grant_plan_editors(index)
    plan = ensure_child(
        index,
        LegislativePlanPage,
        plan_spec["slug"],
        title=plan_spec["title"],
        year=plan_spec["year"],
        drafting_body=plan_spec["drafting_body"],
        intro=plan_spec["intro"],
        opens_at=days_from(now, plan_spec["opens_at"]),
        closes_at=days_from(now, plan_spec["closes_at"]),
        reply_deadline=days_from(now.date(), plan_spec["reply_deadline"]),
        items=_items(data["item"], index.locale),
    )
    call = ensure_child(
        index,
        ProjectProposalPage,
        call_spec["slug"],
        title=call_spec["title"],
        intro=call_spec["intro"],
        opens_at=days_from(now, call_spec["opens_at"]),
        closes_at=days_from(now, call_spec["closes_at"]),
        reply_deadline=days_from(now.date(), call_spec["reply_deadline"]),
    )
    if "en" in demo.homes:
        ensure_translation(index, "en", **index_spec["en"])
        _translate_plan(plan, plan_spec["en"], data["item"])
        ensure_translation(call, "en", **call_spec["en"])
    demo.show("Plan", plan, f"({len(data['item'])} items open for comment)")
    demo.log(f"plans: {plan.title}, {len(data['item'])} items; {call.title}")


def _translate_plan(plan, fields: dict, spec_items: list[dict]) -> None:
    """The English plan: its items keep their keys (an opinion in either language is on the
    same item) and take their English titles and drafting bodies."""
    if plan.get_translation_or_none(_locale("en")) is not None:
        return
    translation = ensure_translation(plan, "en", **fields)
    items = list(translation.items.all())
    for item, spec in zip(items, spec_items, strict=True):
        item.title = spec.get("title_en", item.title)
        item.drafting_body = spec.get("drafting_body_en", item.drafting_body)
    translation.items = items
    publish(translation)


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)
