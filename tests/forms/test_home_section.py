"""The forms plugin's home section: calls for suggestions and questionnaires that take answers
now come second on the home page, after the open drafts and before events."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Locale

from forms.models import OpinionFormPage

pytestmark = pytest.mark.django_db

TITLE = "征集意见和问卷"


def home_sections(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select("main .home-section")


def _section(sections):
    found = [
        s
        for s in sections
        if s.h2.get_text(strip=True) in (TITLE, "Calls for suggestions and questionnaires")
    ]
    return found[0] if found else None


def _call(home_page, slug, **fields):
    page = home_page.add_child(instance=OpinionFormPage(title=f"问卷 {slug}", slug=slug, **fields))
    page.save_revision().publish()
    return page


def test_open_calls_come_after_drafts_and_before_events(client, home_page):
    demo_call = OpinionFormPage.objects.live().get(locale__language_code="zh-hans")
    now = timezone.now()
    soon = _call(home_page, "soon", closes_at=now + dt.timedelta(days=3))
    _call(home_page, "closed", closes_at=now - dt.timedelta(days=1))
    _call(home_page, "later", opens_at=now + dt.timedelta(days=5))
    sections = home_sections(client, home_page.url)
    section = _section(sections)
    assert section is not None
    titles = [card.h3.get_text(strip=True) for card in section.select(".call-card")]
    # Closing soonest first; one without a closing date last; closed and not yet open left out.
    assert titles == [soon.title, demo_call.title]
    cards = section.select(".call-card")
    assert "还剩 3 天" in cards[0].get_text() or "还剩 2 天" in cards[0].get_text()
    assert "长期征集" in cards[1].get_text()
    assert re.search(r"已收到 \d+ 份", cards[1].get_text())
    assert cards[0].find("a", class_="btn")["href"] == soon.url
    headings = [s.h2.get_text(strip=True) for s in sections]
    assert headings.index("正在征求意见") < headings.index(TITLE) < headings.index("近期活动")


def test_answers_are_counted(client, home_page):
    from forms.intake import Submission, create_opinion
    from forms.models import Channel

    call = _call(home_page, "counted")
    for text in ("第一份答卷", "第二份答卷"):
        create_opinion(call, Submission(text=text), channel=Channel.FORM)
    section = _section(home_sections(client, home_page.url))
    card = next(c for c in section.select(".call-card") if c.h3.get_text(strip=True) == call.title)
    assert "已收到 2 份" in card.get_text()


def test_english_home_lists_calls_in_english(client, home_page):
    en_home = home_page.get_translation_or_none(Locale.objects.get(language_code="en"))
    assert en_home is not None
    section = _section(home_sections(client, en_home.url))
    assert section is not None
    assert section.h2.get_text(strip=True) == "Calls for suggestions and questionnaires"
    assert "Take part" in section.get_text()


def test_no_section_without_open_calls(client, home_page):
    OpinionFormPage.objects.all().update(closes_at=timezone.now() - dt.timedelta(days=1))
    assert _section(home_sections(client, home_page.url)) is None
