"""A passed draft becomes a regulation in force ("生成现行法规"), for a 草案编辑 who is nothing else:
not live, with the draft's articles and a link to it; once only; refused for a draft not passed."""

import datetime as dt

import pytest
from django.urls import reverse

from regulations.models import RegulationPage
from tests.factories import DraftFactory


def _pass(draft, promulgated=True):
    stages = [("stage", {"stage": "adopted", "date": dt.date(2025, 3, 1), "note": ""})]
    if promulgated:
        stages.append(("stage", {"stage": "promulgated", "date": dt.date(2025, 3, 20), "note": ""}))
    draft.timeline = stages
    draft.save_revision().publish()
    return type(draft).objects.get(pk=draft.pk)


def _url(draft):
    return reverse("regulations_admin:from_draft", args=[draft.pk])


@pytest.fixture
def passed_draft(demo_site):
    return _pass(DraftFactory(articles=4, open=False))


def test_a_passed_draft_becomes_a_regulation_not_yet_live(
    client, passed_draft, reg_index, draft_editor
):
    client.force_login(draft_editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[passed_draft.pk]))
    assert _url(passed_draft) in edit.content.decode()  # the 生成现行法规 button

    preview = client.get(_url(passed_draft))
    assert preview.status_code == 200
    assert "第四条" in preview.content.decode()
    assert "第一章 总则" in preview.content.decode()  # the headings come along, and are shown
    response = client.post(_url(passed_draft), {"index": reg_index.pk})
    regulation = RegulationPage.objects.get(source_draft=passed_draft)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[regulation.pk])
    assert not regulation.live and regulation.get_parent().pk == reg_index.pk
    assert "草案" not in regulation.title
    assert regulation.promulgated_on == dt.date(2025, 3, 20)  # the draft's 公布施行 date
    draft_texts = [t.text for t in passed_draft.get_comment_targets()]
    assert [a["text"] for a in regulation.articles()] == draft_texts
    assert [a["number"] for a in regulation.articles()] == ["第一条", "第二条", "第三条", "第四条"]
    # The structure comes along: the draft's chapter heads the regulation's text too.
    headings = [(i["type"], i["number"], i["title"]) for i in regulation.text_items if "title" in i]
    assert headings == [("chapter", "第一章", "总则")]

    # Made once: the button is gone, and a second submit leads to the same regulation.
    again = client.post(_url(passed_draft), {"index": reg_index.pk})
    assert again["Location"] == reverse("wagtailadmin_pages:edit", args=[regulation.pk])
    assert RegulationPage.objects.filter(source_draft=passed_draft).count() == 1
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[passed_draft.pk]))
    assert _url(passed_draft) not in edit.content.decode()


def test_a_draft_not_passed_is_refused(client, reg_index, draft_editor, demo_site):
    draft = DraftFactory(articles=3)
    client.force_login(draft_editor)
    assert (
        _url(draft)
        not in client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    )
    for response in (client.get(_url(draft)), client.post(_url(draft), {"index": reg_index.pk})):
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert not RegulationPage.objects.filter(source_draft=draft).exists()


def test_only_drafts_and_only_editors(
    client, passed_draft, reg_index, draft_editor, make_regulation
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    outsider = get_user_model().objects.create_user("reg-from-outsider", password="pw-12345-abc")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.post(_url(passed_draft), {"index": reg_index.pk})
    assert response.status_code == 403 or response["Location"] == "/admin/"

    client.force_login(draft_editor)
    not_a_draft = make_regulation(n=1)
    response = client.get(_url(not_a_draft))
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert client.get(reverse("regulations_admin:from_draft", args=[10**9])).status_code == 404
    assert not RegulationPage.objects.filter(source_draft=passed_draft).exists()
