"""A sign-up gets a code with which the person cancels it (freeing the place) on a
public page, without JavaScript; guessing codes is rate-limited; a double tap stores once."""

import re
import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.notify import ConsoleSMSChannel
from core.spam import started_token
from events.cancellation import WRONG
from events.models import EventNoticePage, EventRegistration


@pytest.fixture
def event(demo_site):
    """The demo's bench meeting: 5 places, sign-up open."""
    return EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {
        "event_cancel": "30/h",
        "event_cancel_miss": "10/h",
        "event_cancel_phone": "3/h",
    }
    return settings


def human(phone, people=1, name="李四", **extra):
    return {
        "name": name,
        "phone": phone,
        "people": people,
        "consent": "on",
        "website": "",
        "form_started": started_token(time.time() - 10),
        **extra,
    }


def code_on(html: str) -> str:
    return re.search(r"data-cancel-code>(\d{6})<", html).group(1)


def sign_up(client, event, phone="13812345678", people=1, **extra):
    response = client.post(event.url, human(phone, people, **extra))
    assert response.status_code == 302
    assert response["Location"] == event.url + "registered/#signed-up"
    return client.get(response["Location"])


def test_the_confirmation_shows_the_code_and_the_sms_carries_it(
    client, event, django_capture_on_commit_callbacks
):
    ConsoleSMSChannel.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        page = sign_up(client, event, people=2)
    html = page.content.decode()
    code = code_on(html)
    registration = EventRegistration.objects.get(event=event)
    assert registration.cancel_code == code and registration.people == 2
    assert event.url + "cancel/" in html
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    assert [phone for phone, text in ConsoleSMSChannel.sent if code in text] == ["13812345678"]
    registration.refresh_from_db()
    assert registration.code_sent is True


def test_the_code_is_shown_only_to_the_browser_that_signed_up(client, event):
    sign_up(client, event)
    from django.test import Client

    other = Client().get(event.url + "registered/")
    assert other.status_code == 302 and other["Location"] == event.url


def test_a_double_tap_stores_once_and_lands_on_the_same_code(client, event):
    first = code_on(sign_up(client, event).content.decode())
    second = code_on(sign_up(client, event).content.decode())
    assert first == second
    assert EventRegistration.objects.filter(event=event).count() == 1


def test_a_second_sign_up_of_the_phone_says_how_to_cancel(client, event):
    sign_up(client, event, phone="138 1234 5678")
    from django.test import Client

    again = Client().post(event.url, human("＋86 １３８１２３４５６７８", name="王五"))
    html = again.content.decode()
    assert again.status_code == 409
    assert "已经报过名" in html and "取消码" in html
    assert f'<a href="{event.url}cancel/">' in html
    assert "王五" in html  # nothing typed is lost
    assert EventRegistration.objects.filter(event=event).count() == 1


def test_cancelling_frees_the_place_and_the_phone(client, event):
    event.capacity = 2
    event.save_revision().publish()
    event.refresh_from_db()
    code = code_on(sign_up(client, event, people=2).content.decode())
    assert event.registration_state() == "full"

    assert client.get(event.url + "cancel/").status_code == 200
    # As read out from the SMS: full-width digits and spaces, the phone with its country code.
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code[:3]) + " " + code[3:]
    done = client.post(event.url + "cancel/", {"phone": "+86 138-1234-5678", "code": full_width})
    assert done.status_code == 200 and "已取消您的报名" in done.content.decode()

    registration = EventRegistration.objects.get(event=event)
    assert registration.cancelled is not None
    assert event.places_left == 2 and event.registration_state() == "open"
    # The same phone may sign up again, and gets a new code.
    again = code_on(sign_up(client, event).content.decode())
    assert EventRegistration.objects.filter(event=event).active().get().cancel_code == again
    # Cancelling twice is not an error, and frees nothing more.
    repeat = client.post(event.url + "cancel/", {"phone": "13812345678", "code": code})
    assert repeat.status_code == 200
    assert event.places_left == 1


def test_a_wrong_code_says_so_and_guessing_is_cut_off(client, event, limits):
    code = code_on(sign_up(client, event).content.decode())
    wrong = next(c for c in ("000000", "111111") if c != code)
    refused = client.post(event.url + "cancel/", {"phone": "13812345678", "code": wrong})
    html = refused.content.decode()
    assert refused.status_code == 400 and str(WRONG) in html
    assert "13812345678" in html  # what was typed stays in the form
    for _attempt in range(2):
        client.post(event.url + "cancel/", {"phone": "13812345678", "code": wrong})
    # Three misses for this phone: even the right code is refused for now, from any address.
    from django.test import Client

    blocked = Client(REMOTE_ADDR="10.1.2.3").post(
        event.url + "cancel/", {"phone": "13812345678", "code": code}
    )
    assert blocked.status_code == 429 and "太频繁" in blocked.content.decode()
    assert EventRegistration.objects.get(event=event).cancelled is None


@pytest.mark.parametrize(
    "phone, code",
    [
        ("", ""),
        ("13812345678", "12\x0034"),
        ("13812345678", "1" * 100_000),
        ("13812345678", "😀😀😀😀😀😀"),
        ("13812345678", '=HYPERLINK("http://x","1")'),
        ("<b>138</b>", "<script>alert(1)</script>"),
        ("\x00", "123456"),
    ],
)
def test_bad_input_on_the_cancel_page_gets_a_message_not_a_500(client, event, phone, code):
    sign_up(client, event)
    response = client.post(event.url + "cancel/", {"phone": phone, "code": code})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请修改以下问题" in html
    assert "<script>alert" not in html
    assert EventRegistration.objects.get(event=event).cancelled is None


def test_someone_elses_code_does_not_cancel_my_sign_up(client, event):
    from django.test import Client

    mine = code_on(sign_up(client, event, phone="13800000001").content.decode())
    theirs = code_on(sign_up(Client(), event, phone="13800000002").content.decode())
    if mine == theirs:
        pytest.skip("the two random codes happen to be equal")
    response = client.post(event.url + "cancel/", {"phone": "13800000001", "code": theirs})
    assert response.status_code == 400
    assert not EventRegistration.objects.filter(cancelled__isnull=False).exists()


def test_after_the_start_a_sign_up_is_not_cancelled_online(client, event):
    code = code_on(sign_up(client, event).content.decode())
    EventNoticePage.objects.filter(pk=event.pk).update(start=timezone.now())
    response = client.post(event.url + "cancel/", {"phone": "13812345678", "code": code})
    assert response.status_code == 409 and "已经开始" in response.content.decode()
    assert EventRegistration.objects.get(event=event).cancelled is None


def test_the_database_keeps_one_active_sign_up_per_phone(event):
    first = EventRegistration.objects.create(
        event=event, name="a", phone="13812345678", phone_key="13812345678"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventRegistration.objects.create(
            event=event, name="b", phone="13812345678", phone_key="13812345678"
        )
    first.cancelled = timezone.now()
    first.save()
    EventRegistration.objects.create(
        event=event, name="b", phone="13812345678", phone_key="13812345678"
    )
    assert event.registrations.active().count() == 1


def test_the_cancel_form_speaks_english():
    from django.utils import translation

    from events.cancellation import CancelForm

    with translation.override("en"):
        form = CancelForm({"phone": "", "code": "12345"})
        assert not form.is_valid()
        assert form.errors["phone"] == ["Please give the phone number you signed up with."]
        assert form.errors["code"] == ["The cancellation code is 6 digits."]
        assert str(WRONG).startswith("The phone number or cancellation code is not right.")
