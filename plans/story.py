"""A plan's part in the life of a regulation (``core.plugins.LIFE_STORY_HOOK``): "列入2027年度
立法计划", dated the day the plan opened for comment (or was first published), linking to the
item, and tying together the draft the item became and the regulation it amends.

The plan page itself is not among the pages an event ties in: a plan lists many regulations, and
following it would pour every other item's story into this one. Asked about the plan page, the
hook answers for all its items (the plan's story is its items')."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext

from core.plugins import StoryEvent

from .items import PlanItem, item_anchor

__all__ = ["plan_story"]


def _date(plan):
    when = plan.opens_at or plan.first_published_at
    return timezone.localdate(when) if when else None


def plan_story(page_ids: frozenset[int]) -> list[StoryEvent]:
    """Two queries: the items naming any of these pages (with their plans), then every item of
    those plans for the items' numbers."""
    if not page_ids:
        return []
    items = list(
        PlanItem.objects.filter(
            Q(page_id__in=page_ids) | Q(draft_id__in=page_ids) | Q(regulation_id__in=page_ids),
            page__live=True,
        )
        .select_related("page", "page__locale")
        .defer("page__intro")
    )
    if not items:
        return []
    plan_ids = {item.page_id for item in items}
    numbers: dict[int, int] = {}
    counter: dict[int, int] = {}
    rows = PlanItem.objects.filter(page_id__in=plan_ids).values_list("pk", "page_id", "sort_order")
    # Numbered as the page numbers them (items.item_order), whatever the engine does with NULLs.
    for pk, plan_id, _sort in sorted(rows, key=lambda r: (r[2] is None, r[2] or 0, r[0])):
        counter[plan_id] = counter.get(plan_id, 0) + 1
        numbers[pk] = counter[plan_id]
    # A plan and its translation list the same items (same keys): tell the story once, in the
    # reader's language when the plan has it.
    active = get_language()
    chosen: dict[tuple, PlanItem] = {}
    for item in items:
        same = (item.page.translation_key, item.key)
        if same not in chosen or item.page.locale.language_code == active:
            chosen[same] = item
    events = []
    for item in chosen.values():
        plan = item.page
        date = _date(plan)
        if date is None:
            continue
        url = plan.get_url() or ""
        number = numbers.get(item.pk, 0)
        events.append(
            StoryEvent(
                date=date,
                stage="plan",
                title=gettext("列入%(plan)s") % {"plan": plan.title},
                detail=item.label(number),
                url=f"{url}#{item_anchor(number)}" if url else "",
                page_ids=frozenset(pk for pk in (item.draft_id, item.regulation_id) if pk),
            )
        )
    return events
