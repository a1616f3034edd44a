"""A draft's topics read in the reader's language: the traditional-Chinese site shows the zh-hant
topics, though a translated draft keeps its source's (simplified) topic links."""

import re

import pytest
from wagtail.models import Locale

from drafts.models import DraftIndexPage, DraftTopic, RegulationDraftPage
from tests.translated import page_with_renamed_link

pytestmark = pytest.mark.django_db


def _traditional_draft(hant):
    drafts = RegulationDraftPage.objects.live().filter(locale=hant)
    return page_with_renamed_link(drafts, lambda page: page.topics.all(), hant)


def _badges(html: str) -> list[str]:
    return re.findall(r'class="badge"[^>]*>([^<]+)</', html)


def test_the_demo_gives_every_topic_its_traditional_copy(demo_site):
    hans = DraftTopic.objects.filter(locale__language_code="zh-hans")
    hant = DraftTopic.objects.filter(locale__language_code="zh-hant")
    assert hans.exists()
    assert set(hant.values_list("translation_key", flat=True)) == set(
        hans.values_list("translation_key", flat=True)
    )
    assert "公用事業" in set(hant.values_list("name", flat=True))


def test_the_traditional_index_and_draft_show_traditional_topics(client, demo_site):
    hant = Locale.objects.get(language_code="zh-hant")
    index = DraftIndexPage.objects.get(locale=hant)
    draft = _traditional_draft(hant)
    # The translated draft still links the zh-hans topics; the page shows their zh-hant copies.
    assert {t.locale_id for t in draft.topics.all()} != {hant.pk}
    wanted = {t.get_translation(hant).name for t in draft.topics.all()}
    simplified = {t.name for t in draft.topics.all()} - wanted
    for page in (index, draft):
        shown = set(_badges(client.get(page.url).content.decode()))
        assert wanted <= shown and not simplified & shown, page.url


def test_the_english_index_names_the_topics_in_english(client, demo_site):
    """The English index also lists the drafts not translated yet (in Chinese); their topics,
    which have English copies, read in English."""
    en = Locale.objects.get(language_code="en")
    english = set(DraftTopic.objects.filter(locale=en).values_list("name", flat=True))
    assert english >= {"Public utilities", "Urban management", "Civility"}
    chinese = set(DraftTopic.objects.exclude(locale=en).values_list("name", flat=True))
    shown = set(_badges(client.get(DraftIndexPage.objects.get(locale=en).url).content.decode()))
    assert shown & english and not shown & chinese


def test_a_topic_not_translated_yet_is_marked_as_chinese(client, demo_site):
    """Read aloud in the right voice: an English page marks a topic it shows in Chinese."""
    en = Locale.objects.get(language_code="en")
    hans = Locale.objects.get(language_code="zh-hans")
    draft = RegulationDraftPage.objects.live().filter(locale=hans).first()
    topic = DraftTopic.objects.create(name="物业管理", slug="wuye", locale=hans)
    draft.topics.add(topic)
    draft.save()
    html = client.get(DraftIndexPage.objects.get(locale=en).url).content.decode()
    assert re.search(r'<span class="badge" lang="zh-Hans">物业管理</span>', html)
    assert re.search(r'<span class="badge">Civility</span>', html)


def test_the_api_names_a_traditional_drafts_topics_in_traditional_characters(client, demo_site):
    import json

    hant = Locale.objects.get(language_code="zh-hant")
    draft = _traditional_draft(hant)
    data = json.loads(client.get(f"/api/v2/pages/{draft.pk}/").content)
    assert data["topic_names"] == [t.get_translation(hant).name for t in draft.topics.all()]
