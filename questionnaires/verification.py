"""Optional phone verification of a questionnaire (``QuestionnairePage.verify_phone``): one reply
per mobile number, without accounts.

The person types a mobile number and asks for a code; a 6-digit code goes out by SMS through
``core.notify`` (the one way to send an SMS; a gateway may be down). The code typed back with the
answers proves the number is theirs, and the reply is stored with a keyed hash of the number:
unique per questionnaire in the database (``questionnaire_one_reply_per_phone``).

What is stored: never the number, never the code. ``phone_hash`` is an HMAC under the site's
secret key and the questionnaire's id — the same phone on two questionnaires gives two unrelated
hashes, and a leaked table cannot be reversed by hashing every mobile number (there are only ~10⁹)
without the key. The code is kept as an HMAC too, for ten minutes.

Limits, each with its own sentence: a code lives ``CODE_SECONDS``; another is sent only after
``RESEND_SECONDS``; ``MAX_ATTEMPTS`` wrong codes lock the number for ``LOCK_SECONDS`` (a locked
number gets no new code either); codes sent per number and per address are rate limited
(``questionnaire_code_phone``, ``questionnaire_code_address`` in apps.py). Whether a number has
already replied is said only after its code was typed correctly: asking for a code never tells
a stranger whether a given number took part."""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import notify, ratelimit
from core.masking import mask_phone

from .models import PhoneCode, Reply, source_page

__all__ = [
    "VerificationError",
    "check_code",
    "masked",
    "normalise",
    "phone_hash",
    "phone_replied",
    "purge_expired",
    "send_code",
]

logger = logging.getLogger("lawbridge.questionnaires")

CODE_DIGITS = 6
CODE_SECONDS = 10 * 60
RESEND_SECONDS = 60
MAX_ATTEMPTS = 5
LOCK_SECONDS = 30 * 60

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SALT_PHONE = "lawbridge.questionnaires.phone"
_SALT_CODE = "lawbridge.questionnaires.code"

BAD_PHONE = _("请填写 11 位手机号码，例如 138 1234 5678。")
BAD_CODE = _("请填写短信中的 6 位数字验证码。")
NO_CODE = _("请先点“获取验证码”，再填写短信中的验证码。")
EXPIRED = _("验证码已过期，请重新获取。")
WRONG = _("验证码不正确，还可以再试 %(n)s 次。")
LOCKED = _("验证码错误次数过多，这个手机号暂时不能验证，请 %(minutes)s 分钟后再试。")
WAIT = _("验证码刚刚发出，请 %(seconds)s 秒后再重新获取。")
TOO_MANY = _("获取验证码的次数太多了，请过一段时间再试。您填写的答案已保留。")
GATEWAY_DOWN = _("短信暂时发送不出去，请稍后再点“获取验证码”。您填写的答案已保留。")
ALREADY = _("这个手机号已经提交过答卷，每个手机号只能提交一份。")
SENT = _("验证码已发送到 %(phone)s，%(minutes)s 分钟内有效。")


