"""The sign-up form on a phone: a refused sign-up says what is missing, in the visitor's language."""

import re
import time

import pytest
from django.utils import translation

from core.spam import started_token
from events.models import EventNoticePage
from events.registration import RegistrationForm

GENERIC = ("必需字段", "必填字段", "This field is required.")


@pytest.fixture
def event(demo_site):
    return EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")


def empty_sign_up(**extra):
    return {"website": "", "form_started": started_token(time.time() - 10), **extra}


def test_an_empty_sign_up_says_what_is_missing(client, event):
    html = client.post(event.url, empty_sign_up()).content.decode()
    for message in (
        "请填写姓名。",
        "请填写联系电话。",
        "请填写参加人数。",
        "请勾选同意联系点联系您",
    ):
        assert message in html
    for generic in GENERIC:
        assert generic not in html


def test_too_many_people_says_the_limit(client, event):
    html = client.post(event.url, empty_sign_up(people=99)).content.decode()
    assert f"一次最多可报 {event.max_people} 人" in html
    assert "Ensure this value" not in html and "确保该值" not in html


def test_the_english_sign_up_form_says_what_is_missing():
    with translation.override("en"):
        form = RegistrationForm({"website": "", "form_started": started_token(time.time() - 10)})
        assert not form.is_valid()
        messages = [str(m) for errors in form.errors.values() for m in errors]
    assert "Please enter a name." in messages
    assert "Please enter a phone number." in messages
    assert not set(messages) & set(GENERIC)


def test_the_sign_up_phone_opens_the_dial_pad(client, event):
    html = client.get(event.url + "?register=1").content.decode()
    phone = re.search(r'<input[^>]*name="phone"[^>]*>', html).group(0)
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone
    assert 'inputmode="numeric"' in re.search(r'<input[^>]*name="people"[^>]*>', html).group(0)


def test_a_refused_sign_up_has_an_error_summary_linking_to_its_fields(client, event):
    html = client.post(event.url, empty_sign_up(phone="13800000001")).content.decode()
    found = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", html, re.S).group(0)
    assert 'role="alert"' in found and 'tabindex="-1"' in found and "请修改以下问题" in found
    assert '<a href="#id_name">请填写姓名。</a>' in found
    assert '<a href="#id_phone">' not in found  # only what is wrong
    assert html.index("data-error-summary") < html.index('id="id_name"')
