"""普法 on a phone: an article with every block, readable without horizontal scrolling, its media
playable, and its quiz answered and scored with JavaScript on and off."""

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser]

SHOWCASE = "/law-education/wuye-fei-gai-bu-gai-jiao/"


@pytest.fixture
def live(settings, live_demo):
    """The demo behind a live server that also serves uploaded media (DEBUG is off; test
    settings keep MEDIA_ROOT in a temporary folder)."""
    settings.ROOT_URLCONF = "tests.law_education.urls_with_media"
    return live_demo


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def answer_quiz(page):
    quiz = page.locator("section.le-quiz")
    quiz.get_by_label("不能，法律明确禁止").check()
    quiz.get_by_label("扣除合理成本后归全体业主共有").check()
    quiz.get_by_label("一直不交物业费").check()
    quiz.get_by_role("button", name="提交答案").click()


def test_article_with_every_block_on_a_phone(live, new_page):
    from law_education.models import DailyReads, LawEducationArticlePage

    article = LawEducationArticlePage.objects.get(
        slug="wuye-fei-gai-bu-gai-jiao", locale__language_code="zh-hans"
    )

    def reads():
        return sum(DailyReads.objects.filter(page=article).values_list("count", flat=True))

    # Counted before the visit: the beacon fires 3 s after the article is shown, which on a busy
    # machine is before the quiz below is done.
    before = reads()
    page = new_page(PHONE)
    page.goto(live.url + SHOWCASE)
    assert page.locator("h1").inner_text() == "物业服务不满意，物业费能不能不交？"
    for selector in (
        ".le-body .rich-text",
        ".le-body h2",
        ".block-image img",
        ".le-case",
        ".le-quote",
        ".le-qa",
        ".le-points",
        ".le-video video",
        ".le-audio audio",
        ".le-leaflet a",
        ".le-quiz",
        ".le-reading-time",
    ):
        element = page.locator(selector).first
        element.scroll_into_view_if_needed()
        assert element.is_visible(), selector
    assert page.evaluate("document.querySelector('.block-image img').naturalWidth") == 800
    # The uploaded video and audio load in the browser (metadata: duration).
    for tag in ("video", "audio"):
        duration = page.evaluate(
            f"""() => new Promise((resolve) => {{
                const m = document.querySelector('.le-body {tag}');
                if (m.readyState >= 1) return resolve(m.duration);
                m.addEventListener('loadedmetadata', () => resolve(m.duration));
                m.addEventListener('error', () => resolve(-1));
                m.load();
            }})"""
        )
        assert duration > 1, (tag, duration)
    # Share QR code opens on tap.
    page.get_by_text("扫码分享").click()
    assert page.locator(".le-share svg").is_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "law-education-phone-article")

    # Quiz with JavaScript: scored in place, no page load.
    answer_quiz(page)
    score = page.locator(".le-quiz-score")
    score.wait_for()
    assert score.inner_text() == "答对 2 题，共 3 题"
    assert page.url == live.url + SHOWCASE
    assert page.locator(".le-quiz .le-quiz-explanation").count() == 3
    assert no_horizontal_scroll(page)
    screenshot(page, "law-education-phone-quiz-js")

    # The read beacon has counted this visit, once (the quiz's reload is the same visitor).
    for _ in range(40):
        if reads() > before:
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(500)
    assert reads() == before + 1


def test_quiz_without_javascript_and_large_text(live, new_page):
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live.url + SHOWCASE)
    page.get_by_role("link", name="菜单").click()  # the phone menu, opened by :target
    page.get_by_role("link", name="超大字号").click()
    page.wait_for_url("**" + SHOWCASE)
    answer_quiz(page)
    page.wait_for_url("**/quiz/**")
    assert page.locator(".le-quiz-score").inner_text() == "答对 2 题，共 3 题"
    assert page.locator("h1").count() == 1
    screenshot(page, "law-education-phone-quiz-nojs-xlarge")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => e.outerHTML.slice(0, 80) + ' ' + e.getBoundingClientRect().right)"""
    )
    assert no_horizontal_scroll(page), wide  # 200 % text still fits a 375 px screen


def test_index_filters_on_a_phone(live, new_page):
    page = new_page(PHONE, java_script_enabled=False)
    page.goto(live.url + "/law-education/")
    page.get_by_label("适用人群").select_option(label="老年人")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**audience=laonianren**")
    titles = page.locator(".le-card h3").all_inner_texts()
    assert "立遗嘱，这几种形式都有效" in titles
    assert "孩子沉迷网络游戏，法律怎么管？" not in titles
    assert no_horizontal_scroll(page)
    screenshot(page, "law-education-phone-index")
