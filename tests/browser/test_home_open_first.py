"""The home page leads with what is open (issue 15, part 2): the open drafts, each with its days
left, the opinions received and a button to read and comment, before events, 普法 and points."""

import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812

pytestmark = [pytest.mark.browser]


def test_home_leads_with_the_open_draft(live_demo, new_page):
    from core.plugins import opinion_counts
    from drafts.models import RegulationDraftPage

    draft = next(d for d in RegulationDraftPage.objects.live() if d.status == "open")
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/")

    sections = page.locator("main .home-section")
    first = sections.first
    assert first.locator("h2").inner_text() == "正在征求意见"
    card = first.locator(".draft-card").filter(has_text=draft.title)
    assert f"还剩 {draft.days_left} 天" in card.inner_text()
    received = int(re.search(r"已收到 (\d+) 条意见", card.inner_text()).group(1))
    assert received == sum(opinion_counts(draft).values()) > 0
    button = card.get_by_role("link", name="阅读并提意见")
    assert button.get_attribute("href").rstrip("/").endswith(draft.url.rstrip("/"))
    # On a phone at 100 % text the button is on the first screen.
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE_812["height"]
    # Then the rest, in the plugins' order.
    headings = sections.locator("h2").all_inner_texts()
    assert headings.index("近期活动") < headings.index("普法园地") < headings.index("联系点")
    screenshot(page, "phone-home-open-first")

    button.click()
    page.wait_for_url(f"**{draft.url}")
    assert page.locator("h1").inner_text() == draft.title
