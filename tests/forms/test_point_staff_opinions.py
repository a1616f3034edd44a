"""A point's staff see the opinions their point collected in the admin — masked
unless they hold the personal-data right with two-step sign-in — and no other point's; offline
opinions gathered after the window closed are flagged (and the flag shows in the list)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from forms.intake import Submission, create_opinion
from forms.models import Channel, Opinion
from tests.signin import login_with_2fa

pytestmark = pytest.mark.usefixtures("demo_site")

LIST = "wagtailsnippets_forms_opinion:list"
INSPECT = "wagtailsnippets_forms_opinion:inspect"
HISTORY = "wagtailsnippets_forms_opinion:history"


def _point(slug, lang="zh-hans"):
    from liaison_points.models import LiaisonPointPage

    return LiaisonPointPage.objects.get(slug=slug, locale__language_code=lang)


def _draft(slug):
    from drafts.models import RegulationDraftPage

    return RegulationDraftPage.objects.get(slug=slug, locale__language_code="zh-hans")


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user("staff-op", "staff-op@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def _offline(point, text, **extra):
    return create_opinion(
        _draft("wenming"),
        Submission(text=text, name="王五", phone="13912345678", **extra),
        channel=Channel.OFFLINE,
        point=point,
        check_window=False,
    )


@pytest.fixture
def opinions():
    mine = _offline(
        _point("shizhong-jiedao"), "我家住在黄河五路12号3单元，电话13612345678，建议多设停车位"
    )
    mine_en = _offline(_point("shizhong-jiedao", "en"), "英文页面下录入的本点意见")
    other = _offline(_point("huanghe-shequ"), "别的联系点收集的意见")
    return {"mine": mine, "mine_en": mine_en, "other": other}


def test_staff_see_their_points_opinions_masked_and_no_others(client, staff, opinions):
    login_with_2fa(client, staff)  # the events plugin's sign-up phones ask for it already
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert opinions["mine"].receipt_code in html and opinions["mine_en"].receipt_code in html
    assert opinions["other"].receipt_code not in html
    web = Opinion.objects.exclude(channel=Channel.OFFLINE).first()
    assert web.receipt_code not in html
    assert "王*" in html and "王五" not in html and "13612345678" not in html

    html = client.get(reverse(INSPECT, args=[opinions["mine"].pk])).content.decode()
    assert "139****5678" in html and "13912345678" not in html
    assert "13612345678" not in html and "黄河五路12号" not in html
    assert 'name="decision"' not in html and 'name="to_status"' not in html

    for name in (INSPECT, HISTORY):
        assert client.get(reverse(name, args=[opinions["other"].pk])).status_code == 404
    # Searching does not reach past the point either.
    html = client.get(reverse(LIST), {"q": opinions["other"].receipt_code}).content.decode()
    assert "别的联系点收集的意见" not in html


def test_staff_with_the_personal_data_right_see_it_after_two_step_sign_in(client, staff, opinions):
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="forms", codename="view_personal_data")
    )
    client.force_login(staff)
    response = client.get(reverse(INSPECT, args=[opinions["mine"].pk]))
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/")
    login_with_2fa(client, staff)
    html = client.get(reverse(INSPECT, args=[opinions["mine"].pk])).content.decode()
    assert "13912345678" in html and "黄河五路12号" in html
    assert 'name="decision"' not in html  # 公开审核 stays with the office
    assert client.get(reverse(INSPECT, args=[opinions["other"].pk])).status_code == 404
    response = client.post(
        reverse("wagtailsnippets_forms_opinion:publication", args=[opinions["mine"].pk]),
        {"decision": "released"},
    )
    assert response.status_code in (302, 403)
    opinions["mine"].refresh_from_db()
    assert opinions["mine"].publication == "pending"


def test_people_without_a_point_or_office_role_see_nothing(client, opinions):
    user = get_user_model().objects.create_user("nobody", "n@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert client.get(reverse(LIST)).status_code in (302, 403)
    assert client.get(reverse(INSPECT, args=[opinions["mine"].pk])).status_code in (302, 403, 404)


def test_menus_point_staff_cannot_use_are_hidden(client, staff):
    login_with_2fa(client, staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    def in_menu(label):  # the sidebar's items are JSON in the page, non-ASCII escaped
        return json.dumps(label)[1:-1] in html or label in html

    assert in_menu("录入线下意见") and in_menu("全部意见")
    for label in ("意见统计", "报送批次", "相似意见组", "公开与反馈", "API 客户端"):
        assert not in_menu(label), label


def _post_offline(client, day, text):
    page, point = _draft("tingche"), _point("shizhong-jiedao")
    data = {
        "page": page.pk, "point": point.pk, "event": "", "collected_on": day.isoformat(),
        "save": "1", "op-TOTAL_FORMS": "1", "op-INITIAL_FORMS": "0", "op-MIN_NUM_FORMS": "0",
        "op-MAX_NUM_FORMS": "50", "op-0-article": "", "op-0-text": text,
        "op-0-category": "public",
    }  # fmt: skip
    return client.post(f"/admin/opinions/offline/?page={page.pk}", data, follow=True)


def test_offline_opinions_collected_after_the_window_closed_are_flagged(client, staff):
    login_with_2fa(client, staff)
    today = timezone.localdate()  # 停车 draft closed five days ago
    response = _post_offline(client, today, "截止后收集的意见")
    assert "截止后收集" in response.content.decode()
    late = Opinion.objects.get(text="截止后收集的意见")
    assert late.collected_late
    _post_offline(client, today - timezone.timedelta(days=10), "征求期内收集的意见")
    assert not Opinion.objects.get(text="征求期内收集的意见").collected_late

    html = client.get(reverse(LIST)).content.decode()
    assert "线下活动（截止后收集）" in html
    html = client.get(reverse(INSPECT, args=[late.pk])).content.decode()
    assert "data-collected-late" in html


def test_staff_are_not_shown_the_office_batch_titles(client, staff, opinions):
    from forms.models import Batch

    Batch.objects.create(title="报送法工委的第七批意见")
    login_with_2fa(client, staff)
    html = client.get(reverse(LIST)).content.decode()
    assert "报送法工委的第七批意见" not in html
