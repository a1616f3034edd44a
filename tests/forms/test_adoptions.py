"""Adopted opinions linked to the articles of a newer version that take them up (forms/adoptions.py):
who may be linked, to what, the history, and the two readers other plugins use."""

import pytest

from forms.adoptions import (
    AdoptedInto,
    adopted_into,
    adoptions_by_article,
    newer_targets,
    set_adopted_into,
)
from forms.intake import Submission, create_opinion
from forms.models import Channel
from forms.workflow import Status, TransitionError, transition


def on_first_version(page, ordinal=1, status=Status.ADOPTED, text="建议明确收费公示要求。"):
    """An opinion written on the 征求意见稿 (the draft's first version), decided ``status``."""
    first = page.version_rows[0]
    key = first.articles()[ordinal - 1]["key"]
    target = page.get_comment_target(key, version_id=first.pk)
    assert target.version_id == first.pk
    opinion = create_opinion(
        page, Submission(text=text, target=target), channel=Channel.WEB, check_window=False
    )
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step)
    if status in (Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED):
        transition(opinion, status, reply="已研究。", notify=False)
    return opinion


def test_link_adopted_opinion_to_current_articles(closed_draft, editor):
    opinion = on_first_version(closed_draft)
    current = closed_draft.get_comment_targets()
    assert current[0].version_id != opinion.article_version_id
    assert set_adopted_into(opinion, [current[4].key, current[2].key], user=editor)
    # Stored in text order, with the version the page says, and in the history.
    rows = list(AdoptedInto.objects.filter(opinion=opinion).order_by("pk"))
    assert [(r.version_id, r.article_key) for r in rows] == [
        (current[2].version_id, current[2].key),
        (current[4].version_id, current[4].key),
    ]
    last = opinion.history.last()
    assert last.user == editor and last.to_status == Status.ADOPTED
    assert current[2].label in last.note and current[4].label in last.note
    assert "二审稿" in last.note


def test_public_api_one_query_each(closed_draft, django_assert_num_queries):
    adopted = on_first_version(closed_draft, 1)
    partly = on_first_version(closed_draft, 2, status=Status.PARTLY_ADOPTED)
    current = closed_draft.get_comment_targets()
    version = current[0].version_id
    set_adopted_into(adopted, [current[0].key, current[1].key])
    set_adopted_into(partly, [current[1].key])
    with django_assert_num_queries(1):
        found = adopted_into(closed_draft)
    assert found[adopted.pk] == [(version, current[0].key), (version, current[1].key)]
    assert found[partly.pk] == [(version, current[1].key)]
    with django_assert_num_queries(1):
        by_article = adoptions_by_article(closed_draft, version_id=version)
    assert by_article[current[0].key] == [adopted.pk]
    assert by_article[current[1].key] == [adopted.pk, partly.pk]
    # The current version by default; an older version holds none.
    assert adoptions_by_article(closed_draft) == by_article
    assert adoptions_by_article(closed_draft, version_id=adopted.article_version_id) == {}


def test_relinking_replaces_and_same_choice_stores_nothing_twice(closed_draft):
    opinion = on_first_version(closed_draft)
    current = closed_draft.get_comment_targets()
    assert set_adopted_into(opinion, [current[0].key, current[0].key])
    assert AdoptedInto.objects.filter(opinion=opinion).count() == 1
    history = opinion.history.count()
    assert not set_adopted_into(opinion, [current[0].key])
    assert opinion.history.count() == history
    assert set_adopted_into(opinion, [current[3].key])
    assert list(
        AdoptedInto.objects.filter(opinion=opinion).values_list("article_key", flat=True)
    ) == [current[3].key]
    # Clearing the choice is recorded too.
    assert set_adopted_into(opinion, [])
    assert not AdoptedInto.objects.filter(opinion=opinion).exists()
    assert opinion.history.count() == history + 2


@pytest.mark.parametrize(
    "key",
    ["not-a-key", "", '=HYPERLINK("x")', "第一条", "\x00", "💥" * 80, "<b>x</b>"],
)
def test_forged_keys_are_refused(closed_draft, key):
    opinion = on_first_version(closed_draft)
    if not key:
        assert not set_adopted_into(opinion, [key])
        return
    with pytest.raises(TransitionError, match="当前版本"):
        set_adopted_into(opinion, [key])
    assert not AdoptedInto.objects.filter(opinion=opinion).exists()


def test_old_version_key_is_refused(closed_draft):
    """An article the new version deleted cannot take anything up."""
    opinion = on_first_version(closed_draft)
    current = {t.key for t in closed_draft.get_comment_targets()}
    gone = [a["key"] for a in closed_draft.version_rows[0].articles() if a["key"] not in current]
    assert gone, "the demo's second version deletes an article"
    with pytest.raises(TransitionError):
        set_adopted_into(opinion, [gone[0]])


@pytest.mark.parametrize("status", [Status.NOT_ADOPTED, Status.FORWARDED])
def test_only_adopted_opinions(closed_draft, status):
    opinion = on_first_version(closed_draft, status=status)
    key = closed_draft.get_comment_targets()[0].key
    with pytest.raises(TransitionError, match="采纳"):
        set_adopted_into(opinion, [key])
    assert not AdoptedInto.objects.filter(opinion=opinion).exists()


def test_no_newer_version_no_choice(draft):
    """On the open draft the opinions are on the current version itself: nothing newer."""
    opinion = create_opinion(
        draft, Submission(text="意见", target=draft.get_comment_targets()[0]), channel=Channel.WEB
    )
    for step in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, step)
    transition(opinion, Status.ADOPTED, reply="采纳。", notify=False)
    assert newer_targets(opinion) == []
    with pytest.raises(TransitionError, match="更新的版本"):
        set_adopted_into(opinion, [draft.get_comment_targets()[1].key])


def test_demo_closed_draft_shows_what_it_took_up(client, closed_draft):
    """The demo's closed draft: opinions on its 征求意见稿, the adopted ones linked to 二审稿 articles."""
    labels = {t.key: t.label for t in closed_draft.get_comment_targets()}
    by_article = adoptions_by_article(closed_draft)
    assert sorted(labels[key] for key in by_article) == ["第六条", "第十二条", "第四条"]
    assert [len(by_article[k]) for k in by_article if labels[k] == "第六条"] == [2]
    html = client.get(closed_draft.url).content.decode()
    assert html.count("data-absorbed=") == 3 and "本条吸收了 2 条公众意见" in html
