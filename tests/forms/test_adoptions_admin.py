"""Naming the articles of the new version that took up an opinion, in the admin: when recording
the adoption, and afterwards (关联新条文) on the opinion's page."""

import pytest
from django.urls import reverse

from forms.adoptions import AdoptedInto
from forms.intake import Submission, create_opinion
from forms.models import Channel
from forms.workflow import Status, transition
from tests.forms.test_adoptions import on_first_version


def inspect(client, opinion):
    return client.get(reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk]))


def post_transition(client, opinion, **data):
    url = reverse("wagtailsnippets_forms_opinion:transition", args=[opinion.pk])
    return client.post(url, data)


def test_adoption_names_new_articles(client, editor, closed_draft):
    opinion = on_first_version(closed_draft, status=Status.FORWARDED)
    current = closed_draft.get_comment_targets()
    client.force_login(editor)
    html = inspect(client, opinion).content.decode()
    assert 'name="adopted_into"' in html and "吸收到新版本条文" in html
    # Each choice: the article's number and its first words.
    assert current[3].label in html and current[3].text[:10] in html
    response = post_transition(
        client, opinion, to_status="adopted", reply="已吸收。", adopted_into=[current[3].key]
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Status.ADOPTED
    assert list(
        AdoptedInto.objects.filter(opinion=opinion).values_list("article_key", flat=True)
    ) == [current[3].key]
    notes = list(opinion.history.values_list("note", flat=True))
    assert any(current[3].label in note for note in notes)
    html = inspect(client, opinion).content.decode()
    assert f'data-adopted-article="{current[3].key}"' in html


@pytest.mark.parametrize("key", ["forged", '=HYPERLINK("http://x")', "\x00"])
def test_forged_article_keeps_what_was_typed(client, editor, closed_draft, key):
    opinion = on_first_version(closed_draft, status=Status.FORWARDED)
    client.force_login(editor)
    response = post_transition(
        client, opinion, to_status="adopted", reply="这段答复很长，不能丢。", adopted_into=[key]
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "这段答复很长，不能丢。" in html and "无法更改状态" in html
    opinion.refresh_from_db()
    assert opinion.status == Status.FORWARDED
    assert not AdoptedInto.objects.filter(opinion=opinion).exists()


def test_articles_only_with_an_adoption(client, editor, closed_draft):
    opinion = on_first_version(closed_draft, status=Status.FORWARDED)
    key = closed_draft.get_comment_targets()[0].key
    client.force_login(editor)
    response = post_transition(
        client, opinion, to_status="not_adopted", reply="不采纳。", adopted_into=[key]
    )
    assert response.status_code == 200
    assert "只有采纳或部分采纳" in response.content.decode()
    opinion.refresh_from_db()
    assert (
        opinion.status == Status.FORWARDED
        and not AdoptedInto.objects.filter(opinion=opinion).exists()
    )


def test_link_afterwards(client, editor, closed_draft):
    opinion = on_first_version(closed_draft, status=Status.PARTLY_ADOPTED)
    current = closed_draft.get_comment_targets()
    client.force_login(editor)
    html = inspect(client, opinion).content.decode()
    assert "关联新条文" in html
    url = reverse("wagtailsnippets_forms_opinion:adopted_into", args=[opinion.pk])
    assert client.post(url, {"adopted_into": [current[1].key, current[2].key]}).status_code == 302
    assert AdoptedInto.objects.filter(opinion=opinion).count() == 2
    # The same choice again stores nothing twice; a forged one is refused with the form kept.
    client.post(url, {"adopted_into": [current[1].key, current[2].key]})
    assert AdoptedInto.objects.filter(opinion=opinion).count() == 2
    response = client.post(url, {"adopted_into": ["forged"]})
    assert response.status_code == 200 and "未保存" in response.content.decode()
    assert AdoptedInto.objects.filter(opinion=opinion).count() == 2


def test_link_afterwards_needs_the_right_to_decide(client, closed_draft):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    reader = get_user_model().objects.create_user("reader", "r@example.com", "pw")
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_opinion"])
    )
    opinion = on_first_version(closed_draft, status=Status.ADOPTED)
    client.force_login(reader)
    assert "关联新条文" not in inspect(client, opinion).content.decode()
    url = reverse("wagtailsnippets_forms_opinion:adopted_into", args=[opinion.pk])
    key = closed_draft.get_comment_targets()[0].key
    assert client.post(url, {"adopted_into": [key]}).status_code in (302, 403)
    assert not AdoptedInto.objects.filter(opinion=opinion).exists()


def test_no_choice_without_a_newer_version(client, editor, draft):
    opinion = create_opinion(
        draft, Submission(text="意见", target=draft.get_comment_targets()[0]), channel=Channel.WEB
    )
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    client.force_login(editor)
    html = inspect(client, opinion).content.decode()
    assert 'name="adopted_into"' not in html


def test_group_answer_names_new_articles_for_every_member(client, editor, closed_draft):
    from forms.dedupe import group_duplicates

    text = "建议第二条写明停车场管理条例适用于乡镇停车场，把适用范围说清楚。"
    members = [
        on_first_version(closed_draft, 2, status=Status.FORWARDED, text=text) for _ in range(2)
    ]
    group_duplicates(closed_draft.pk)
    group_id = type(members[0]).objects.get(pk=members[0].pk).group_id
    assert group_id and type(members[1]).objects.get(pk=members[1].pk).group_id == group_id
    current = closed_draft.get_comment_targets()
    client.force_login(editor)
    inspect_url = reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[group_id])
    assert 'name="adopted_into"' in client.get(inspect_url).content.decode()
    url = reverse("wagtailsnippets_forms_opiniongroup:answer", args=[group_id])
    client.post(
        url, {"to_status": "adopted", "reply": "已吸收。", "adopted_into": [current[1].key]}
    )
    for member in members:
        member.refresh_from_db()
        assert member.status == Status.ADOPTED
        assert list(member.adopted_into.values_list("article_key", flat=True)) == [current[1].key]
