"""普法 cards and articles name their topic, series and audiences in the reader's language: an
index also lists articles not translated yet, and a translated article keeps its source's
many-to-many links (its audiences); the page shows their translations."""

import re

import pytest
from wagtail.models import Locale

from law_education.models import (
    Audience,
    LawEducationArticlePage,
    LawEducationIndexPage,
    LawTopic,
    Series,
)
from tests.translated import page_with_renamed_link

pytestmark = pytest.mark.django_db


def _labels(html: str) -> set[str]:
    return set(re.findall(r'class="(?:badge|badge le-audience|le-series-label)">([^<]+)<', html))


def _names(model, **where) -> set[str]:
    return set(model.objects.filter(**where).values_list("name", flat=True))


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_index_names_topics_and_series_in_the_readers_language(client, demo_site, language):
    locale = Locale.objects.get(language_code=language)
    own = _names(LawTopic, locale=locale) | _names(Series, locale=locale)
    other = (_names(LawTopic) | _names(Series)) - own
    labels = _labels(
        client.get(LawEducationIndexPage.objects.get(locale=locale).url).content.decode()
    )
    assert labels & own and not labels & other


def test_a_traditional_article_names_its_audiences_in_traditional_characters(client, demo_site):
    hant = Locale.objects.get(language_code="zh-hant")
    articles = LawEducationArticlePage.objects.live().filter(locale=hant)
    article = page_with_renamed_link(articles, lambda page: page.audiences.all(), hant)
    wanted = {a.get_translation(hant).name for a in article.audiences.all()}
    simplified = _names(Audience, locale__language_code="zh-hans") - wanted
    labels = _labels(client.get(article.url).content.decode())
    assert wanted <= labels and not labels & simplified
