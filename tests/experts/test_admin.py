"""The pool in the admin: the office keeps it with explicit fields and masked contacts; the
clear-contacts right needs two-step sign-in and every clear view is audit-logged; bad input gets
a translated error with nothing lost; people who are not the office get 404s for any id."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import PersonalDataAccess
from core.plugins import personal_data_permissions
from experts.models import Expert, ExpertiseField, Invitation
from tests.experts.conftest import make_expert
from tests.factories import UserFactory
from tests.signin import login_with_2fa


def test_the_office_filters_the_pool_by_field_and_sees_contacts_masked(office_client):
    civil = make_expert("钱律师", fields=["民商法"], phone="13911112222", email="qian@example.org")
    make_expert("何规划师", fields=["城乡建设"])
    field = ExpertiseField.objects.get(name="民商法")
    response = office_client.get("/admin/experts/", {"field": field.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "钱律师" in html and "何规划师" not in html
    assert "13911112222" not in html and "139****2222" in html
    assert "qian@example.org" not in html and "q***@example.org" in html
    assert not PersonalDataAccess.objects.filter(object_type="experts.expert").exists()
    edit = office_client.get(f"/admin/experts/{civil.pk}/edit/").content.decode()
    assert "13911112222" not in edit and "qian@example.org" not in edit


def test_the_edit_form_lists_exactly_its_fields(office_client):
    response = office_client.get("/admin/experts/new/")
    assert list(response.context["form"].fields) == [
        "kind", "name", "organisation", "title", "fields", "phone", "email", "active", "note",
    ]  # fmt: skip


def test_a_masked_contact_left_blank_is_kept_and_a_new_one_replaces_it(office_client):
    expert = make_expert("褚教授", phone="13933334444", email="chu@example.org")
    data = {"kind": "person", "name": "褚教授", "phone": "", "email": "", "active": "on"}
    response = office_client.post(f"/admin/experts/{expert.pk}/edit/", data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.phone, expert.email) == ("13933334444", "chu@example.org")
    data["phone"] = "１３９５５５５６６６６"  # full-width digits from a Chinese input method
    office_client.post(f"/admin/experts/{expert.pk}/edit/", data)
    expert.refresh_from_db()
    assert expert.phone == "13955556666"


def test_clear_contacts_need_two_step_sign_in_and_are_audit_logged(client, clear_user):
    assert "experts.view_expert_contacts" in personal_data_permissions()
    expert = make_expert("卫研究员", phone="13977778888")
    client.force_login(clear_user)
    response = client.get("/admin/experts/")
    assert response.status_code == 302 and "13977778888" not in response.content.decode()
    login_with_2fa(client, clear_user)
    response = client.get("/admin/experts/")
    assert response.status_code == 200
    assert "13977778888" in response.content.decode()
    logged = PersonalDataAccess.objects.filter(object_type="experts.expert", user=clear_user)
    assert logged.exists() and expert.pk in logged.latest("at").object_ids


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "请填写姓名或机构名称"),
        ("name", "王😀", "不能包含表情符号"),
        ("name", "x" * 5000, ""),
        ("phone", '=HYPERLINK("http://x")', "请填写有效的电话号码"),
        ("phone", "12", "请填写有效的电话号码"),
        ("email", "not-an-email", ""),
        ("note", "n" * 5000, ""),
    ],
)
def test_bad_input_in_the_pool_form_is_explained_and_nothing_typed_is_lost(
    office_client, field, value, message
):
    before = Expert.objects.count()
    data = {
        "kind": "person",
        "name": "蒋主任",
        "organisation": "<b>滨州市某单位</b>",
        "phone": "13900001111",
        "email": "jiang@example.org",
        "active": "on",
        "note": "擅长行政复议",
    }
    data[field] = value
    response = office_client.post("/admin/experts/new/", data)
    assert response.status_code == 200
    assert Expert.objects.count() == before
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "&lt;b&gt;滨州市某单位&lt;/b&gt;" in html  # kept, and escaped
    if field != "organisation":
        assert "擅长行政复议" in html or field == "note"


def test_an_expert_without_any_contact_cannot_be_invited(office_client):
    data = {"kind": "organisation", "name": "某研究会", "active": "on"}
    response = office_client.post("/admin/experts/new/", data)
    assert response.status_code == 200
    assert "请至少填写手机号码或电子邮箱之一" in response.content.decode()


def test_a_campaign_form_with_bad_input_keeps_the_ticks(office_client, draft):
    chosen = make_expert("沈教授")
    data = {
        "title": "",
        "page_id": "999999999999",
        "message": "请提意见",
        "reply_by": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "experts": [str(chosen.pk), "abc", "999999999"],
    }
    response = office_client.post("/admin/experts/campaigns/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"title", "page_id", "reply_by", "experts"}
    data["experts"] = [str(chosen.pk)]
    response = office_client.post("/admin/experts/campaigns/new/", data)
    html = response.content.decode()
    assert f'value="{chosen.pk}"' in html and "checked" in html
    assert "请选择一部正在征求意见的草案" in html
    assert not Invitation.objects.filter(expert=chosen).exists()


def test_only_open_drafts_are_offered(office_client, draft):
    from drafts.models import RegulationDraftPage

    closed = RegulationDraftPage.objects.live().get(slug="tingche", locale__language_code="zh-hans")
    response = office_client.get("/admin/experts/campaigns/new/")
    choices = dict(response.context["form"].fields["page_id"].choices)
    assert draft.pk in choices and closed.pk not in choices


@pytest.mark.parametrize(
    "path",
    [
        "/admin/experts/",
        "/admin/experts/campaigns/{campaign}/",
        "/admin/experts/{expert}/edit/",
        "/admin/experts/campaigns/new/",
    ],
)
def test_people_outside_the_office_get_404_for_any_id(client, campaign, path):
    editor = UserFactory(username="caoan-editor", groups=["草案编辑"])
    client.force_login(editor)
    expert = campaign.invitations.first().expert
    url = path.format(campaign=campaign.pk, expert=expert.pk)
    assert client.get(url).status_code == 404


def test_the_office_gets_404_for_ids_that_do_not_exist_or_are_not_numbers(office_client):
    for url in (
        "/admin/experts/campaigns/99999999/",
        "/admin/experts/campaigns/abc/",
        "/admin/experts/campaigns/" + "9" * 40 + "/",
        "/admin/experts/%EF%BC%91/edit/",
    ):
        assert office_client.get(url).status_code == 404, url
    assert office_client.post("/admin/experts/invitations/99999999/resend/").status_code == 404


def test_nobody_deletes_experts_they_are_taken_out_of_the_pool(office_client):
    expert = make_expert("韩教授")
    data = {"kind": "person", "name": "韩教授", "phone": "", "email": "", "active": ""}
    assert office_client.post(f"/admin/experts/{expert.pk}/edit/", data).status_code == 302
    expert.refresh_from_db()
    assert expert.active is False
    listed = office_client.get("/admin/experts/").context["rows"]
    assert expert.pk not in [row[0].pk for row in listed]
    everyone = office_client.get("/admin/experts/", {"show": "all"}).context["rows"]
    assert expert.pk in [row[0].pk for row in everyone]


def test_filtering_the_list_keeps_what_was_typed_and_ticked(office_client, draft):
    lawyer = make_expert("严律师", fields=["民商法"])
    planner = make_expert("华规划师", fields=["城乡建设"])
    building = ExpertiseField.objects.get(name="城乡建设")
    data = {
        "action": "filter",
        "title": "城乡建设专家论证",
        "message": "请提意见",
        "experts": [str(lawyer.pk)],
        "field": str(building.pk),
    }
    response = office_client.post("/admin/experts/campaigns/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # filtering is not sending: no errors shown
    shown = set(form.fields["experts"].queryset.values_list("pk", flat=True))
    assert {lawyer.pk, planner.pk} <= shown  # the ticked one stays, ticked
    assert not shown & set(Expert.objects.filter(name="王建国").values_list("pk", flat=True))
    html = response.content.decode()
    assert "城乡建设专家论证" in html
    assert not Invitation.objects.filter(expert__in=[lawyer, planner]).exists()
