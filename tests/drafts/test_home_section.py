"""The drafts plugin's home section: what is open comes first on the home page."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from core.plugins import opinion_counts

pytestmark = pytest.mark.django_db


def home_sections(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select("main .home-section")


def test_open_drafts_lead_the_home_page(client, home_page, demo_draft, make_draft):
    wenming = demo_draft("wenming")
    sooner = make_draft(3, slug="closes-sooner", closes_at=timezone.now() + dt.timedelta(days=2))
    sections = home_sections(client, home_page)
    first = sections[0]
    assert first.h2.get_text(strip=True) == "正在征求意见"
    cards = first.select(".draft-card")
    # Closing soonest first: the resident has least time for it.
    assert [card.h3.get_text(strip=True) for card in cards] == [sooner.title, wenming.title]
    text = cards[1].get_text(" ", strip=True)
    assert f"还剩 {wenming.days_left} 天" in text
    received = int(re.search(r"已收到 (\d+) 条意见", text).group(1))
    assert received == sum(opinion_counts(wenming).values()) > 0
    button = cards[1].find("a", class_="btn")
    assert button.get_text(strip=True) == "阅读并提意见"
    assert button["href"] == wenming.url
    # Closed drafts are not "open": the 供热 draft has passed, the 停车 one is closed.
    assert "滨州市停车场管理条例（草案）" not in first.get_text()
    headings = [section.h2.get_text(strip=True) for section in sections]
    assert headings.index("正在征求意见") < headings.index("近期活动") < headings.index("普法园地")


def test_no_open_draft_no_section(client, home_page, demo_draft):
    wenming = demo_draft("wenming")
    wenming.closes_at = timezone.now() - dt.timedelta(hours=1)
    wenming.save_revision().publish()
    headings = [s.h2.get_text(strip=True) for s in home_sections(client, home_page)]
    assert "正在征求意见" not in headings
    # The next section leads: another plugin's (open calls, events), never an empty drafts one.
    assert headings[0] != "正在征求意见" and headings
