"""Questionnaire results beside the text: a resident reading the open demo draft on a phone sees,
under 第八条, what the questionnaire about it found, at normal and 200 % text, and follows it to
the full results."""

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser]


def draft_url():
    from core.plugins import DRAFT_PAGE, page_models_for

    (model,) = page_models_for(DRAFT_PAGE)
    return model.objects.live().get(slug="wenming", locale__language_code="zh-hans").url


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("reading", ["", "xlarge.default"])
def test_a_resident_sees_the_result_under_the_article_on_a_phone(live_demo, new_page, reading):
    page = new_page(PHONE)
    if reading:
        page.context.add_cookies([{"name": "lb_reading", "value": reading, "url": live_demo.url}])
    page.goto(live_demo.url + draft_url())
    article = page.locator("article.draft-article", has=page.locator(".article-finding"))
    assert article.count() == 1 and article.get_attribute("aria-label") == "第八条"
    note = article.locator(".article-finding")
    note.scroll_into_view_if_needed()
    assert note.is_visible()
    said = " ".join(note.inner_text().split())
    assert "问卷调查" in said and "的受访者选择「全市范围」（共 360 人作答）" in said
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert no_horizontal_scroll(page)
    # The link is a finger-sized target.
    link = note.get_by_role("link", name="查看结果")
    assert link.bounding_box()["height"] >= 44
    screenshot(note, f"article-finding-phone{'-xlarge' if reading else ''}")
    link.click()
    page.wait_for_url("**/wenming-jinshao-wenjuan/#q-result-*")
    heading = page.locator("h3", has_text="您认为禁止露天焚烧秸秆、垃圾的范围应当是")
    assert heading.is_visible()
    screenshot(page, f"article-finding-results{'-xlarge' if reading else ''}")
