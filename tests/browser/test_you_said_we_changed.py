"""您说了，我们改了: on the demo's closed draft, a reader sees under 二审稿第六条 the public opinions it
took up and follows one back to the article it was written on; the resident who sent it looks it up
and reads their article beside the new wording, stacked on a phone and side by side on a desktop."""

import re

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow

pytestmark = [pytest.mark.browser]

# The demo's adopted opinion on 征求意见稿第五条 (forms/demo_data/opinions.toml).
PHONE = "13800002001"


@pytest.fixture
def receipt_code(live_demo):
    from forms.models import Opinion

    return Opinion.objects.get(phone=PHONE).receipt_code


def test_reader_follows_a_taken_up_opinion_back(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(f"{live_demo.url}/drafts/tingche/#article-6")
    absorbed = page.locator("#article-6 .article-absorbed")
    absorbed.get_by_text("本条吸收了 2 条公众意见").click()
    assert "另有 1 条未公开的意见" in absorbed.inner_text()
    assert sideways_overflow(page) <= 0
    screenshot(page, "absorbed-article-phone")
    absorbed.get_by_role("link", name="就征求意见稿第五条提出").click()
    page.wait_for_url(re.compile(r"/drafts/tingche/versions/1/articles/5/$"))
    assert "本条在二审稿中为第六条" in page.locator("[data-article-now]").inner_text()
    # The comparison of the two versions says the same under the article that changed.
    page.goto(f"{live_demo.url}/drafts/tingche/versions/compare/")
    rows = page.locator(".compare-row", has=page.locator("[data-absorbed]"))
    assert rows.count() == 3
    assert sideways_overflow(page) <= 0


@pytest.mark.parametrize("viewport", [PHONE_812, DESKTOP], ids=["phone", "desktop"])
def test_resident_sees_the_new_wording_beside_theirs(live_demo, new_page, receipt_code, viewport):
    page = new_page(viewport)
    page.goto(f"{live_demo.url}/opinions/status/?code={receipt_code}")
    page.get_by_label("手机号后四位").fill("2001")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    section = page.locator("[data-adopted-into]")
    assert section.get_by_role("heading").inner_text() == "您的意见被吸收到：第六条（二审稿）"
    before = section.locator("[data-commented-wording]").bounding_box()
    after = section.locator("[data-new-wording]").bounding_box()
    if viewport is DESKTOP:
        assert abs(before["y"] - after["y"]) < 2 and after["x"] > before["x"] + before["width"]
    else:
        assert after["y"] >= before["y"] + before["height"]
    assert "政府投资建设的公共停车场" in section.locator("[data-new-wording]").inner_text()
    assert sideways_overflow(page) <= 0
    screenshot(page, f"adopted-into-{'desktop' if viewport is DESKTOP else 'phone'}")
