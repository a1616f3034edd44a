"""The plan's step in the life story of a regulation (core.plugins.life_story): an item naming a
draft puts "列入<plan>" in that draft's story, linking to the item, in two queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.plugins import DRAFT_PAGE, life_story, page_models_for
from plans.models import LegislativePlanPage
from plans.story import plan_story

from .conftest import make_plan, publish


def _a_draft():
    models = page_models_for(DRAFT_PAGE)
    if not models:
        pytest.skip("no plugin provides drafts")
    return models[0].objects.live().filter(locale__language_code="zh-hans").first()


def test_a_draft_in_a_plan_tells_it(plan_index):
    draft = _a_draft()
    plan = make_plan(plan_index, n_items=4, title="2030年度立法计划")
    item = plan.items.all()[2]
    item.draft = draft
    item.save()
    events = [e for e in life_story(draft) if e.url.startswith(plan.url)]
    assert len(events) == 1
    event = events[0]
    assert event.stage == "plan" and event.title == "列入2030年度立法计划"
    assert event.url == f"{plan.url}#item-3"
    assert event.date == timezone.localdate(plan.opens_at)
    assert event.detail.startswith("第3项")
    assert draft.pk in event.page_ids and plan.pk not in event.page_ids


def test_the_story_page_of_the_draft_shows_the_plan(client, plan_index):
    draft = _a_draft()
    plan = make_plan(plan_index, n_items=2, title="2031年度立法计划")
    item = plan.items.all()[0]
    item.draft = draft
    item.save()
    html = client.get(reverse("life_story", args=[draft.pk])).content.decode()
    assert "列入2031年度立法计划" in html and f'href="{plan.url}#item-1"' in html


def test_an_unpublished_plan_tells_nothing(plan_index):
    draft = _a_draft()
    plan = make_plan(plan_index, n_items=1)
    item = plan.items.all()[0]
    item.draft = draft
    item.save()
    url = plan.url
    plan.unpublish()
    assert not [e for e in plan_story(frozenset({draft.pk})) if e.url.startswith(url)]


def test_two_queries_whatever_the_number_of_items(plan_index):
    draft = _a_draft()
    small = make_plan(plan_index, n_items=2)
    big = make_plan(plan_index, n_items=30)
    for plan in (small, big):
        for item in plan.items.all():
            item.draft = draft
            item.save()
    plan_story(frozenset({draft.pk}))  # site root paths cached for get_url
    with CaptureQueriesContext(connection) as queries:
        events = plan_story(frozenset({draft.pk}))
    assert len([e for e in events if e.url.startswith(big.url)]) == 30
    assert len(queries) <= 2, [q["sql"] for q in queries.captured_queries]


def test_the_demo_plan_and_its_translation_tell_the_story_once(demo_site):
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    item = next(i for i in plan.items.all() if i.draft_id)
    events = [e for e in plan_story(frozenset({item.draft_id})) if e.stage == "plan"]
    assert len(events) == 1 and events[0].url.startswith(plan.url)


def test_publish_helper_keeps_items(plan):
    assert publish(plan).items.count() == 3


def test_a_story_id_too_big_for_the_id_column_is_not_found(client, demo_site):
    assert client.get("/licheng/999999999999999999999999/").status_code == 404
    assert client.get("/licheng/0/").status_code == 404


def test_items_without_a_sort_order_are_numbered_alike_on_the_page_and_in_the_story(plan_index):
    draft = _a_draft()
    plan = make_plan(plan_index, n_items=5, sort_order=False)
    rows = LegislativePlanPage.objects.get(pk=plan.pk).item_rows
    assert [item.title for item in rows] == [f"滨州市测试条例{n}" for n in range(1, 6)]
    rows[3].draft = draft
    rows[3].save()
    events = [e for e in plan_story(frozenset({draft.pk})) if e.url.startswith(plan.url)]
    assert [e.url for e in events] == [f"{plan.url}#item-4"]
    assert events[0].detail.startswith("第4项 《滨州市测试条例4》")
