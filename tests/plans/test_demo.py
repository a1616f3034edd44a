"""The demo plan: 2027, open for comment, about eight items of every action, one linked to the
demo's open draft; and an open call for proposals."""

from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, page_models_for
from plans.models import LegislativePlanPage, ProjectProposalPage


def test_the_demo_plan_is_open_with_items_of_every_action(demo_site):
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    assert plan.year == 2027 and plan.accepts_comments()
    items = list(plan.items.all())
    assert 6 <= len(items) <= 10
    assert {i.action for i in items} == {"make", "amend", "repeal"}
    assert sum(i.action == "repeal" for i in items) == 1
    linked = [i for i in items if i.draft_id]
    if page_models_for(DRAFT_PAGE):
        assert len(linked) == 1
        assert as_commentable(linked[0].draft).accepts_comments()  # the open draft


def test_the_english_plan_keeps_the_item_keys(demo_site):
    zh = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    en = LegislativePlanPage.objects.get(locale__language_code="en")
    assert [i.key for i in en.items.all()] == [i.key for i in zh.items.all()]
    assert en.items.all()[0].title != zh.items.all()[0].title


def test_the_demo_call_is_open(demo_site):
    call = ProjectProposalPage.objects.get(locale__language_code="zh-hans")
    assert call.accepts_comments()


def test_the_demo_items_name_the_regulations_in_force(demo_site):
    """The plan loads after the regulations it amends: the 供热条例 item links to the regulation in
    force, and that regulation's life story tells the plan's step (列入…2027年度立法计划)."""
    from core.plugins import REGULATION_PAGE, life_story

    if not page_models_for(REGULATION_PAGE):
        return
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    heating = plan.items.get(title="滨州市供热条例")
    assert heating.regulation_id is not None
    stages = [event.stage for event in life_story(heating.regulation)]
    assert "plan" in stages