class VerificationError(Exception):
    """A refusal to show the person: ``field`` is the form field it belongs to."""

    def __init__(self, message: str, field: str = "phone", status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status  # 429 for a limit, 503 when the SMS gateway is down


def normalise(raw: str) -> str | None:
    """The 11 digits of a mainland mobile number however typed (full-width digits, spaces,
    dashes, brackets, +86 / 0086 / 86 in front), or None when it is not one."""
    text = unicodedata.normalize("NFKC", raw or "")
    if len(text) > 40 or "\x00" in text:
        return None
    digits = re.sub(r"[\s\-()（）.]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and _MOBILE.fullmatch(digits[len(prefix) :]):
            digits = digits[len(prefix) :]
    return digits if _MOBILE.fullmatch(digits) else None


def phone_hash(page, number: str) -> str:
    """The keyed hash a reply stores for ``number`` (already normalised) on this questionnaire."""
    return salted_hmac(
        _SALT_PHONE, f"{source_page(page).pk}:{number}", algorithm="sha256"
    ).hexdigest()


def _code_hash(hashed_phone: str, code: str) -> str:
    return salted_hmac(_SALT_CODE, f"{hashed_phone}:{code}", algorithm="sha256").hexdigest()


def masked(number: str) -> str:
    return mask_phone(number)


def _minutes(until) -> int:
    return max(1, int((until - timezone.now()).total_seconds() // 60) + 1)


def _number(raw: str) -> str:
    number = normalise(raw)
    if number is None:
        raise VerificationError(str(BAD_PHONE))
    return number


def purge_expired(now=None) -> int:
    """Delete the codes nobody can use any more; returns how many. A row stays while its code
    is live, while its number is locked, and for ``LOCK_SECONDS`` after its code expired: the
    wrong attempts it counts carry over to the next code asked for meanwhile, so deleting it at
    once would hand a guesser fresh attempts. A reply spends its code (storage.record_reply)."""
    now = now or timezone.now()
    stale = PhoneCode.objects.filter(expires_at__lt=now - timedelta(seconds=LOCK_SECONDS)).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    )
    deleted, _by_model = stale.delete()
    return deleted


def send_code(request, page, raw_phone: str) -> str:
    """Send a new code to ``raw_phone`` for ``page``; returns the sentence saying where it went.
    Raises ``VerificationError`` (wrong number, locked, too soon, too many, gateway down)."""
    # Codes asked for and never used are cleared as new ones are asked for, so the table stays
    # small without a scheduled job (``manage.py purge_phone_codes`` does the same from cron).
    purge_expired()
    number = _number(raw_phone)
    page = source_page(page)
    hashed = phone_hash(page, number)
    now = timezone.now()
    row, _created = PhoneCode.objects.get_or_create(page=page, phone_hash=hashed)
    if row.locked_until and row.locked_until > now:
        raise VerificationError(str(LOCKED) % {"minutes": _minutes(row.locked_until)}, status=429)
    if row.code_hash and row.sent_at > now - timedelta(seconds=RESEND_SECONDS):
        wait = RESEND_SECONDS - int((now - row.sent_at).total_seconds())
        raise VerificationError(str(WAIT) % {"seconds": max(1, wait)}, status=429)
    # Both always counted: one number flooded from many places, one place flooding many numbers.
    over_phone = ratelimit.limited(request, "questionnaire_code_phone", key=f"phone:{hashed}")
    over_address = ratelimit.limited(request, "questionnaire_code_address")
    if over_phone or over_address:
        raise VerificationError(str(TOO_MANY), status=429)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    PhoneCode.objects.filter(pk=row.pk).update(
        code_hash=_code_hash(hashed, code),
        sent_at=now,
        expires_at=now + timedelta(seconds=CODE_SECONDS),
        locked_until=None,
        attempts=0 if row.locked_until else row.attempts,
    )
    text = gettext("【%(site)s】问卷“%(title)s”的验证码：%(code)s，%(minutes)s 分钟内有效。") % {
        "site": gettext("立法连心桥"),
        "title": page.title[:30],
        "code": code,
        "minutes": CODE_SECONDS // 60,
    }
    try:
        sent = notify.send(notify.Message(subject=text, body=text, phone=number))
    except Exception:  # a misconfigured channel list: the person is told, never a 500
        logger.exception("questionnaire code could not be sent")
        sent = False
    if not sent:
        # Nothing went out: no code to wait for, no cool-down before trying again.
        PhoneCode.objects.filter(pk=row.pk).update(code_hash="", sent_at=now - timedelta(days=1))
        raise VerificationError(str(GATEWAY_DOWN), status=503)
    return str(SENT) % {"phone": masked(number), "minutes": CODE_SECONDS // 60}


def check_code(page, raw_phone: str, raw_code: str) -> str:
    """The phone hash when ``raw_code`` is the live code sent to ``raw_phone`` for ``page``.
    A wrong code counts an attempt; the ``MAX_ATTEMPTS``-th locks the number and voids the code.
    Raises ``VerificationError``. The code is spent when the reply is stored (storage.record_reply)."""
    number = _number(raw_phone)
    code = unicodedata.normalize("NFKC", raw_code or "").replace(" ", "")
    if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
        raise VerificationError(str(BAD_CODE), field="sms_code")
    page = source_page(page)
    hashed = phone_hash(page, number)
    row = PhoneCode.objects.filter(page=page, phone_hash=hashed).first()
    now = timezone.now()
    if row is None:
        raise VerificationError(str(NO_CODE), field="sms_code")
    if row.locked_until and row.locked_until > now:
        raise VerificationError(str(LOCKED) % {"minutes": _minutes(row.locked_until)}, "sms_code")
    if not row.code_hash or row.expires_at <= now:
        raise VerificationError(str(EXPIRED), field="sms_code")
    if constant_time_compare(row.code_hash, _code_hash(hashed, code)):
        return hashed
    # Counted in the database (F()): parallel guesses cannot share one attempt.
    PhoneCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    attempts = PhoneCode.objects.values_list("attempts", flat=True).get(pk=row.pk)
    if attempts >= MAX_ATTEMPTS:
        until = now + timedelta(seconds=LOCK_SECONDS)
        PhoneCode.objects.filter(pk=row.pk).update(locked_until=until, code_hash="", attempts=0)
        raise VerificationError(str(LOCKED) % {"minutes": _minutes(until)}, field="sms_code")
    raise VerificationError(str(WRONG) % {"n": MAX_ATTEMPTS - attempts}, field="sms_code")


def phone_replied(page, hashed: str) -> bool:
    page = source_page(page)
    return Reply.objects.filter(page=page, phone_hash=hashed).exists()
