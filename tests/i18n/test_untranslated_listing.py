"""An English (or zh-hant) listing of content not translated yet shows the Chinese original, marked
as Chinese, rather than an empty list: drafts index, the home page's open drafts, and the other
index pages (events, 普法, points)."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils import timezone
from wagtail.models import Locale

from tests.i18n.conftest import needs, translate_into

pytestmark = pytest.mark.django_db


def _soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def _in(model, language):
    return model.objects.live().get(locale__language_code=language)


def _marked(link):
    """A link shown in Chinese inside an English page: lang on it and the badge next to it."""
    return link.get("lang") == "zh-Hans"


@pytest.fixture
def drafts_en(demo_site):
    if not apps.is_installed("drafts"):
        pytest.skip("drafts plugin not installed")
    from drafts.models import DraftIndexPage, RegulationDraftPage

    index = _in(DraftIndexPage, "en")
    chinese = list(RegulationDraftPage.objects.live().filter(locale__language_code="zh-hans"))
    assert chinese and not RegulationDraftPage.objects.filter(locale=index.locale).exists()
    return index, chinese


@needs["drafts"]
def test_english_drafts_index_lists_the_chinese_drafts_marked_as_chinese(client, drafts_en):
    index, chinese = drafts_en
    soup = _soup(client, index.url)
    count = soup.select_one(".drafts-count").get_text(strip=True)
    assert count == f"{len(chinese)} drafts", count
    cards = soup.select(".draft-card")
    assert len(cards) == len(chinese)
    for card in cards:
        link = card.h3.a
        assert _marked(link), link
        assert card.select_one(".badge-original-language").get_text(strip=True) == "Chinese only"
    # No topic is translated yet: the filter offers the Chinese ones the drafts carry.
    assert len(soup.select("#filter-topic option")) > 1
    # Links go to the Chinese pages (no /en/ prefix), one per draft.
    assert sorted(card.h3.a["href"] for card in cards) == sorted(d.url for d in chinese)


@needs["drafts"]
def test_a_translated_draft_replaces_its_chinese_original(client, drafts_en):
    index, chinese = drafts_en
    wenming = next(d for d in chinese if d.slug == "wenming")
    english = translate_into(wenming, "en")
    english.title = "Civilised Behaviour Regulations (draft)"
    english.save_revision().publish()
    soup = _soup(client, index.url)
    links = {card.h3.a.get_text(strip=True): card.h3.a for card in soup.select(".draft-card")}
    assert len(links) == len(chinese)
    assert wenming.title not in links
    assert not _marked(links[english.title])
    assert links[english.title]["href"] == english.url
    # Topic and year filters still find a draft shown in Chinese.
    others = [d for d in chinese if d.pk != wenming.pk and d.topics.exists()]
    if others:
        other = others[0]
        topic = other.topics.first()
        url = f"{index.url}?topic={topic.slug}&year={other.opens_at.year}"
        titles = [c.h3.a.get_text(strip=True) for c in _soup(client, url).select(".draft-card")]
        assert other.title in titles


@needs["drafts"]
def test_traditional_index_marks_a_draft_not_converted_yet_as_simplified(client, drafts_en):
    from drafts.models import DraftIndexPage
    from tests.factories import DraftFactory

    new = DraftFactory(title="某市新拟条例（草案）")
    soup = _soup(client, _in(DraftIndexPage, "zh-hant").url)
    link = soup.find("a", string=new.title)
    assert _marked(link)
    badge = link.find_parent("li").select_one(".badge-original-language")
    assert badge.get_text(strip=True) == "僅有簡體版"  # Chinese, but not in this script
    assert len(soup.select(".badge-original-language")) == 1  # the others are converted


@needs["drafts"]
def test_chinese_drafts_index_has_no_marks(client, drafts_en):
    from drafts.models import DraftIndexPage

    soup = _soup(client, _in(DraftIndexPage, "zh-hans").url)
    assert soup.select(".draft-card")
    assert not soup.select(".badge-original-language, .draft-card [lang]")


@needs["drafts"]
def test_english_home_shows_the_open_chinese_drafts(client, drafts_en):
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    soup = _soup(client, home.url)
    section = soup.select_one(".home-open-drafts")
    assert section is not None, "no open-drafts section on the English home page"
    card = section.select_one(".draft-card")
    assert _marked(card.h3.a)
    assert card.select_one(".badge-original-language").get_text(strip=True) == "Chinese only"
    assert section.select_one("a[href]:not([lang])")  # "all drafts": the English index


def test_each_language_shows_each_draft_once(drafts_en):
    """The fallback never lists a draft twice (its translation and its original)."""
    index, chinese = drafts_en
    translate_into(chinese[0], "en")
    index = type(index).objects.get(pk=index.pk)
    keys = [d.translation_key for d in index.drafts()]
    assert sorted(keys) == sorted(d.translation_key for d in chinese)
    assert Locale.objects.filter(language_code="en").exists()


def _cards(soup, selector):
    return [
        (card.h3.a, card.select_one(".badge-original-language")) for card in soup.select(selector)
    ]


@needs["law_education"]
def test_english_law_education_index_adds_the_untranslated_articles(client, demo_site):
    from law_education.models import LawEducationArticlePage, LawEducationIndexPage

    index = _in(LawEducationIndexPage, "en")
    english = LawEducationArticlePage.objects.live().filter(locale=index.locale)
    chinese = LawEducationArticlePage.objects.live().filter(locale__language_code="zh-hans")
    untranslated = chinese.exclude(translation_key__in=english.values("translation_key"))
    assert english.exists() and untranslated.exists()  # the demo translates some articles
    soup = _soup(client, index.url)
    total = soup.select_one(".le-count").get_text(strip=True)
    assert str(english.count() + untranslated.count()) in total
    cards = _cards(soup, ".le-card")
    marked = {link.get_text(strip=True) for link, badge in cards if _marked(link) and badge}
    plain = {link.get_text(strip=True) for link, badge in cards if not _marked(link)}
    assert marked and marked <= set(untranslated.values_list("title", flat=True))
    assert plain and plain <= set(english.values_list("title", flat=True))


@pytest.mark.skipif(not apps.is_installed("events"), reason="events plugin not installed")
def test_english_events_index_marks_the_chinese_notices(client, demo_site):
    from events.models import EventIndexPage, EventNoticePage

    index = _in(EventIndexPage, "en")
    upcoming = EventNoticePage.objects.live().filter(end__gte=timezone.now())
    notice = upcoming.filter(locale__language_code="zh-hans").order_by("start").first()
    english = translate_into(notice, "en")
    english.title = "Open day at the contact point"
    english.save_revision().publish()
    soup = _soup(client, index.url)
    cards = _cards(soup, ".ev-item")
    titles = [link.get_text(strip=True) for link, _badge in cards]
    assert english.title in titles and notice.title not in titles
    # The other notices, untranslated, are still listed (in Chinese), not left out.
    assert len(cards) > 1
    for link, badge in cards:
        if link["href"] == english.url:
            assert not _marked(link) and badge is None
        else:
            assert _marked(link) and badge.get_text(strip=True) == "Chinese only", link


@pytest.mark.skipif(not apps.is_installed("liaison_points"), reason="points plugin not installed")
def test_english_points_index_adds_an_untranslated_point(client, demo_site):
    from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage

    index = _in(LiaisonPointIndexPage, "en")
    english = LiaisonPointPage.objects.live().filter(locale=index.locale)
    before = english.count()
    assert before
    # A new point written in Chinese, not translated yet.
    source = _in(LiaisonPointIndexPage, "zh-hans")
    original = LiaisonPointPage.objects.live().filter(locale=source.locale).first()
    new = original.copy(update_attrs={"slug": "xin-dian", "title": "新设联系点"}, keep_live=True)
    soup = _soup(client, index.url)
    cards = _cards(soup, ".lp-item")
    assert len(cards) == before + 1
    link, badge = next(card for card in cards if card[0].get_text(strip=True) == new.title)
    assert _marked(link) and badge.get_text(strip=True) == "Chinese only"
    assert link["href"] == new.url


@needs["drafts"]
def test_the_fallback_costs_the_same_queries_for_more_drafts(client, drafts_en):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DraftFactory

    index, chinese = drafts_en

    def queries():
        client.get(index.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            soup = _soup(client, index.url)
        return len(captured), len(soup.select(".draft-card"))

    before, shown = queries()
    DraftFactory.create_batch(3)
    after, shown_after = queries()
    assert shown_after == shown + 3
    assert after == before
