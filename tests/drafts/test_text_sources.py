"""One source of truth for a draft's text: after an edit is published, every derived form agrees
with the published page's body (see the ``drafts.models`` docstring)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest
from wagtail.search.backends import get_search_backend

from drafts.models import DraftVersion, PublishedArticle, RegulationDraftPage

pytestmark = pytest.mark.django_db

DELETED_WORDS = "共享单车"
REWORDED_WORDS = "电动自行车"


def edit_and_publish(page, change):
    """What an editor does in the page editor: change the latest revision's body, publish it."""
    latest = page.get_latest_revision_as_object()
    raw = [dict(block) for block in latest.body.raw_data]
    latest.body = change(raw)
    latest.save_revision().publish()
    return RegulationDraftPage.objects.get(pk=page.pk)


def articles_of(raw):
    return [i for i, block in enumerate(raw) if block["type"] == "article"]


def structure_articles(structure: dict) -> list[dict]:
    """The API structure's articles in reading order (loose articles, chapters, then parts)."""
    found = list(structure["articles"])

    def chapter(node):
        found.extend(node["articles"])
        for section in node["sections"]:
            found.extend(section["articles"])

    def part(node):
        found.extend(node["articles"])
        for child in node["chapters"]:
            chapter(child)
        for child in node["parts"]:
            part(child)

    for node in structure["chapters"]:
        chapter(node)
    for node in structure.get("parts", []):
        part(node)
    return found


FIELDS = ("key", "number", "ordinal", "text")


def fields(articles):
    return [tuple(a[name] for name in FIELDS) for a in articles]


def search_keys(page, words: str) -> set[str]:
    """The keys of the page's articles the search backend finds (the demo drafts have their own)."""
    rows = PublishedArticle.objects.filter(page_id=page.pk)
    return {row.key for row in get_search_backend().search(words, rows)}


@dataclass
class Edit:
    page: RegulationDraftPage  # as published with the edit
    deleted_key: str  # the article the edit deleted
    found_before: set[str]  # the keys search found for DELETED_WORDS before the edit


@pytest.fixture
def edited(make_draft) -> Edit:
    """A published draft whose third article an editor first made searchable by its own words,
    then, in one edit: deleted it, reworded the second, renamed the first chapter and added a
    seventh."""
    page = make_draft(6)

    def mark_third(raw):
        third = raw[articles_of(raw)[2]]
        third["value"] = {**third["value"], "text": f"{DELETED_WORDS}停放管理办法另行规定。"}
        return raw

    page = edit_and_publish(page, mark_third)
    # Read now: once the edit is published, this instance no longer reliably shows the old text.
    deleted_key = page.articles()[2]["key"]
    found_before = search_keys(page, DELETED_WORDS)

    def edit(raw):
        positions = articles_of(raw)
        second, third = raw[positions[1]], raw[positions[2]]
        second["value"] = {**second["value"], "text": f"{REWORDED_WORDS}不得在楼道内充电。"}
        chapter = next(block for block in raw if block["type"] == "chapter")
        chapter["value"] = {**chapter["value"], "title": "总则"}
        new = {
            "type": "article",
            "id": str(uuid.uuid4()),
            "value": {"number": "第七条", "text": "新增的条文。\n（一）第一项；"},
        }
        raw.remove(third)
        return [*raw, new]

    return Edit(edit_and_publish(page, edit), deleted_key, found_before)


def test_the_edit_is_in_the_authoritative_text(edited):
    page = edited.page
    numbers = [a["number"] for a in page.articles()]
    assert len(numbers) == 6 and numbers[-1] == "第七条"
    assert edited.deleted_key not in {a["key"] for a in page.articles()}
    assert page.articles()[1]["text"].startswith(REWORDED_WORDS)


def test_current_version_is_the_published_text(edited):
    page = edited.page
    version = DraftVersion.objects.get(page=page, is_current=True)
    assert version.items() == page.text_items
    assert page.current_version.pk == version.pk
    # An edit in the page editor rewrites the current version; it does not add one.
    assert DraftVersion.objects.filter(page=page).count() == 1


def test_published_articles_are_the_published_text(edited):
    page = edited.page
    rows = list(PublishedArticle.objects.filter(page=page).order_by("position"))
    assert [tuple(getattr(r, name) for name in FIELDS) for r in rows] == fields(page.articles())
    positions = [i for i, item in enumerate(page.text_items) if item["type"] == "article"]
    assert [row.position for row in rows] == positions
    assert rows[0].chapter_title == "第一章 总则"


def test_search_index_has_the_published_text(edited):
    page = edited.page
    assert search_keys(page, REWORDED_WORDS) == {page.articles()[1]["key"]}
    assert edited.found_before == {edited.deleted_key}
    assert search_keys(page, DELETED_WORDS) == set()


def test_api_structure_is_the_published_text(client, edited):
    page = edited.page
    data = json.loads(client.get(f"/api/v2/pages/{page.pk}/").content)
    articles = structure_articles(data["structure"])
    assert fields(articles) == fields(page.articles())
    assert [a["anchor"] for a in articles] == [f"article-{a['ordinal']}" for a in page.articles()]
    assert data["structure"]["chapters"][0]["title"] == "总则"
    # 款 and 项 come from the same text: their texts are the article's lines.
    for article in articles:
        lines = []
        for paragraph in article["paragraphs"]:
            lines.append(paragraph["text"])
            lines.extend(item["label"] + item["text"] for item in paragraph["items"])
        assert "".join(lines) == article["text"].replace("\n", "")
