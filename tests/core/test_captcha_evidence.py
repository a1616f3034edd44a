"""A fast tap is not a bot. The CAPTCHA is asked for on evidence of automation
(honeypot, a missing, forged or spent form token, a complete form filled impossibly fast, a burst
from one browser), and for a whole address only past a threshold a crowd does not reach."""

import itertools
import re
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from core.spam import started_token
from forms.models import Opinion
from tests.factories import DraftFactory

MARKET_WIFI = "203.0.113.7"  # one public address for a whole 立法赶集
_NTH = itertools.count(1)


@pytest.fixture
def defences(settings):
    """The defences as configured for production (the suite turns them off)."""
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.SPAM_MIN_FILL_SECONDS = 3
    settings.LAWBRIDGE_RATELIMITS = dict(django_settings.LAWBRIDGE_RATELIMITS)
    return settings


@pytest.fixture
def url(db):
    return reverse("opinions_new", args=[DraftFactory(articles=3).pk])


def browser(ip=MARKET_WIFI) -> Client:
    """A phone's browser: it keeps its cookies and must send the CSRF token."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def open_form(client, url) -> tuple[str, dict]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, hidden_fields(html)


def filled(hidden: dict, *, seconds_ago: float = 40, **overrides) -> dict:
    """What a person sends after reading and typing for ``seconds_ago`` seconds."""
    data = {
        **hidden,
        "form_started": started_token(time.time() - seconds_ago),
        "text": f"建议在集市旁增设公共厕所（第{next(_NTH)}条）。",
        "article": "",
        "category": "public",
        "name": "",
        "phone": "",
        "email": "",
        "region": "",
        "website": "",
        "publish_consent": "none",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def asked(response) -> bool:
    return 'name="captcha_0"' in response.content.decode()


def test_a_crowd_on_one_wifi_is_never_asked(client, url, defences):
    before = Opinion.objects.count()
    for _ in range(200):
        phone = browser()
        html, hidden = open_form(phone, url)
        assert 'name="captcha_0"' not in html
        response = phone.post(url, filled(hidden))
        assert response.status_code == 302, response.content.decode()[:500]
    assert Opinion.objects.count() == before + 200
    # The next person at the stall is not asked either.
    html, _hidden = open_form(browser(), url)
    assert 'name="captcha_0"' not in html


def test_an_empty_quick_tap_gets_field_errors_not_a_captcha(url, defences):
    phone = browser()
    html, hidden = open_form(phone, url)
    empty = {**hidden, "text": "", "category": "public", "publish_consent": "none"}
    response = phone.post(url, empty)  # tapped 提交 straight away: the token is seconds old
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写意见内容" in page and "隐私说明" in page
    assert not asked(response)
    # Then filled in properly, still quickly, from the same form: accepted.
    done = phone.post(url, filled(hidden, seconds_ago=5))
    assert done.status_code == 302


def test_a_complete_form_sent_impossibly_fast_is_asked(url, defences):
    phone = browser()
    _html, hidden = open_form(phone, url)
    response = phone.post(url, filled(hidden, seconds_ago=0))
    assert response.status_code == 400 and asked(response)
    assert "只用了几秒钟" in response.content.decode()


@pytest.mark.parametrize(
    "spoil, says",
    [
        ({"website": "http://cheap-pills.example"}, "应当留空的栏目被填写了"),
        ({"form_started": "forged"}, "表单不完整或已损坏"),
        ({"form_started": ""}, "表单不完整或已损坏"),
    ],
)
def test_evidence_asks_that_browser_and_not_its_neighbours(url, defences, spoil, says):
    bot = browser()
    _html, hidden = open_form(bot, url)
    before = Opinion.objects.count()
    response = bot.post(url, filled(hidden, **spoil))
    page = response.content.decode()
    assert response.status_code == 400 and asked(response)
    assert says in page and "为确认是您本人提交" in page
    assert Opinion.objects.count() == before
    # That browser keeps being asked…
    assert 'name="captcha_0"' in open_form(bot, url)[0]
    # …its neighbours on the same Wi-Fi are not.
    neighbour = browser()
    html, hidden = open_form(neighbour, url)
    assert 'name="captcha_0"' not in html
    assert neighbour.post(url, filled(hidden)).status_code == 302


def test_a_form_token_that_already_brought_an_opinion_is_evidence(url, defences):
    phone = browser()
    _html, hidden = open_form(phone, url)
    first = filled(hidden)
    assert phone.post(url, first).status_code == 302
    # The same form posted again (a double tap) is the same opinion, not a bot…
    assert phone.post(url, first).status_code == 302
    # …but its token with a new submission and new words is a replay.
    replay = {**first, "submission_token": "f" * 32, "text": "另一条完全不同的意见。"}
    response = phone.post(url, replay)
    assert response.status_code == 400 and asked(response)
    assert "已经用来提交过" in response.content.decode()


def test_a_burst_from_one_browser_asks_that_browser_only(url, defences):
    kiosk = browser()
    for _ in range(10):  # opinion_submit: 10 an hour per browser
        _html, hidden = open_form(kiosk, url)
        assert kiosk.post(url, filled(hidden)).status_code == 302
    _html, hidden = open_form(kiosk, url)
    response = kiosk.post(url, filled(hidden))
    assert response.status_code == 429 and asked(response)
    assert "这个浏览器最近提交了很多次" in response.content.decode()
    html, hidden = open_form(browser(), url)
    assert 'name="captcha_0"' not in html


def test_past_the_address_threshold_everyone_there_is_asked(url, defences):
    defences.LAWBRIDGE_RATELIMITS = {
        **defences.LAWBRIDGE_RATELIMITS,
        "opinion_submit_address": "3/h",
    }
    for _ in range(3):
        phone = browser()
        _html, hidden = open_form(phone, url)
        assert phone.post(url, filled(hidden)).status_code == 302
    phone = browser()
    _html, hidden = open_form(phone, url)
    response = phone.post(url, filled(hidden))
    assert response.status_code == 429 and asked(response)
    assert "同一个 Wi-Fi" in response.content.decode()
    assert 'name="captcha_0"' in open_form(browser(), url)[0]
    # Another address is not affected.
    assert 'name="captcha_0"' not in open_form(browser("198.51.100.9"), url)[0]
