"""Who edits plans: a 草案编辑 who is not a superuser adds and publishes a plan under a 立法计划
index; a 意见办理员 cannot; a new index gets the editors."""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from plans.models import LegislativePlanPage, PlanIndexPage
from plans.roles import EDITORS


def _member(role, name=None):
    user = get_user_model().objects.create_user(name or f"p-{role}", password="pw-12345678")
    user.groups.add(Group.objects.get(name=role))
    return user


def _index():
    return PlanIndexPage.objects.get(locale__language_code="zh-hans")


def _plan_form(slug, items, initial=0):
    return nested_form_data(
        {
            "title": "2028年度立法计划",
            "slug": slug,
            "kind": "annual",
            "year": 2028,
            "end_year": "",
            "drafting_body": "市人大常委会法工委",
            "intro": rich_text("<p>说明</p>"),
            "opens_at": "",
            "closes_at": "",
            "reply_deadline": "",
            "items": inline_formset(items, initial=initial),
            "action-publish": "publish",
        }
    )


def _item(title, action="make"):
    return {
        "title": title,
        "action": action,
        "category": "formal",
        "stage": "planned",
        "drafting_body": "市司法局",
        "note": "",
        "draft": "",
        "regulation": "",
    }


def test_a_draft_editor_adds_and_publishes_a_plan(client, demo_site):
    index = _index()
    client.force_login(_member(EDITORS))
    add = reverse("wagtailadmin_pages:add", args=["plans", "legislativeplanpage", index.pk])
    assert client.get(add).status_code == 200
    slug = f"plan-{uuid.uuid4().hex[:6]}"
    response = client.post(
        add, _plan_form(slug, [_item("养老服务条例"), _item("旧规定", "repeal")])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = LegislativePlanPage.objects.get(slug=slug)
    assert plan.live and [i.title for i in plan.items.all()] == ["养老服务条例", "旧规定"]
    keys = [i.key for i in plan.items.all()]
    # Editing keeps every item's key (opinions stay on their item).
    edit = reverse("wagtailadmin_pages:edit", args=[plan.pk])
    assert client.get(edit).status_code == 200
    items = [{**_item("养老服务条例（改）"), "id": plan.items.all()[0].pk}]
    items.append({**_item("旧规定", "repeal"), "id": plan.items.all()[1].pk})
    data = _plan_form(slug, items, initial=2)
    assert client.post(edit, data).status_code == 302
    plan = LegislativePlanPage.objects.get(pk=plan.pk)
    assert [i.key for i in plan.items.all()] == keys
    assert plan.items.all()[0].title == "养老服务条例（改）"


def test_an_opinion_handler_cannot_edit_plans(client, demo_site):
    index = _index()
    user = _member("意见办理员")
    assert not index.permissions_for_user(user).can_add_subpage()
    client.force_login(user)
    add = reverse("wagtailadmin_pages:add", args=["plans", "legislativeplanpage", index.pk])
    assert client.get(add).status_code in (302, 403)
    plan = LegislativePlanPage.objects.get(locale__language_code="zh-hans")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).status_code in (302, 403)


def test_draft_editors_edit_plans_only_under_the_index(demo_site):
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    user = _member(EDITORS)
    assert not home.permissions_for_user(user).can_add_subpage()
    assert _index().permissions_for_user(user).can_publish_subpage()


def test_a_new_index_gets_the_editors(client, demo_site):
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    admin = get_user_model().objects.create_superuser("p-admin", password="pw-12345678")
    client.force_login(admin)
    add = reverse("wagtailadmin_pages:add", args=["plans", "planindexpage", home.pk])
    slug = f"jihua-{uuid.uuid4().hex[:6]}"
    assert (
        client.post(
            add, nested_form_data({"title": "五年规划", "slug": slug, "intro": ""})
        ).status_code
        == 302
    )
    index = PlanIndexPage.objects.get(slug=slug)
    assert index.permissions_for_user(_member(EDITORS)).can_publish_subpage()


def test_the_editor_previews_a_new_plan_with_its_items(client, demo_site):
    index = _index()
    client.force_login(_member(EDITORS))
    preview = reverse(
        "wagtailadmin_pages:preview_on_add", args=["plans", "legislativeplanpage", index.pk]
    )
    data = _plan_form("preview-plan", [_item("滨州市预览条例"), _item("旧规定", "repeal")])
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview).content.decode()
    assert "滨州市预览条例" in html and 'id="item-2"' in html
