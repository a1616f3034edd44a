"""Dates and times follow each language's conventions (Django's formats, by name, in every
template): 2026年11月21日 14:30 in Chinese, "Nov. 21, 2026, 2:30 PM" in English."""

import re
from datetime import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.i18n.conftest import needs, translate_into

PREFIX = {"zh-hans": "", "zh-hant": "/zh-hant", "en": "/en"}


def _shown(value, fmt, language):
    with translation.override(language):
        return date_format(timezone.localtime(value), fmt)


def test_formats_by_language():
    moment = timezone.make_aware(datetime(2026, 11, 21, 14, 30))
    assert _shown(moment, "DATE_FORMAT", "zh-hans") == "2026年11月21日"
    assert _shown(moment, "DATETIME_FORMAT", "zh-hant") == "2026年11月21日 14:30"
    assert _shown(moment, "MONTH_DAY_FORMAT", "zh-hans") == "11月21日"
    assert _shown(moment.replace(month=5, day=3), "MONTH_DAY_FORMAT", "zh-hant") == "5月3日"
    assert _shown(moment, "DATE_FORMAT", "en") == "Nov. 21, 2026"
    assert _shown(moment, "DATETIME_FORMAT", "en") == "Nov. 21, 2026, 2:30 PM"  # no "p.m.."
    assert _shown(moment, "YEAR_MONTH_FORMAT", "en") == "November 2026"


@needs["drafts"]
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_draft_comment_window(client, draft, language):
    page = translate_into(draft, "en") if language == "en" else draft
    path = PREFIX[language] + "/drafts/wenming/"
    html = client.get(path).content.decode()
    closes = _shown(page.specific.closes_at, "DATETIME_FORMAT", language)
    assert closes in html
    if language == "en":
        assert re.search(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M", closes)
        assert ".." not in html.replace("...", "")  # a sentence ending on the time
    else:
        assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", closes)
    # The index lists the window too, in the same convention.
    index = client.get(PREFIX[language] + "/drafts/").content.decode()
    assert _shown(page.specific.opens_at, "DATE_FORMAT", language) in index
    assert not re.search(r">[^<]*\b\d{4}-\d{2}-\d{2}\b", html + index), "no ISO dates on show"


@needs["events"]
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_event_time(client, demo_site, language):
    from events.models import EventNoticePage

    event = EventNoticePage.objects.filter(locale__language_code="zh-hans").live().first()
    if language == "en":
        event = translate_into(event, "en").specific
    elif language == "zh-hant":
        event = event.get_translation(event.locale.__class__.objects.get(language_code=language))
    with translation.override(language):
        url = event.url
    html = client.get(url).content.decode()
    assert _shown(event.start, "DATETIME_FORMAT", language) in html
    assert f">{_shown(event.end, 'TIME_FORMAT', language)}<" in html or (
        _shown(event.end, "DATETIME_FORMAT", language) in html
    )
    if language == "en":
        assert "年" not in _shown(event.start, "DATETIME_FORMAT", language)
