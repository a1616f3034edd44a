"""The home page leads with what is open: the open drafts, each with its days
left, the opinions received and a button to read and comment, before events, 普法 and points."""

import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.phone import PHONE_812

pytestmark = [pytest.mark.browser]


def test_home_leads_with_the_open_draft(live_demo, new_page):
    from wagtail.models import Site

    from core.plugins import opinion_counts
    from drafts.models import RegulationDraftPage

    home = Site.objects.get(is_default_site=True).root_page
    # The drafts open now in the home page's language, closing soonest first: the demo must have
    # some, or every check below would pass over nothing.
    drafts = [
        d
        for d in RegulationDraftPage.objects.live().filter(locale_id=home.locale_id)
        .order_by("closes_at", "pk")
        if d.status == "open"
    ]  # fmt: skip
    assert drafts, "the demo has no open draft: the home page has nothing to lead with"
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/")

    sections = page.locator("main .home-section")
    first = sections.first
    assert first.locator("h2").inner_text() == "正在征求意见"
    cards = first.locator(".draft-card")
    assert cards.count() == len(drafts)
    for index, draft in enumerate(drafts):
        text = cards.nth(index).inner_text()
        assert draft.title in text and f"还剩 {draft.days_left} 天" in text
        received = int(re.search(r"已收到 (\d+) 条意见", text).group(1))
        assert received == sum(opinion_counts(draft).values())
    # The demo's first open draft has opinions: the count shown is not a constant 0.
    draft = drafts[0]
    assert sum(opinion_counts(draft).values()) > 0
    card = cards.first
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
