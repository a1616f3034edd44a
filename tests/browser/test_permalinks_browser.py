"""A resident follows a citation of an older version on a phone: "征求意见稿第四条" of the
停车场 draft, renumbered by its 二审稿. The page shows the article as it read then and says where
it is now, and neither it nor the version's full text scrolls sideways."""

import re

import pytest

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.phone import PHONE_812, sideways_overflow
from tests.browser.test_accessibility import _violations, axe_page, axe_source  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser]


def test_old_article_number_says_where_it_is_now_on_a_phone(live_demo, new_page):
    page = new_page(PHONE_812)
    page.goto(live_demo.url + "/drafts/tingche/versions/1/articles/4/")
    now = page.locator("[data-article-now]")
    assert now.is_visible()
    assert "本条在二审稿中为第五条" in " ".join(now.inner_text().split())
    assert sideways_overflow(page) <= 0
    screenshot(page, "permalinks-phone-version-article")

    now.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/drafts/tingche/#article-5$"))

    page.goto(f"{live_demo.url}/drafts/tingche/articles/{_deleted_article_key()}/")
    assert "本条已在二审稿中删除" in page.locator("[data-article-now]").inner_text()
    assert sideways_overflow(page) <= 0
    screenshot(page, "permalinks-phone-deleted-article")

    page.goto(live_demo.url + "/drafts/tingche/versions/1/")
    assert "当前版本为二审稿" in page.locator("[data-version-banner]").inner_text()
    assert page.locator("#article-4").get_by_text("本条现为第五条").is_visible()
    assert sideways_overflow(page) <= 0
    screenshot(page, "permalinks-phone-version")


def test_version_text_in_english_on_a_desktop(live_demo, new_page):
    from wagtail.models import Locale

    from drafts.models import RegulationDraftPage

    source = RegulationDraftPage.objects.get(slug="tingche", locale__language_code="zh-hans")
    english = source.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    english.refresh_from_db()
    page = new_page(DESKTOP)
    response = page.goto(f"{live_demo.url}{english.url}versions/1/articles/4/")
    assert response.status == 200
    assert "In the 二审稿 this article is 第五条" in page.locator("[data-article-now]").inner_text()
    screenshot(page, "permalinks-desktop-en-version-article")
    page.goto(f"{live_demo.url}{english.url}versions/1/")
    assert "the current version is the 二审稿" in page.locator("[data-version-banner]").inner_text()
    screenshot(page, "permalinks-desktop-en-version")


def _deleted_article_key() -> str:
    """征求意见稿第二十一条 of the 停车场 draft, which its 二审稿 deleted."""
    from drafts.models import RegulationDraftPage

    draft = RegulationDraftPage.objects.get(slug="tingche", locale__language_code="zh-hans")
    return next(
        a["key"] for a in draft.versions().first().articles() if a["number"] == "第二十一条"
    )


def test_permalink_pages_pass_axe(live_demo, new_page, axe_source):  # noqa: F811 - fixture
    # The version texts are in the sitemap (walked by test_accessibility); these are not.
    gone = {"key": _deleted_article_key()}
    page = axe_page(new_page, PHONE_812, axe_source)
    problems = []
    for path in ("versions/1/articles/4/", f"articles/{gone['key']}/", "versions/2/"):
        page.goto(f"{live_demo.url}/drafts/tingche/{path}")
        problems += [f"{path}: {v}" for v in _violations(page)]
    assert problems == []
