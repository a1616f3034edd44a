"""Phone verification: a 6-digit SMS code through core.notify's stand-in, one reply per verified
phone (a keyed hash, never the number), code expiry, attempt and send limits, a gateway that is
down — and every answer kept through all of it."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.notify import ConsoleSMSChannel
from questionnaires import verification
from questionnaires.models import PhoneCode, Reply

from .conftest import answers
from .test_answering import open_form

PHONE = "13812345678"


@pytest.fixture
def verified(questionnaire):
    questionnaire.verify_phone = True
    questionnaire.save_revision().publish()
    questionnaire.refresh_from_db()
    ConsoleSMSChannel.sent = []
    return questionnaire


def send(client, page, token, phone=PHONE, **overrides):
    data = {**answers(**overrides), "reply_token": token, "phone": phone, "send_code": "1"}
    return client.post(page.url, data)


def last_code() -> str:
    return re.search(r"验证码：(\d{6})", ConsoleSMSChannel.sent[-1][1]).group(1)


def submit(client, page, token, code, phone=PHONE, **overrides):
    data = {**answers(**overrides), "reply_token": token, "phone": phone, "sms_code": code}
    return client.post(page.url, data)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "+86 138-1234-5678",
        "１３８１２３４５６７８",
        "0086 13812345678",
    ],
)
def test_a_mobile_number_is_read_however_typed(typed):
    assert verification.normalise(typed) == PHONE


@pytest.mark.parametrize(
    "typed", ["", "12345", "23812345678", "0543-1234567", "138\x0012345678", "1" * 500, "=1+2"]
)
def test_what_is_not_a_mobile_number_is_refused(typed):
    assert verification.normalise(typed) is None


def test_the_form_asks_for_the_phone_only_when_the_editor_chose_it(client, questionnaire):
    assert 'name="send_code"' not in client.get(questionnaire.url).content.decode()
    questionnaire.verify_phone = True
    questionnaire.save_revision().publish()
    html = client.get(questionnaire.url).content.decode()
    assert 'name="send_code"' in html and 'name="sms_code"' in html and 'type="tel"' in html


def test_a_verified_reply_is_stored_with_a_keyed_hash_only(client, verified):
    token = open_form(client, verified)
    response = send(client, verified, token, phone="138 1234 5678", q_q6="王家村")
    html = response.content.decode()
    assert response.status_code == 200
    # The code went out by SMS; the page says where, masked, and every answer is still there.
    assert ConsoleSMSChannel.sent[-1][0] == PHONE
    assert "138****5678" in html and 'value="王家村"' in html
    assert 'data-start="q-verify"' in html and "invalid-feedback" not in html
    response = submit(client, verified, token, last_code(), phone="138 1234 5678")
    assert response.status_code == 302, response.content.decode()
    reply = Reply.objects.get(page=verified)
    assert reply.phone_hash == verification.phone_hash(verified, PHONE)
    assert PHONE not in reply.phone_hash and len(reply.phone_hash) == 64
    # The code is spent with the reply: nothing of the number is left but the hash.
    assert not PhoneCode.objects.filter(page=verified).exists()
    # The same form sent again (a double tap): thanks, still one reply.
    assert submit(client, verified, token, last_code()).status_code == 302
    assert Reply.objects.filter(page=verified).count() == 1


@pytest.mark.parametrize(
    "again", ["+86 138 1234 5678", "１３８－１２３４－５６７８", "8613812345678"]
)
def test_a_second_reply_with_the_same_phone_is_refused_however_typed(client, verified, again):
    token = open_form(client, verified)
    send(client, verified, token)
    assert submit(client, verified, token, last_code()).status_code == 302
    other = Client()  # another browser (or this one with its cookies cleared)
    token = open_form(other, verified)
    assert send(other, verified, token, phone=again).status_code == 200
    response = submit(other, verified, token, last_code(), phone=again, q_q6="李家村")
    assert response.status_code == 409
    html = response.content.decode()
    assert "这个手机号已经提交过答卷" in html and 'value="李家村"' in html
    assert Reply.objects.filter(page=verified).count() == 1


def test_five_wrong_codes_lock_the_phone(client, verified):
    token = open_form(client, verified)
    send(client, verified, token)
    code = last_code()
    for left in (4, 3, 2, 1):
        response = submit(client, verified, token, wrong(code))
        assert response.status_code == 400
        assert f"还可以再试 {left} 次" in response.content.decode()
    response = submit(client, verified, token, wrong(code), q_q6="王家村")
    html = response.content.decode()
    assert "错误次数过多" in html and 'value="王家村"' in html
    # Locked: even the right code is refused now, and no new code is sent meanwhile.
    assert "错误次数过多" in submit(client, verified, token, code).content.decode()
    sent = len(ConsoleSMSChannel.sent)
    response = send(client, verified, token)
    assert response.status_code == 429 and "错误次数过多" in response.content.decode()
    assert len(ConsoleSMSChannel.sent) == sent
    assert not Reply.objects.filter(page=verified).exists()


def test_an_expired_code_is_refused(client, verified):
    token = open_form(client, verified)
    send(client, verified, token)
    PhoneCode.objects.filter(page=verified).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = submit(client, verified, token, last_code())
    assert response.status_code == 400 and "验证码已过期" in response.content.decode()
    assert not Reply.objects.filter(page=verified).exists()


@pytest.mark.parametrize(
    ("phone", "code", "message"),
    [
        ("", "123456", "请填写 11 位手机号码"),
        ("12345", "123456", "请填写 11 位手机号码"),
        (PHONE, "", "6 位数字验证码"),
        (PHONE, "12ab56", "6 位数字验证码"),
        (PHONE, "123456", "请先点“获取验证码”"),
        ("138\x0012345678", "123456", "空字符"),
    ],
)
def test_a_missing_or_bad_phone_or_code_is_named(client, verified, phone, code, message):
    token = open_form(client, verified)
    response = submit(client, verified, token, code, phone=phone, q_q7="<b>建议</b>")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "&lt;b&gt;建议&lt;/b&gt;" in html
    assert not Reply.objects.filter(page=verified).exists()


def test_a_new_code_waits_a_minute(client, verified):
    token = open_form(client, verified)
    send(client, verified, token)
    response = send(client, verified, token)
    assert response.status_code == 429 and "秒后再重新获取" in response.content.decode()
    assert len(ConsoleSMSChannel.sent) == 1


class BrokenSMS:
    def send(self, message):
        raise ConnectionError("gateway down")


def test_the_sms_gateway_down_is_said_and_nothing_is_lost(client, verified, settings):
    settings.LAWBRIDGE_NOTIFY_CHANNELS = [f"{__name__}.BrokenSMS"]
    token = open_form(client, verified)
    response = send(client, verified, token, q_q6="王家村")
    assert response.status_code == 503
    html = response.content.decode()
    assert "短信暂时发送不出去" in html and 'value="王家村"' in html
    # Back up: a code can be asked for at once (no minute to wait for a text that never came).
    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["core.notify.ConsoleSMSChannel"]
    assert send(client, verified, token).status_code == 200
    assert submit(client, verified, token, last_code()).status_code == 302


def test_codes_are_rate_limited_per_phone_and_per_address(client, verified, settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {
        **settings.LAWBRIDGE_RATELIMITS,
        "questionnaire_code_phone": "2/h",
        "questionnaire_code_address": "3/h",
    }
    token = open_form(client, verified)

    def send_now(phone):
        PhoneCode.objects.update(sent_at=timezone.now() - timedelta(minutes=5))
        return send(client, verified, token, phone=phone)

    assert send_now(PHONE).status_code == 200
    assert send_now(PHONE).status_code == 200
    response = send_now(PHONE)
    assert response.status_code == 429 and "获取验证码的次数太多" in response.content.decode()
    assert send_now("13900000000").status_code == 429  # the address's third
    assert len(ConsoleSMSChannel.sent) == 2


def test_the_browser_rule_stays_without_verification(client, questionnaire):
    """No phone asked: one reply per browser token, and a phone posted anyway is ignored."""
    ConsoleSMSChannel.sent = []
    token = open_form(client, questionnaire)
    data = {**answers(), "reply_token": token, "phone": PHONE, "send_code": "1"}
    assert client.post(questionnaire.url, data).status_code == 302
    assert Reply.objects.get(page=questionnaire).phone_hash == ""
    assert ConsoleSMSChannel.sent == []


def test_no_code_is_sent_for_a_closed_questionnaire(client, verified):
    token = open_form(client, verified)
    verified.closes_at = verified.opens_at
    verified.save_revision().publish()
    response = send(client, verified, token, q_q6="王家村")
    assert response.status_code == 409 and 'value="王家村"' in response.content.decode()
    assert ConsoleSMSChannel.sent == []


def test_codes_nobody_can_use_are_purged(client, verified):
    """Expired codes are deleted (by ``manage.py purge_phone_codes``, its task, and whenever a
    code is asked for); a live code, a locked number and a code expired within the lock window
    (its wrong attempts still count) stay."""
    from django.core.management import call_command

    from questionnaires.tasks import purge_phone_codes

    now = timezone.now()

    def row(name, **fields):
        return PhoneCode.objects.create(page=verified, phone_hash=name, **fields)

    old = now - timedelta(hours=2)
    row("expired", code_hash="x", sent_at=old, expires_at=old)
    row("unsent", sent_at=old - timedelta(days=1), expires_at=old)  # the gateway was down
    row("live", code_hash="x", expires_at=now + timedelta(minutes=5))
    row("recent", code_hash="x", attempts=3, expires_at=now - timedelta(minutes=5))
    row("locked", expires_at=old, locked_until=now + timedelta(minutes=10))
    call_command("purge_phone_codes", stdout=io.StringIO())
    kept = set(PhoneCode.objects.filter(page=verified).values_list("phone_hash", flat=True))
    assert kept == {"live", "recent", "locked"}
    PhoneCode.objects.filter(phone_hash="locked").update(locked_until=now - timedelta(seconds=1))
    assert purge_phone_codes.call() == 1
    # Asking for a code clears what expired meanwhile.
    row("expired-again", code_hash="x", expires_at=old)
    token = open_form(client, verified)
    assert send(client, verified, token).status_code == 200
    assert not PhoneCode.objects.filter(phone_hash="expired-again").exists()
    assert PhoneCode.objects.filter(page=verified).count() == 3  # live, recent, the new one
