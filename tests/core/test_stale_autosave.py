"""An autosave in flight when the page is published does not take the page offline again
(core/upstream/stale_autosave.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.section_editors import grant_section_editors
from home.models import StandardPage


@pytest.fixture
def section(home_page):
    parent = home_page.add_child(instance=StandardPage(title="测试栏目", slug="autosave-section"))
    editor = get_user_model().objects.create_user("section-editor", "e@example.com", "pw")
    editor.groups.add(grant_section_editors("测试栏目编辑", parent))
    draft = parent.add_child(instance=StandardPage(title="未发布的页面", slug="draft", live=False))
    draft.save_revision(user=editor)
    return editor, draft


def _edit_form(title, **extra):
    return nested_form_data(
        {"title": title, "slug": "draft", "introduction": "", "body": streamfield([]), **extra}
    )


def _published_meanwhile(request, page):
    """What another request does while the autosave is being handled: publish the page."""
    Page.objects.get(pk=page.pk).specific.get_latest_revision().publish()


def test_an_autosave_landing_after_the_publication_leaves_the_page_live(client, section):
    editor, draft = section
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    with hooks.register_temporarily("before_edit_page", _published_meanwhile):
        response = client.post(url, _edit_form("自动保存的标题"), HTTP_ACCEPT="application/json")
    draft.refresh_from_db()
    assert draft.live and draft.title == "未发布的页面"
    assert response.status_code == 400 and response.json()["success"] is False
    assert "刚刚发布" in response.json()["error_message"]


def test_autosaves_and_publication_without_a_race_are_untouched(client, section):
    editor, draft = section
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = client.post(url, _edit_form("自动保存的标题"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"] is True
    draft.refresh_from_db()
    assert not draft.live and draft.title == "自动保存的标题"
    response = client.post(url, _edit_form("发布的标题", **{"action-publish": "1"}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.title == "发布的标题"
    # A page that is live when loaded: an autosave only adds a revision, as before.
    response = client.post(url, _edit_form("又改了"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"] is True
    draft.refresh_from_db()
    assert draft.live and draft.title == "发布的标题"
    assert draft.get_latest_revision().as_object().title == "又改了"
