"""Point staff: each point's group may add, edit and publish pages under its own point only."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.plugins import DRAFT_PAGE, page_models_for, points_for_user
from events.models import EventNoticePage
from home.models import HomePage
from liaison_points.models import LiaisonPointPage, PointStaff
from liaison_points.staff import ensure_point_staff, grant_plugin_permissions
from tests.signin import login_with_2fa


def _point(slug, lang="zh-hans"):
    return LiaisonPointPage.objects.get(slug=slug, locale__language_code=lang)


@pytest.fixture
def staff_a(demo_site):
    """A member of the staff of 市中街道 (point A)."""
    user = get_user_model().objects.create_user("staff-a", "a@example.com", "pw-staff-a")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def _event_form(title, slug, **extra):
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "title": title,
        "slug": slug,
        "event_type": "bench",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "place": "社区议事亭",
        "summary": "",
        "body": rich_text("<p>欢迎参加</p>"),
        "audience": "",
        "capacity": "",
        "registration_closes": "",
        "max_people": "5",
        "report": rich_text(""),
        "participants": "",
        "opinions_collected": "",
        "report_images": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "publish",
    }
    data.update(extra)
    return nested_form_data(data)


def test_creating_a_point_creates_its_staff_group(demo_site):
    point = _point("xiawa-zhen")
    group = Group.objects.get(name="联系点工作人员：下洼镇基层立法联系点")
    perms = set(
        group.page_permissions.filter(page=point).values_list("permission__codename", flat=True)
    )
    assert perms == {"add_page", "change_page", "publish_page"}
    # Only on its own point (and that point's translations), nowhere else.
    pages = set(group.page_permissions.values_list("page_id", flat=True))
    assert pages == {p.pk for p in point.get_translations(inclusive=True)}
    assert group.permissions.filter(codename="access_admin").exists()
    # Its own media collection, nothing in the root collection.
    link = PointStaff.objects.get(group=group)
    collections = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", flat=True
        )
    )
    assert collections == {link.collection_id}
    assert link.collection_id != Collection.get_first_root_node().pk


def test_group_creation_is_idempotent(demo_site):
    point = _point("xiawa-zhen")
    before = (Group.objects.count(), Collection.objects.count())
    group = ensure_point_staff(point)
    point.save_revision().publish()
    assert (Group.objects.count(), Collection.objects.count()) == before
    assert group.page_permissions.filter(page=point).count() == 3


def test_a_new_point_published_in_code_gets_a_group(demo_site):
    index = _point("xiawa-zhen").get_parent()
    point = LiaisonPointPage(
        title="新建测试联系点",
        slug="new-test",
        point_type="village",
        district="惠民县",
        address="x",
    )
    index.add_child(instance=point)
    point.save_revision().publish()
    assert Group.objects.filter(name="联系点工作人员：新建测试联系点").exists()


def test_deleting_a_point_in_every_language_retires_its_staff_group(staff_a):
    point = _point("shizhong-jiedao")
    link = PointStaff.objects.get(translation_key=point.translation_key)
    translations = list(point.get_translations(inclusive=True))
    assert len(translations) > 1
    for page in translations[:-1]:
        Page.objects.get(pk=page.pk).delete()
        # While one language remains, the staff keep their group.
        assert Group.objects.filter(pk=link.group_id).exists()
    Page.objects.get(pk=translations[-1].pk).delete()
    assert not Group.objects.filter(pk=link.group_id).exists()
    assert not staff_a.groups.exists()
    assert not PointStaff.objects.filter(pk=link.pk).exists()
    collection = Collection.objects.get(pk=link.collection_id)  # media stay
    assert collection.name.endswith("（已撤销）")
    assert list(points_for_user(staff_a)) == []


def test_offline_opinions_permission_is_granted_when_it_exists(demo_site):
    # The opinions plugin defines forms.enter_offline_opinions; stand one in if it is absent.
    content_type, _ = ContentType.objects.get_or_create(app_label="forms", model="opinion")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="enter_offline_opinions",
        defaults={"name": "Can enter offline opinions"},
    )
    grant_plugin_permissions()
    group = Group.objects.get(name="联系点工作人员：下洼镇基层立法联系点")
    assert permission in group.permissions.all()


def test_points_for_user(staff_a, demo_site):
    mine = {p.pk for p in points_for_user(staff_a)}
    assert mine == {p.pk for p in _point("shizhong-jiedao").get_translations(inclusive=True)}
    outsider = get_user_model().objects.create_user("nobody", "n@example.com", "pw")
    assert points_for_user(outsider) == []
    admin = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    assert len(points_for_user(admin)) == LiaisonPointPage.objects.count()


def test_office_editors_act_for_every_point(demo_site):
    from wagtail.models import GroupPagePermission

    editors = Group.objects.create(name="法工委编辑")
    home = HomePage.objects.get(locale__language_code="zh-hans")
    GroupPagePermission.objects.create(group=editors, page=home, permission_type="change")
    editor = get_user_model().objects.create_user("editor", "e@example.com", "pw")
    editor.groups.add(editors)
    zh_points = LiaisonPointPage.objects.filter(locale__language_code="zh-hans")
    assert {p.pk for p in points_for_user(editor)} == {p.pk for p in zh_points}


def test_staff_edit_their_point_and_add_events_under_it(client, staff_a):
    login_with_2fa(client, staff_a)
    point = _point("shizhong-jiedao")
    assert client.get(f"/admin/pages/{point.pk}/edit/").status_code == 200
    add_url = f"/admin/pages/add/events/eventnoticepage/{point.pk}/"
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, _event_form("流动板凳会：加装电梯", "dianti-bandeng"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventNoticePage.objects.get(slug="dianti-bandeng")
    assert event.live  # published by the point's own staff
    assert event.get_parent().pk == point.pk
    assert event.organising_point.pk == point.pk
    # ...and edit the existing events of their point.
    existing = EventNoticePage.objects.child_of(point).exclude(pk=event.pk).first()
    assert client.get(f"/admin/pages/{existing.pk}/edit/").status_code == 200


def _denied(response):
    return response.status_code in (302, 403) and "/edit/" not in response.get("Location", "")


def test_staff_cannot_touch_another_point_or_the_rest_of_the_site(client, staff_a):
    login_with_2fa(client, staff_a)
    other = _point("xiawa-zhen")
    other_event = EventNoticePage.objects.child_of(other).first()
    home = HomePage.objects.get(locale__language_code="zh-hans")
    index = other.get_parent()
    for page in [other, other_event, home, index, *Page.objects.filter(slug__in=["about"])]:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert _denied(response), (page, response.status_code)
    add_other = f"/admin/pages/add/events/eventnoticepage/{other.pk}/"
    assert _denied(client.get(add_other))
    response = client.post(add_other, _event_form("冒名活动", "not-mine"))
    assert _denied(response)
    assert not EventNoticePage.objects.filter(slug="not-mine").exists()
    # Nor can they publish or delete another point's pages.
    assert _denied(client.post(f"/admin/pages/{other_event.pk}/delete/"))
    assert EventNoticePage.objects.filter(pk=other_event.pk).exists()
    assert _denied(client.get(f"/admin/pages/{home.pk}/add_subpage/"))


@pytest.mark.skipif(not page_models_for(DRAFT_PAGE), reason="no plugin provides drafts")
def test_staff_cannot_edit_drafts(client, staff_a):
    login_with_2fa(client, staff_a)
    drafts = [page for model in page_models_for(DRAFT_PAGE) for page in model.objects.all()[:3]]
    assert drafts, "the demo has drafts to try"
    for draft in drafts:
        assert _denied(client.get(f"/admin/pages/{draft.pk}/edit/"))


def test_staff_see_registrations_of_their_events_only(client, staff_a):
    point = _point("shizhong-jiedao")
    mine = EventNoticePage.objects.child_of(point).filter(registration_open=True).first()
    mine.register("张三", "13912345678", 2)
    login_with_2fa(client, staff_a)
    html = client.get(f"/admin/events/{mine.pk}/registrations/").content.decode()
    # Staff call people back when an event changes: they see the number (audit-logged).
    assert "张三" in html and "13912345678" in html
    theirs = EventNoticePage.objects.child_of(_point("huanghe-shequ")).first()
    assert client.get(f"/admin/events/{theirs.pk}/registrations/").status_code in (302, 403)
