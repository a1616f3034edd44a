"""Event sign-up has the opinion form's defences, one sign-up per phone per event,
and a cap on the people one sign-up brings (one client once booked all 60 places in six requests)."""

import re
import time

import pytest
from captcha.models import CaptchaStore
from django.db import IntegrityError, transaction

from core.spam import started_token
from events.models import EventNoticePage, EventRegistration
from events.phones import phone_key


@pytest.fixture
def event(demo_site):
    event = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    event.capacity = 60
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.SPAM_MIN_FILL_SECONDS = 3
    settings.LAWBRIDGE_RATELIMITS = {"event_register": "2/h", "event_register_hard": "4/h"}
    return settings


def human(phone, people=1, name="李四", **extra):
    """What a person's browser sends: the form was shown 10 s ago, the honeypot left empty."""
    return {
        "name": name,
        "phone": phone,
        "people": people,
        "consent": "on",
        "website": "",
        "form_started": started_token(time.time() - 10),
        **extra,
    }


def captcha_answer(html):
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_one_client_cannot_book_every_place(client, event, limits):
    for n in range(2):
        assert client.post(event.url, human(f"1380000000{n}")).status_code == 302
    asked = client.post(event.url, human("13800000009", name="王五"))
    html = asked.content.decode()
    assert asked.status_code == 429 and "captcha_0" in html
    assert "王五" in html and "13800000009" in html  # nothing typed is lost
    assert EventRegistration.objects.filter(event=event).count() == 2
    # A person solves it and is signed up, once.
    answered = client.post(event.url, human("13800000009", **captcha_answer(html)))
    assert answered.status_code == 302
    assert EventRegistration.objects.filter(event=event).count() == 3
    # Past the hard limit even solved CAPTCHAs are refused.
    client.post(event.url, human("13800000008"))
    refused = client.post(event.url, human("13800000007"))
    assert refused.status_code == 429 and "太多" in refused.content.decode()
    assert EventRegistration.objects.filter(event=event).count() <= 4


def test_a_bot_is_asked_for_the_captcha(client, event, limits):
    for bot, address in (
        ({"website": "http://spam"}, "10.9.0.1"),
        ({"form_started": ""}, "10.9.0.2"),
    ):
        response = client.post(event.url, human("13800000001", **bot), REMOTE_ADDR=address)
        assert response.status_code == 400 and "captcha_0" in response.content.decode()
        # Asked again until answered.
        again = client.post(event.url, human("13800000001", **bot), REMOTE_ADDR=address)
        assert "captcha_0" in again.content.decode()
    assert not EventRegistration.objects.filter(event=event).exists()


def test_one_registration_per_phone_however_typed(client, event):
    assert client.post(event.url, human("138 1234 5678")).status_code == 302
    for typed in ("+86 138-1234-5678", "１３８１２３４５６７８", "13812345678"):
        again = client.post(event.url, human(typed, name="李四的邻居"))
        html = again.content.decode()
        assert again.status_code == 409
        assert "已经报过名" in html and "李四的邻居" in html
    assert EventRegistration.objects.filter(event=event).count() == 1


def test_the_database_refuses_a_second_registration_for_a_phone(event):
    EventRegistration.objects.create(event=event, name="a", phone="13812345678",
                                     phone_key=phone_key("13812345678"))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        EventRegistration.objects.create(event=event, name="b", phone="+8613812345678",
                                         phone_key=phone_key("+8613812345678"))  # fmt: skip


def test_people_per_registration_is_capped(client, event):
    assert event.max_people == 5
    response = client.post(event.url, human("13800000001", people=6))
    assert response.status_code == 200 and "5" in response.content.decode()
    assert not EventRegistration.objects.filter(event=event).exists()
    event.max_people = 2
    event.save_revision().publish()
    event.refresh_from_db()
    refused = client.post(event.url, human("13800000001", people=3))
    assert refused.status_code == 200 and "2" in refused.content.decode()
    assert client.post(event.url, human("13800000001", people=2)).status_code == 302
    with pytest.raises(ValueError):
        event.register("x", "13800000002", 3)


@pytest.mark.parametrize(
    "typed, key",
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0543-1234567", "05431234567"),
        ("8612345", "8612345"),
    ],
)
def test_phone_key(typed, key):
    assert phone_key(typed) == key
