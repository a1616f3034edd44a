"""Did you mean ("您是不是要找"): only a suggestion that finds more than the query typed."""

import pytest
from bs4 import BeautifulSoup

from tests.search.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_this_tests_pages_are_indexed(db):
    """Counts decide here: start from an empty search index (rolled back with the test)."""
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()


def suggested(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.select_one(".search-suggestions")
    return [a.get_text() for a in box.select("a")] if box else []


def result_count(response) -> int:
    soup = BeautifulSoup(response.content, "html.parser")
    return len(soup.select(".search-hit"))


@pytest.fixture
def wuye_pages(home_page):
    for n, title in enumerate(("住宅物业管理条例（草案）", "物业管理收费办法", "前期物业管理规定")):
        make_page(home_page, title, "物业管理的有关规定", slug=f"wuye-{n}")


def test_suggested_when_it_finds_more_than_a_typo_that_has_results(client, home_page, wuye_pages):
    # A typo in someone's text: the query typed finds that one page, the suggestion three.
    make_page(home_page, "小区公告", "本小区物叶管理费调整", slug="typo")
    response = client.get("/search/", {"q": "物叶管理"})
    assert result_count(response) == 1
    assert "物业管理" in suggested(response)


def test_not_suggested_when_it_finds_nothing_either(client, home_page):
    # 物业服务企业 is a term of the legal dictionary (search/dict), so it is in the vocabulary,
    # but no page uses it.
    make_page(home_page, "停车场管理办法", "公共停车场应当公示收费标准", slug="tingche")
    response = client.get("/search/", {"q": "物叶服务企业"})
    assert result_count(response) == 0
    assert suggested(response) == []


def test_not_suggested_when_it_finds_fewer(client, home_page):
    make_page(home_page, "停车场管理办法", "公共停车场应当公示收费标准", slug="tingche")
    make_page(home_page, "道路停车泊位规定", "城市道路停车泊位的设置", slug="bowei")
    make_page(home_page, "小区停车须知", "业主停车应当遵守规定", slug="xuzhi")
    response = client.get("/search/", {"q": "停车"})
    assert result_count(response) == 3
    assert suggested(response) == []


def test_typo_with_only_partial_results_gets_the_word_that_has_some(client, wuye_pages):
    # No page has 物叶 and 管理: the pages with 管理 are shown as partial results, which the
    # suggestion's full matches beat.
    response = client.get("/search/", {"q": "物叶管理"})
    assert "没有同时包含全部关键词" in response.content.decode()
    assert "物业管理" in suggested(response)


def test_not_suggested_when_it_is_only_part_of_the_query(client, home_page):
    make_page(home_page, "物业管理收费办法", "物业服务收费应当公示", slug="shoufei")
    make_page(home_page, "停车场管理办法", "公共停车场应当公示收费标准", slug="tingche")
    response = client.get("/search/", {"q": "物业 收费"})
    assert result_count(response) == 1
    # 收费 alone finds both pages, by dropping a word: not what was meant.
    assert "收费" not in suggested(response)


def test_a_suggestion_is_counted_once_and_not_at_all_for_a_page_of_results(wuye_pages):
    """What keeps suggestions cheap: each is counted once (cached with the vocabulary), and a
    query with a page of results or more checks none."""
    from wagtail.models import Locale

    from search import service

    calls = []

    def count(candidate):
        calls.append(candidate)
        return 5

    locale = Locale.get_default()
    assert "物业管理" in service.better_suggestions("物叶管理", locale, 1, count)
    counted = len(calls)
    assert counted and "物业管理" in calls
    assert "物业管理" in service.better_suggestions("物叶管理", locale, 1, count)
    assert len(calls) == counted
    assert service.better_suggestions("物叶管理", locale, 5, count) == []  # 5 is not more than 5
    assert service.better_suggestions("物叶管理", locale, service.SUGGEST_BELOW, count) == []
    assert len(calls) == counted
