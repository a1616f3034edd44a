"""交办 to points chosen by type, district, all or by hand; 申办 and the office's decision;
nothing stored twice."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationTask, TaskAssignment
from consultations.sending import ApplyRefused, apply, chosen_points, decide, send
from consultations.workflow import AssignmentState as S
from consultations.workflow import TransitionError
from core.plugins import point_directory
from tests.consultations.conftest import make_task, staff_of
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db


def test_points_chosen_by_type_district_all_or_by_hand(points):
    directory = point_directory()
    assert {p.id for p in directory} == {p.pk for p in points.values()}
    assert set(chosen_points({"mode": "all"}, directory)) == {p.pk for p in points.values()}
    assert chosen_points({"mode": "type", "values": ["community"]}, directory) == [
        points["huanghe-shequ"].pk
    ]
    in_zhanhua = {p.pk for p in points.values() if p.district == "沾化区"}
    assert set(chosen_points({"mode": "district", "values": ["沾化区"]}, directory)) == in_zhanhua
    forged = {"mode": "points", "values": [str(points["xiawa-zhen"].pk), "999999", "x"]}
    assert chosen_points(forged, directory) == [points["xiawa-zhen"].pk]


def test_sending_twice_assigns_each_point_once(points):
    task = make_task(points, ["huanghe-shequ", "shizhong-jiedao"])
    assert task.state == ConsultationTask.State.SENT and task.sent_at
    assert send(task) == 0
    assert task.assignments.count() == 2
    assert set(task.assignments.values_list("state", flat=True)) == {S.NOT_STARTED}


def test_office_creates_and_sends_a_task_by_district(office_client, points):
    response = office_client.post(
        reverse("consultations_create"),
        {
            "title": "沾化区农村立法调研",
            "kind": "topic",
            "topic": "秸秆禁烧",
            "description": '=HYPERLINK("http://evil")',
            "outputs": "调研报告",
            "due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "scope_mode": "district",
            "scope_districts": ["沾化区"],
            "action": "send",
        },
    )
    task = ConsultationTask.objects.get(title="沾化区农村立法调研")
    assert response.status_code == 302
    assert task.state == ConsultationTask.State.SENT
    assert set(task.assignments.values_list("point_id", flat=True)) == {
        p.pk for p in points.values() if p.district == "沾化区"
    }
    assert task.created_by.username == "fagongwei"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 500}, "title"),
        ({"topic": "\x00秸秆"}, "topic"),
        ({"topic": ""}, "topic"),
        ({"due_date": "2001-01-01"}, "due_date"),
        ({"due_date": "２０２６年"}, "due_date"),
        ({"scope_mode": "type", "scope_types": []}, "scope_types"),
        ({"scope_mode": "district", "scope_districts": ["火星区"]}, "scope_districts"),
        ({"kind": "draft"}, "target_page"),
    ],
)
def test_bad_task_input_is_a_clear_error_and_nothing_is_saved(office_client, changes, field):
    data = {
        "title": "调研",
        "kind": "topic",
        "topic": "秸秆禁烧",
        "due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "scope_mode": "all",
        "action": "send",
        **changes,
    }
    before = ConsultationTask.objects.count()
    response = office_client.post(reverse("consultations_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ConsultationTask.objects.count() == before


def test_a_draft_task_must_name_a_draft_not_another_page(office_client, points):
    data = {
        "title": "草案征求意见",
        "kind": "draft",
        "target_page": points["xiawa-zhen"].pk,  # a point, not a draft
        "due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "scope_mode": "all",
    }
    response = office_client.post(reverse("consultations_create"), data)
    assert "target_page" in response.context["form"].errors


def test_apply_then_the_office_accepts_or_declines(points, office):
    task = make_task(points, ["xiawa-zhen"], open_for_applications=True)
    task.refresh_from_db()
    one = apply(task, points["mashanzi-cun"].pk, "我们是试点村")
    two = apply(task, points["huanghe-shequ"].pk)
    assert one.state == S.APPLIED and one.origin == "applied"
    with pytest.raises(ApplyRefused):
        apply(task, points["mashanzi-cun"].pk)  # once
    with pytest.raises(ApplyRefused):
        apply(task, points["xiawa-zhen"].pk)  # already assigned
    decide(one, True, office)
    decide(two, False, office, "不在本课题范围")
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.state == S.NOT_STARTED and one.decided_by == office
    assert two.state == S.DECLINED and two.decline_reason == "不在本课题范围"
    with pytest.raises(TransitionError):
        decide(two, True, office)


def test_a_task_closed_to_applications_refuses_them(points):
    task = make_task(points, ["xiawa-zhen"])
    task.refresh_from_db()
    with pytest.raises(ApplyRefused):
        apply(task, points["mashanzi-cun"].pk)


def test_point_staff_apply_only_for_their_own_point(client, points):
    task = make_task(points, ["xiawa-zhen"], open_for_applications=True)
    login_with_2fa(client, staff_of(points["huanghe-shequ"]))
    other = points["mashanzi-cun"].pk
    client.post(reverse("consultations_apply", args=[task.pk]), {"point": other})
    assert not TaskAssignment.objects.filter(task=task, point_id=other).exists()
    client.post(
        reverse("consultations_apply", args=[task.pk]),
        {"point": points["huanghe-shequ"].pk, "note": "社区有意愿"},
    )
    assert TaskAssignment.objects.get(task=task, point=points["huanghe-shequ"]).state == S.APPLIED


def test_declining_needs_a_reason(office_client, points):
    task = make_task(points, ["xiawa-zhen"], open_for_applications=True)
    task.refresh_from_db()
    item = apply(task, points["mashanzi-cun"].pk)
    office_client.post(reverse("consultations_decide", args=[item.pk]), {"decision": "decline"})
    item.refresh_from_db()
    assert item.state == S.APPLIED
    office_client.post(
        reverse("consultations_decide", args=[item.pk]),
        {"decision": "decline", "reason": "已有镇级联系点承担"},
    )
    item.refresh_from_db()
    assert item.state == S.DECLINED


def test_a_point_applies_once_whatever_language_its_page_is_in(client, points):
    from liaison_points.models import LiaisonPointPage

    home = points["huanghe-shequ"]
    translations = LiaisonPointPage.objects.filter(translation_key=home.translation_key).exclude(
        pk=home.pk
    )
    assert translations, "the demo translates the points"
    task = make_task(points, ["xiawa-zhen"], open_for_applications=True)
    login_with_2fa(client, staff_of(home))
    page = client.get(reverse("consultations_index")).content.decode()
    for translation in translations:
        assert f'value="{translation.pk}"' not in page  # offered once, as the point itself
        client.post(reverse("consultations_apply", args=[task.pk]), {"point": translation.pk})
    assert not TaskAssignment.objects.filter(task=task, point__in=translations).exists()
    client.post(reverse("consultations_apply", args=[task.pk]), {"point": home.pk})
    client.post(reverse("consultations_apply", args=[task.pk]), {"point": home.pk})
    assert TaskAssignment.objects.filter(task=task).exclude(point=points["xiawa-zhen"]).count() == 1
