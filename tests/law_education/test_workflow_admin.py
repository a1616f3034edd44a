"""Editors: 初审 → 法律审核 → 发布 through Wagtail's workflow, scheduled publishing, and the
editorial status in the admin listings."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from law_education.models import LawEducationArticlePage, LawEducationIndexPage
from law_education.workflow import EDITORS, REVIEWERS, WORKFLOW_NAME, ensure_review_workflow

from .conftest import add_article


@pytest.fixture
def editor(index):
    user = get_user_model().objects.create_user("bianji", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def reviewer(index):
    user = get_user_model().objects.create_user("shenhe", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def second_editor(index):
    user = get_user_model().objects.create_user("bianji2", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def article_form(slug, action):
    return nested_form_data(
        {
            "title": "新文章",
            "slug": slug,
            "summary": "一句话",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "related_drafts": inline_formset([]),
            "related_articles": inline_formset([]),
            "tags": "",
            action: "1",
        }
    )


def create_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=["law_education", "laweducationarticlepage", index.pk]
    )


def approve(client, page, task_state):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def test_the_index_carries_the_two_step_workflow(index):
    workflow = index.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [task.name for task in workflow.tasks] == ["初审", "法律审核"]
    assert [list(t.specific.groups.values_list("name", flat=True)) for t in workflow.tasks] == [
        [EDITORS],
        [REVIEWERS],
    ]
    ensure_review_workflow(index)  # idempotent
    assert index.get_workflow().tasks.count() == 2


def test_editor_cannot_publish_directly(client, index, editor):
    assert not index.permissions_for_user(editor).can_publish_subpage()
    client.force_login(editor)
    response = client.post(create_url(index), article_form("direct", "action-publish"))
    assert response.status_code == 302
    page = LawEducationArticlePage.objects.get(slug="direct")
    assert not page.live  # saved as a draft, not published
    assert not page.permissions_for_user(editor).can_publish()


def test_article_goes_live_only_after_both_reviews(client, index, editor, second_editor, reviewer):
    client.force_login(editor)
    client.post(create_url(index), article_form("reviewed", "action-submit"))
    page = LawEducationArticlePage.objects.get(slug="reviewed")
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    assert state.current_task_state.task.name == "初审"

    # 初审 by another editor: still not live, now waiting for 法律审核.
    client.force_login(second_editor)
    assert approve(client, page, state.current_task_state).status_code == 302
    state.refresh_from_db()
    page.refresh_from_db()
    assert not page.live
    assert state.current_task_state.task.name == "法律审核"

    # An editor cannot do the legal review.
    client.force_login(editor)
    legal_step = state.current_task_state
    refused = approve(client, page, legal_step)
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    legal_step.refresh_from_db()
    assert legal_step.status == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live

    # The legal reviewer approves: the article is published.
    client.force_login(reviewer)
    assert approve(client, page, legal_step).status_code == 302
    page.refresh_from_db()
    state.refresh_from_db()
    assert page.live
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(page.url).status_code == 200


def test_nobody_approves_their_own_article(client, index, editor, second_editor):
    """A 普法编辑 who submits their article cannot pass it at 初审: the approve action is not
    offered, the edit page says why, and a crafted approve changes nothing."""
    client.force_login(editor)
    client.post(create_url(index), article_form("own", "action-submit"))
    page = LawEducationArticlePage.objects.get(slug="own")
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    first_step = state.current_task_state
    assert first_step.task.name == "初审"

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    edit = client.get(edit_url).content.decode()
    assert "您不能审核通过自己提交或修改的内容" in edit
    assert 'data-workflow-action-name="approve"' not in edit
    refused = approve(client, page, first_step)
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    crafted = client.post(
        edit_url,
        {**article_form("own", "action-workflow-action"), "workflow-action-name": "approve"},
        follow=True,
    )
    assert "您不能审核通过自己提交或修改的内容" in crafted.content.decode()
    first_step.refresh_from_db()
    assert first_step.status == TaskState.STATUS_IN_PROGRESS

    # A colleague in the same group may.
    client.force_login(second_editor)
    assert 'data-workflow-action-name="approve"' in client.get(edit_url).content.decode()
    assert approve(client, page, first_step).status_code == 302
    first_step.refresh_from_db()
    assert first_step.status == TaskState.STATUS_APPROVED


def test_new_index_page_gets_the_workflow(index, admin_client, home_page):
    # Removing the demo index and creating one in the admin attaches the workflow again.
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.filter(page=index).delete()
    index.delete()
    url = reverse(
        "wagtailadmin_pages:add", args=["law_education", "laweducationindexpage", home_page.pk]
    )
    response = admin_client.post(
        url, nested_form_data({"title": "普法", "slug": "pufa", "intro": "", "action-publish": "1"})
    )
    assert response.status_code == 302
    new_index = LawEducationIndexPage.objects.get(slug="pufa")
    assert new_index.get_workflow().name == WORKFLOW_NAME


def test_admin_explorer_shows_editorial_status(admin_client, index):
    html = admin_client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert "租房合同里这些条款要当心（待审核）" in html
    assert "审核中" in html  # workflow in progress
    assert "已计划" in html or "scheduled" in html  # the scheduled article


def test_article_listing_shows_the_review_step(admin_client, index):
    html = admin_client.get(reverse("law_education_articles:index")).content.decode()
    assert "审核环节" in html
    assert "待法律审核" in html
    assert "物业管理" in html  # topic column


def test_article_edit_form_and_snippet_admin_render(admin_client, showcase):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[showcase.pk]))
    assert edit.status_code == 200
    assert "相关法规草案" in edit.content.decode()
    for model in ("lawtopic", "audience", "series"):
        response = admin_client.get(reverse(f"wagtailsnippets_law_education_{model}:list"))
        assert response.status_code == 200


def test_scheduled_article_goes_live_at_its_time(index, client):
    page = add_article(index, "later", publish=False, title="定时发布的文章")
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.status_string == "已计划"
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet
    two_hours_later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=two_hours_later):
        call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
