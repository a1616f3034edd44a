"""Receipt lookups limit the guesser, not the owner, and read what a Chinese
input method types (full-width letters, digits and spaces)."""

import re

import pytest
from captcha.models import CaptchaStore
from django.core import signing
from django.urls import reverse

from forms.intake import Submission, create_opinion
from forms.views import RECEIPTS_COOKIE, RECEIPTS_SALT

TEXT = "建议在小区门口设置非机动车停放区，方便老人出行。"


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.LAWBRIDGE_RATELIMITS = {
        "status_lookup": "100/h",
        "status_lookup_miss": "3/h",
        "status_lookup_code": "2/h",
    }
    return settings


@pytest.fixture
def opinion(draft):
    return create_opinion(draft, Submission(text=TEXT, phone="13812345678"), channel="web")


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else "\u3000" for ch in text)


def lookup(client, code, contact, ip, **extra):
    return client.post(
        reverse("opinions_status"), {"code": code, "contact": contact, **extra}, REMOTE_ADDR=ip
    )


def captcha_answer(html):
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_full_width_code_and_contact_are_accepted(client, opinion):
    typed = full_width(opinion.receipt_code.lower().replace("-", " "))
    assert typed != opinion.receipt_code
    response = lookup(client, typed, full_width("5678"), "10.1.0.1")
    assert response.status_code == 200
    assert opinion.receipt_code in response.content.decode()
    api = client.post(
        "/api/opinions/status",
        {"code": typed, "contact": "５６７８"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["receipt_code"] == opinion.receipt_code


def test_guessers_on_many_addresses_do_not_lock_the_owner_out(client, opinion, limits):
    for n in range(2):  # the code's budget of misses (2) is used up by the second
        assert lookup(client, opinion.receipt_code, f"000{n}", f"10.2.0.{n}").status_code == 404
    # The owner, from an address of their own, is asked to prove to be a person, not refused…
    asked = lookup(client, opinion.receipt_code, "5678", "10.2.1.1")
    html = asked.content.decode()
    assert asked.status_code == 400 and "captcha_0" in html and "验证码" in html
    assert opinion.receipt_code in html  # what they typed is kept
    # …and gets in with the answer.
    answered = lookup(client, opinion.receipt_code, "5678", "10.2.1.1", **captcha_answer(html))
    assert answered.status_code == 200 and TEXT in answered.content.decode()
    # A wrong answer is not a way round it.
    wrong = lookup(client, opinion.receipt_code, "5678", "10.2.1.2",
                   captcha_0="nokey", captcha_1="0000")  # fmt: skip
    assert wrong.status_code == 400 and TEXT not in wrong.content.decode()
    # The API cannot show a CAPTCHA: it says where to go.
    api = client.post("/api/opinions/status", {"code": opinion.receipt_code, "contact": "5678"},
                      content_type="application/json", REMOTE_ADDR="10.2.1.3")  # fmt: skip
    assert api.status_code == 429 and "网站" in api.json()["message"]


def test_the_browser_that_submitted_is_never_asked(client, opinion, limits):
    for n in range(3):
        lookup(client, opinion.receipt_code, f"000{n}", f"10.3.0.{n}")
    signer = signing.get_cookie_signer(salt=RECEIPTS_COOKIE + RECEIPTS_SALT)
    client.cookies[RECEIPTS_COOKIE] = signer.sign(opinion.receipt_code)
    assert lookup(client, opinion.receipt_code, "5678", "10.3.1.1").status_code == 200


def test_the_guessing_address_is_refused_and_right_answers_cost_nothing(client, opinion, limits):
    other = create_opinion(opinion.page, Submission(text=TEXT, phone="13900001111"), channel="web")
    # Right answers never use up a code's budget.
    for _ in range(5):
        assert lookup(client, opinion.receipt_code, "5678", "10.4.0.1").status_code == 200
    # Misses from one address, spread over codes, use up that address's budget (3): the next
    # lookup from it is refused…
    for n in range(3):
        lookup(client, [opinion, other][n % 2].receipt_code, "9999", "10.4.0.2")
    refused = lookup(client, other.receipt_code, "1111", "10.4.0.2")
    assert refused.status_code == 429 and "太频繁" in refused.content.decode()
    # …and nobody else's.
    assert lookup(client, other.receipt_code, "1111", "10.4.0.3").status_code == 200


def test_withdrawal_asks_for_the_captcha_too(client, opinion, limits):
    for n in range(3):
        lookup(client, opinion.receipt_code, f"000{n}", f"10.5.0.{n}")
    data = {"code": opinion.receipt_code, "contact": "5678", "confirm": "on"}
    url = reverse("opinions_withdraw")
    asked = client.post(url, data, REMOTE_ADDR="10.5.1.1")
    assert asked.status_code == 400 and "captcha_0" in asked.content.decode()
    done = client.post(
        url, {**data, **captcha_answer(asked.content.decode())}, REMOTE_ADDR="10.5.1.1"
    )
    assert done.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == "withdrawn"
