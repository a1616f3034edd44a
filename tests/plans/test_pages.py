"""The plan pages as Wagtail pages: where they may be created, that they route and render, what
a reader sees (items as cards with anchors, the comment links), and the index's listing."""

from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from plans.models import LegislativePlanPage, PlanIndexPage, ProjectProposalPage

from .conftest import make_call, make_index, make_plan


class PlanPageTreeTests(WagtailPageTestCase):
    def test_where_each_page_may_live(self):
        self.assertAllowedParentPageTypes(PlanIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(LegislativePlanPage, {PlanIndexPage})
        self.assertAllowedParentPageTypes(ProjectProposalPage, {PlanIndexPage, LegislativePlanPage})
        self.assertAllowedSubpageTypes(LegislativePlanPage, {ProjectProposalPage})

    def test_pages_route_and_render(self):
        home = Site.objects.get(is_default_site=True).root_page.specific
        index = make_index(home)
        plan = make_plan(index)
        call = make_call(index)
        for page in (index, plan, call):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


def test_the_plan_shows_its_items_as_cards_with_anchors_and_comment_links(client, plan):
    html = client.get(plan.url).content.decode()
    assert "<table" not in html
    for number, item in enumerate(plan.items.all(), 1):
        assert f'id="item-{number}"' in html
        assert item.title in html
        assert f"/opinions/new/{plan.pk}/?article={item.key}" in html
    assert "第3项" in html and "废止" in html  # the third item's action (make, amend, repeal)
    assert f'href="/opinions/new/{plan.pk}/"' in html  # the plan as a whole


def test_a_closed_plan_is_read_but_offers_no_comment_link(client, plan_index):
    plan = make_plan(plan_index, opens=-20, closes=-2)
    html = client.get(plan.url).content.decode()
    assert "征求意见已于" in html
    assert "/opinions/new/" not in html


def test_the_index_lists_plans_newest_year_first_and_open_calls(client, plan_index):
    make_plan(plan_index, title="2026年度立法计划", year=2026, opens=-400, closes=-300)
    make_plan(plan_index, title="2027年度立法计划", year=2027)
    call = make_call(plan_index)
    html = client.get(plan_index.url).content.decode()
    assert html.index("2027年度立法计划") < html.index("2026年度立法计划")
    assert call.title in html


def test_the_english_plan_reads_in_english(client, demo_site):
    plan = LegislativePlanPage.objects.get(locale__language_code="en")
    html = client.get(plan.url).content.decode()
    assert "Comment on this item" in html and "Binzhou Dog Keeping Regulations" in html


def test_the_home_page_says_a_plan_is_open(client, home_page):
    html = client.get(home_page.url).content.decode()
    assert "立法计划征求意见中" in html


def test_an_item_with_a_draft_links_its_life_story(client, demo_site):
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    item = next(i for i in plan.items.all() if i.draft_id)
    html = client.get(plan.url).content.decode()
    assert reverse("life_story", args=[item.draft_id]) in html


def test_items_are_found_by_search_and_read_through_the_api(client, demo_site):
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    assert "养犬" in plan.items_text()
    results = LegislativePlanPage.objects.live().search("养犬管理条例")
    assert plan.pk in [page.pk for page in results]
    response = client.get(
        "/api/v2/pages/", {"type": "plans.LegislativePlanPage", "fields": "year,item_list"}
    )
    assert response.status_code == 200, response.content[:500]
    found = next(p for p in response.json()["items"] if p["id"] == plan.pk)
    assert found["year"] == 2027 and len(found["item_list"]) == 8
    assert found["item_list"][2]["key"] == str(plan.items.all()[2].key)


def test_the_item_key_survives_edits_and_reordering(plan):
    keys = [item.key for item in plan.items.all()]
    revision = plan.save_revision()
    revision.publish()
    plan = LegislativePlanPage.objects.get(pk=plan.pk)
    items = list(plan.items.all())
    items[0].title = "改过名的条例"
    reordered = [items[2], items[0], items[1]]
    for order, item in enumerate(reordered):
        item.sort_order = order  # what the editor's drag and drop does
    plan.items = reordered
    plan.save_revision().publish()
    plan = LegislativePlanPage.objects.get(pk=plan.pk)
    assert [item.key for item in plan.items.all()] == [keys[2], keys[0], keys[1]]
    assert plan.get_comment_target(str(keys[0])).label.startswith("第2项")
