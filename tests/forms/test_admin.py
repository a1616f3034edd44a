"""The opinions area in the Wagtail admin: masking, handling, groups, batches, offline entry."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forms.admin_views import add_to_batch
from forms.intake import Submission, create_opinion
from forms.models import Batch, Channel, Opinion
from forms.workflow import Status
from tests.forms.conftest import login_with_2fa


@pytest.fixture
def opinion(draft, article3):
    return create_opinion(
        draft,
        Submission(text="建议第三条明确处罚标准。", target=article3, name="张三",
                   phone="13812345678", email="zhang@example.com"),
        channel=Channel.WEB,
    )  # fmt: skip


def test_list_masks_personal_data_without_permission(
    client, editor, opinion, django_assert_max_num_queries
):
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:list")
    with django_assert_max_num_queries(30):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert opinion.receipt_code in html
    assert "张*" in html and "张三" not in html
    inspect = client.get(reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk]))
    html = inspect.content.decode()
    assert "138****5678" in html and "z***@example.com" in html
    assert "13812345678" not in html and "zhang@example.com" not in html


def test_privileged_editor_sees_personal_data(client, privileged_editor, opinion):
    login_with_2fa(client, privileged_editor)
    html = client.get(
        reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk])
    ).content.decode()
    assert "13812345678" in html and "zhang@example.com" in html and "张三" in html


def test_personal_data_waits_for_the_second_sign_in_step(client, privileged_editor, opinion):
    client.force_login(privileged_editor)
    response = client.get(reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/")


def test_filters_and_search(client, editor, opinion, draft):
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:list")
    for query in (
        {"page": draft.pk},
        {"status": "received"},
        {"category": "public"},
        {"channel": "web"},
        {"article_label": opinion.article_label},
        {"submit_time_after": "2000-01-01"},
        {"overdue": "true"},
        {"q": opinion.receipt_code},
        {"q": "明确处罚"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query
    assert opinion.receipt_code in client.get(url, {"q": "明确处罚"}).content.decode()
    assert opinion.receipt_code not in client.get(url, {"status": "adopted"}).content.decode()


def test_transition_through_the_admin(client, editor, opinion):
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:transition", args=[opinion.pk])
    client.post(url, {"to_status": "reviewing", "note": "看过"})
    client.post(url, {"to_status": "adopted", "reply": "采纳"})  # not allowed from reviewing
    opinion.refresh_from_db()
    assert opinion.status == Status.REVIEWING
    change = opinion.history.last()
    assert change.user == editor and change.note == "看过"


def test_no_one_can_delete_or_add_opinions_in_the_admin(client, admin_user, opinion):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailsnippets_forms_opinion:delete", args=[opinion.pk]))
    assert response.status_code in (302, 403)
    assert Opinion.objects.filter(pk=opinion.pk).exists()
    assert client.get(reverse("wagtailsnippets_forms_opinion:add")).status_code in (302, 403)


def test_group_is_answered_once_for_all(client, editor, draft, article3):
    text = "建议删除第三条第二款关于罚款的规定。"
    members = [
        create_opinion(
            draft,
            Submission(text=t, target=article3, email=f"p{i}@example.com"),
            channel=Channel.WEB,
        )
        for i, t in enumerate(
            [text, text, text.replace("。", "！"), "建議刪除第三條第二款關於罰款的規定"]
        )
    ]
    from forms.dedupe import group_duplicates

    group_duplicates(draft.pk)
    group_ids = {Opinion.objects.get(pk=o.pk).group_id for o in members}
    assert len(group_ids) == 1 and None not in group_ids
    group_id = group_ids.pop()
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opiniongroup:answer", args=[group_id])
    for step in ("reviewing", "forwarded"):
        client.post(url, {"to_status": step})
    client.post(url, {"to_status": "not_adopted", "reply": "该款已删除，故不采纳。"})
    statuses = set(
        Opinion.objects.filter(pk__in=[o.pk for o in members]).values_list("status", "reply")
    )
    assert statuses == {("not_adopted", "该款已删除，故不采纳。")}
    html = client.get(
        reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[group_id])
    ).content.decode()
    assert "p0@example.com" not in html


def test_adding_an_opinion_brings_its_group_into_the_batch(draft, article3):
    a = create_opinion(
        draft, Submission(text="完全相同的意见内容，复制粘贴", target=article3), channel=Channel.WEB
    )
    b = create_opinion(
        draft, Submission(text="完全相同的意见内容，复制粘贴", target=article3), channel=Channel.WEB
    )
    b.refresh_from_db()
    assert b.group_id is not None  # identical copies are grouped at intake
    batch = Batch.objects.create(title="第二批")
    assert add_to_batch([b], batch) == 2
    assert set(batch.opinions.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_bulk_action_moves_opinions_to_review(client, editor, opinion):
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["forms", "opinion", "opinions_review"])
    response = client.post(f"{url}?id={opinion.pk}&next=/admin/", {"note": "批量"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Status.REVIEWING


def test_offline_entry_for_a_point(client, admin_user, draft, article3, monkeypatch):
    from wagtail.models import Page

    from forms import admin_views

    point = (
        Page.objects.filter(depth=3).exclude(pk=draft.pk).first()
    )  # any page stands in for a point
    monkeypatch.setattr(admin_views, "points_available_to", lambda user: [point])
    client.force_login(admin_user)
    url = reverse("forms_offline_entry")
    assert client.get(url).status_code == 200
    response = client.get(url, {"page": draft.pk})
    assert article3.label in response.content.decode()
    data = {
        "page": draft.pk, "point": point.pk, "event": "", "collected_on": timezone.localdate().isoformat(), "save": "1",
        "op-TOTAL_FORMS": "3", "op-INITIAL_FORMS": "0", "op-MIN_NUM_FORMS": "0", "op-MAX_NUM_FORMS": "50",
        "op-0-article": article3.key, "op-0-text": "板凳会上居民说停车难", "op-0-category": "public",
        "op-1-article": "", "op-1-text": "人大代表建议加强宣传", "op-1-category": "deputy",
        "op-2-article": "", "op-2-text": "", "op-2-category": "public",
    }  # fmt: skip
    response = client.post(f"{url}?page={draft.pk}", data)
    assert response.status_code == 302
    created = Opinion.objects.filter(channel=Channel.OFFLINE, point=point).order_by("pk")
    assert [o.text for o in created] == ["板凳会上居民说停车难", "人大代表建议加强宣传"]
    assert created[0].article_key == article3.key and created[0].entered_by == admin_user

    from core.plugins import point_figures

    figures = point_figures(point)
    assert figures == [
        {
            "page": draft.page_ptr if hasattr(draft, "page_ptr") else draft,
            "collected": 2,
            "adopted": 0,
        }
    ] or (figures[0]["collected"] == 2 and figures[0]["page"].pk == draft.pk)


def test_offline_entry_refused_without_points(client, editor):
    client.force_login(editor)
    response = client.get(reverse("forms_offline_entry"))
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert "录入线下意见" not in response.content.decode()


def test_dashboard_and_statistics(client, admin_user, draft):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "待处理意见" in html and "采纳率" in html
    response = client.get(reverse("forms_statistics"))
    assert response.status_code == 200
    assert draft.title in response.content.decode()


def test_list_stops_counting_at_the_cap(client, editor, draft, monkeypatch):
    """A million opinions: an exact count would cost every list page half a second."""
    from forms.admin_paginator import CappedCountPaginator

    for i in range(4):
        create_opinion(draft, Submission(text=f"意见 {i}"), channel=Channel.WEB)
    total = Opinion.objects.count()
    monkeypatch.setattr(CappedCountPaginator, "CAP", total - 1)
    client.force_login(editor)
    url = reverse("wagtailsnippets_forms_opinion:list")
    response = client.get(url)
    paginator = response.context["paginator"]
    assert paginator.capped and paginator.count == total - 1
    assert f"超过 {total - 1}" in paginator.items_count_label
    monkeypatch.setattr(CappedCountPaginator, "CAP", total)
    paginator = client.get(url).context["paginator"]
    assert not paginator.capped and paginator.count == total
