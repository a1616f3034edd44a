"""core.life_story follows the pages each plugin's answer names until no new page turns up."""

import datetime as dt
from types import SimpleNamespace

from wagtail import hooks

from core.interfaces import OPINION, SubmissionKind, submission_kind
from core.plugins import LIFE_STORY_HOOK, StoryEvent, life_story


def test_story_follows_named_pages_across_plugins(db):  # installed plugins answer too
    # Three "plugins", each knowing one link of the chain plan item 1 -> draft 2 -> regulation 3.
    def plan(ids):
        if 1 in ids:
            return [StoryEvent(dt.date(2026, 1, 5), "plan", "列入计划", page_ids=frozenset({1, 2}))]
        return []

    def drafts(ids):
        if 2 in ids:
            return [
                StoryEvent(dt.date(2026, 3, 1), "draft", "征求意见稿", page_ids=frozenset({2})),
                StoryEvent(dt.date(2026, 9, 1), "passed", "表决通过", page_ids=frozenset({2, 3})),
            ]
        return []

    def regulations(ids):
        if 3 in ids:
            return [
                StoryEvent(dt.date(2026, 9, 1), "in_force", "公布", page_ids=frozenset({3})),
                StoryEvent(dt.date(2026, 1, 1), "plan", "old", page_ids=frozenset()),
            ]
        return []

    with (
        hooks.register_temporarily(LIFE_STORY_HOOK, regulations),
        hooks.register_temporarily(LIFE_STORY_HOOK, drafts),
        hooks.register_temporarily(LIFE_STORY_HOOK, plan),
    ):
        story = life_story(SimpleNamespace(pk=1))
    # Oldest first; on the same day the earlier stage comes first (passed before in force).
    assert [e.title for e in story] == ["old", "列入计划", "征求意见稿", "表决通过", "公布"]


def test_story_of_an_unknown_page_is_empty(db):
    assert life_story(SimpleNamespace(pk=999999)) == []


def test_submission_kind_defaults_to_opinion_and_reads_the_page():
    assert submission_kind(SimpleNamespace()) is OPINION
    kind = SubmissionKind(noun="建议", subject_label="建议项目名称")
    page = SimpleNamespace(specific=SimpleNamespace(submission_kind=lambda: kind))
    assert submission_kind(page) is kind


def test_story_page_shows_the_steps_and_hides_unknown_pages(client, db):
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    home = root.get_children().first() or root

    def steps(ids):
        if home.pk in ids:
            return [StoryEvent(dt.date(2026, 2, 3), "in_force", "施行", detail="第一版")]
        return []

    with hooks.register_temporarily(LIFE_STORY_HOOK, steps):
        response = client.get(f"/licheng/{home.pk}/")
        missing = client.get("/licheng/999999/")
    assert response.status_code == 200
    assert "施行" in response.content.decode() and "第一版" in response.content.decode()
    assert missing.status_code == 404
    # A page with no story is not given an empty timeline either.
    assert client.get(f"/licheng/{home.pk}/").status_code == 404


def test_one_fact_told_by_two_plugins_is_told_once(db):
    """A draft records 公布施行 on the day the regulation in force says 公布: the step of higher
    precedence is told; two steps of one plugin on one day (公布 and 施行) both are."""

    def drafts(ids):
        return [
            StoryEvent(dt.date(2016, 9, 26), "draft", "公布稿", page_ids=frozenset({2})),
            StoryEvent(dt.date(2016, 9, 26), "in_force", "公布施行", page_ids=frozenset({2})),
        ]

    def regulations(ids):
        return [
            StoryEvent(dt.date(2016, 9, 26), "in_force", "公布", precedence=1),
            StoryEvent(dt.date(2016, 9, 26), "in_force", "施行", precedence=1),
        ]

    with (
        hooks.register_temporarily(LIFE_STORY_HOOK, drafts),
        hooks.register_temporarily(LIFE_STORY_HOOK, regulations),
    ):
        titles = {e.title for e in life_story(SimpleNamespace(pk=2))}
    assert {"公布稿", "公布", "施行"} <= titles and "公布施行" not in titles
