"""The quiz is scored on the server (no JavaScript needed); reads are counted by a cheap beacon."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from law_education.models import DailyReads
from tests.html_checks import assert_good_page


def quiz_of(page):
    return next(block for block in page.body if block.block_type == "quiz")


def quiz_url(page):
    return f"{page.url}quiz/{quiz_of(page).id}/"


def quiz_section(html):
    return BeautifulSoup(html, "html.parser").select_one("section.le-quiz")


def test_quiz_form_asks_the_article_route_with_get(client, showcase):
    """Scoring changes nothing: a GET form keeps the CSRF token (and its cookie) off the article
    page, so the page can be served from the anonymous page cache."""
    response = client.get(showcase.url)
    form = quiz_section(response.content.decode()).find("form")
    assert form["method"] == "get"
    assert form["action"].startswith(quiz_url(showcase))
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None
    assert not response.cookies


def test_quiz_is_scored_from_a_get_request(client, showcase):
    html = client.get(quiz_url(showcase), {"checked": "1", "q0": "2"}).content.decode()
    assert (
        quiz_section(html).select_one(".le-quiz-score").get_text(strip=True) == "答对 1 题，共 3 题"
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q0": "2", "q1": "3", "q2": "2"}, "答对 3 题，共 3 题"),
        ({"q0": "1", "q1": "3"}, "答对 1 题，共 3 题"),  # one wrong, one missing
        ({}, "答对 0 题，共 3 题"),
        ({"q0": "7", "q1": "x", "q2": "-2"}, "答对 0 题，共 3 题"),  # tampered values
    ],
)
def test_quiz_is_scored_without_javascript(client, showcase, answers, expected):
    response = client.post(quiz_url(showcase), answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert_good_page(html)
    section = quiz_section(html)
    assert section.select_one(".le-quiz-score").get_text(strip=True) == expected
    # Every question now shows its explanation and the right answer.
    assert len(section.select(".le-quiz-explanation")) == 3
    assert len(section.select(".le-correct")) == 3


def test_quiz_keeps_the_visitors_choices_and_marks_right_and_wrong(client, showcase):
    html = client.post(quiz_url(showcase), {"q0": "1", "q1": "3"}).content.decode()
    section = quiz_section(html)
    fieldsets = section.find_all("fieldset")
    assert [("is-right" in f["class"], "is-wrong" in f["class"]) for f in fieldsets] == [
        (False, True),
        (True, False),
        (False, True),
    ]
    checked = [i["value"] for i in section.find_all("input", checked=True)]
    assert checked == ["1", "3"]
    verdicts = [p.get_text(strip=True) for p in section.select(".le-quiz-verdict")]
    assert verdicts == ["✗ 回答错误", "✓ 回答正确", "✗ 未作答"]


def test_quiz_answers_to_fetch_with_the_fragment(client, showcase):
    response = client.get(
        quiz_url(showcase), {"checked": "1", "q0": "2"}, headers={"X-Requested-With": "fetch"}
    )
    data = response.json()
    assert (data["score"], data["total"]) == (1, 3)
    assert data["html"].lstrip().startswith("<section")
    assert "答对 1 题，共 3 题" in data["html"]


def test_quiz_route_rejects_unknown_blocks_and_redirects_get(client, showcase):
    assert (
        client.post(f"{showcase.url}quiz/00000000-0000-0000-0000-000000000000/").status_code == 404
    )
    other = next(b for b in showcase.body if b.block_type == "case")
    assert client.post(f"{showcase.url}quiz/{other.id}/").status_code == 404
    response = client.get(quiz_url(showcase))
    assert response.status_code == 302 and response["Location"] == showcase.url


def test_quiz_post_still_needs_the_csrf_token(showcase):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(quiz_url(showcase), {"q0": "2"}).status_code == 403


def test_read_beacon_counts_once_per_visitor_and_day(client, showcase):
    url = f"/law-education/read/{showcase.pk}/"
    before = DailyReads.objects.filter(page=showcase, day=timezone.localdate()).first()
    before = before.count if before else 0
    assert client.post(url, REMOTE_ADDR="10.0.0.1").status_code == 204
    assert client.post(url, REMOTE_ADDR="10.0.0.1").status_code == 204  # reload: not counted
    assert client.post(url, REMOTE_ADDR="10.0.0.2").status_code == 204
    after = DailyReads.objects.get(page=showcase, day=timezone.localdate()).count
    assert after == before + 2


def test_read_beacon_cannot_be_multiplied_by_changing_headers(client, showcase):
    """One address, a new User-Agent and a forged X-Forwarded-For on every request: one read."""
    url = f"/law-education/read/{showcase.pk}/"
    DailyReads.objects.filter(page=showcase).delete()
    for n in range(5):
        response = client.post(
            url,
            REMOTE_ADDR="10.0.7.1",
            HTTP_USER_AGENT=f"Mozilla/5.0 bot-{n}",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 204
    assert DailyReads.objects.get(page=showcase, day=timezone.localdate()).count == 1


def test_read_beacon_behind_a_proxy_counts_the_proxys_client_address(client, showcase, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # one nginx, appending what it saw to X-Forwarded-For
    url = f"/law-education/read/{showcase.pk}/"
    DailyReads.objects.filter(page=showcase).delete()
    for address in ("203.0.113.5", "203.0.113.5", "203.0.113.6"):
        client.post(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    assert DailyReads.objects.get(page=showcase, day=timezone.localdate()).count == 2


def test_read_beacon_creates_todays_row(client, index):
    page = index.articles().get(slug="minfadian-yizhu")
    DailyReads.objects.filter(page=page).delete()
    client.post(f"/law-education/read/{page.pk}/", REMOTE_ADDR="10.0.0.9")
    assert DailyReads.objects.get(page=page).count == 1


def test_read_beacon_refuses_get_and_unpublished_pages(client, index):
    from law_education.models import LawEducationArticlePage

    scheduled = LawEducationArticlePage.objects.get(slug="xiaofei-quanyi-yugao")
    assert client.get(f"/law-education/read/{scheduled.pk}/").status_code == 405
    assert client.post(f"/law-education/read/{scheduled.pk}/").status_code == 404
    assert client.post("/law-education/read/999999/").status_code == 404
    assert not DailyReads.objects.filter(page=scheduled).exists()


def test_article_page_itself_writes_nothing(client, showcase, django_assert_max_num_queries):
    """Serving the page does not count (the beacon does), so a page cache cannot break it."""
    before = list(DailyReads.objects.filter(page=showcase).values_list("count", flat=True))
    client.get(showcase.url)
    assert list(DailyReads.objects.filter(page=showcase).values_list("count", flat=True)) == before
    with django_assert_max_num_queries(45):
        client.get(showcase.url)
