"""What the drafts plugin knows of a regulation's life (``core.plugins.LIFE_STORY_HOOK``): the
draft's 立项, each published version (征求意见稿, 二审稿…) with its date, and its passing
(表决通过, 批准, 公布施行) from the stages its timeline records with a date.

Two queries per call whatever the number of events: the drafts named, their versions."""

from __future__ import annotations

from wagtail import hooks

from core.plugins import LIFE_STORY_HOOK, StoryEvent

from .models import STAGES, DraftVersion, RegulationDraftPage

# The draft's stages the story shows, as the story's stages (core.plugins.STORY_STAGES); the
# readings in between are told by the versions published for them.
STORY_STAGE = {
    "project": "project",
    "adopted": "passed",
    "approved": "passed",
    "promulgated": "in_force",
}
STAGE_LABELS = dict(STAGES)


@hooks.register(LIFE_STORY_HOOK)
def draft_story(page_ids: frozenset[int]) -> list[StoryEvent]:
    drafts = list(
        RegulationDraftPage.objects.live()
        .public()
        .filter(pk__in=page_ids)
        .defer("body", "explanation", "summary")
    )
    if not drafts:
        return []
    events: list[StoryEvent] = []
    by_key = {}
    for draft in drafts:
        url = draft.get_url() or ""
        by_key[draft.translation_key] = (draft, url)
        for block in draft.timeline:
            value = block.value
            story_stage = STORY_STAGE.get(value.get("stage"))
            if story_stage and value.get("date"):
                title = str(STAGE_LABELS[value["stage"]])
                events.append(
                    StoryEvent(
                        value["date"],
                        story_stage,
                        title,
                        value.get("note") or draft.title,
                        url,
                        frozenset({draft.pk}),
                    )
                )
    # Versions are numbered as the draft page lists them (drafts.permalinks: versions/<n>/).
    numbers: dict = {}
    rows = (
        DraftVersion.objects.filter(page__translation_key__in=list(by_key), pending=False)
        .order_by("page__translation_key", "date", "pk")
        .values_list("page__translation_key", "label", "date")
    )
    for key, label, date in rows:
        numbers[key] = numbers.get(key, 0) + 1
        draft, url = by_key[key]
        version_url = url + draft.reverse_subpage("version", args=[numbers[key]]) if url else ""
        events.append(
            StoryEvent(
                date,
                "draft",
                label,  # 征求意见稿, 二审稿…: the draft's own name for the version
                draft.title,
                version_url,
                frozenset({draft.pk}),
            )
        )
    return events
