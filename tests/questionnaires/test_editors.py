"""Editors build questionnaires: a 问卷编辑 who is not a superuser builds and
publishes questionnaires under a 问卷调查 index, and nowhere else; the index lists them."""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from questionnaires.models import QuestionnaireIndexPage, QuestionnairePage
from questionnaires.roles import EDITORS


def _editor(name="q-editor"):
    user = get_user_model().objects.create_user(name, password="pw-12345678")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def _index():
    return QuestionnaireIndexPage.objects.get(locale__language_code="zh-hans")


def test_the_demo_questionnaire_sits_in_the_index(demo_site):
    page = QuestionnairePage.objects.get(
        slug="wenming-jinshao-wenjuan", locale__language_code="zh-hans"
    )
    assert page.get_parent().specific == _index()
    assert page.one_per_screen and not page.verify_phone


def test_an_editor_builds_and_publishes_a_questionnaire_in_the_index(client, demo_site):
    index = _index()
    client.force_login(_editor())
    add = reverse("wagtailadmin_pages:add", args=["questionnaires", "questionnairepage", index.pk])
    assert client.get(add).status_code == 200
    slug = f"editor-{uuid.uuid4().hex[:6]}"
    response = client.post(
        add,
        nested_form_data(
            {
                "title": "编辑建的问卷",
                "slug": slug,
                "intro": rich_text("<p>说明</p>"),
                "questions": streamfield([]),
                "thank_you_text": "",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = QuestionnairePage.objects.get(slug=slug)
    assert page.live and page.get_parent().pk == index.pk
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit).status_code == 200


def test_an_editor_cannot_build_elsewhere_nor_see_the_results(client, demo_site):
    user = _editor()
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    assert not home.permissions_for_user(user).can_add_subpage()
    assert not home.permissions_for_user(user).can_edit()
    client.force_login(user)
    add = reverse("wagtailadmin_pages:add", args=["questionnaires", "questionnairepage", home.pk])
    assert client.get(add).status_code in (302, 403)
    # The analysis (written answers among it) is the office's.
    assert client.get(reverse("questionnaires_index")).status_code in (302, 403)


def test_a_new_index_gets_the_editors(client, demo_site):
    home = Page.objects.get(depth=2, locale__language_code="zh-hans")
    admin = get_user_model().objects.create_superuser("q-admin", password="pw-12345678")
    client.force_login(admin)
    add = reverse(
        "wagtailadmin_pages:add", args=["questionnaires", "questionnaireindexpage", home.pk]
    )
    slug = f"wenjuan-{uuid.uuid4().hex[:6]}"
    data = nested_form_data({"title": "第二个问卷栏目", "slug": slug, "intro": ""})
    assert client.post(add, data).status_code == 302
    index = QuestionnaireIndexPage.objects.get(slug=slug)
    assert index.permissions_for_user(_editor()).can_publish_subpage()


def test_the_index_lists_open_upcoming_and_closed(client, demo_site):
    index = _index()
    now = timezone.now()
    for slug, opens, closes in [
        ("q-upcoming", 2, 9),
        ("q-closed", -9, -2),
    ]:
        page = QuestionnairePage(
            title=slug,
            slug=slug,
            opens_at=now + timezone.timedelta(days=opens),
            closes_at=now + timezone.timedelta(days=closes),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    html = client.get(index.url).content.decode()
    assert html.index("正在进行") < html.index("禁烧范围问卷调查") < html.index("即将开始")
    assert html.index("即将开始") < html.index("q-upcoming") < html.index("已经结束")
    assert html.index("已经结束") < html.index("q-closed")
    # The questionnaire's breadcrumb leads back to the index.
    demo = QuestionnairePage.objects.get(slug="wenming-jinshao-wenjuan", locale=index.locale)
    assert f'href="{index.url}"' in client.get(demo.url).content.decode()
    english = client.get("/en" + index.url)
    assert english.status_code == 200 and "Surveys" in english.content.decode()


def test_a_questionnaire_with_replies_is_not_deleted_by_an_editor(client, demo_site):
    """Page rights let an editor delete what they may change: the replies would go with it."""
    from questionnaires.models import Reply

    page = QuestionnairePage.objects.get(
        slug="wenming-jinshao-wenjuan", locale__language_code="zh-hans"
    )
    replies = Reply.objects.filter(page=page).count()
    assert replies
    client.force_login(_editor())
    delete = reverse("wagtailadmin_pages:delete", args=[page.pk])
    response = client.post(delete)
    assert response.status_code == 302 and response["Location"].endswith(f"/{page.pk}/edit/")
    assert QuestionnairePage.objects.filter(pk=page.pk).exists()
    assert Reply.objects.filter(page=page).count() == replies
    # One without replies (a draft the editor abandons) may go.
    index = _index()
    empty = QuestionnairePage(title="空问卷", slug=f"empty-{uuid.uuid4().hex[:6]}")
    index.add_child(instance=empty)
    client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
    assert not QuestionnairePage.objects.filter(pk=empty.pk).exists()
