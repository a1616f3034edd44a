"""Spam defence for public forms, without foreign services: a honeypot field, a minimum fill time
(a signed timestamp put in the form when it is shown), and an offline CAPTCHA
(django-simple-captcha, images served from our own host) that is asked for only once a client
has tripped a rate limit or one of the two checks. A person who trips them solves the CAPTCHA and
submits what they typed; a bot that cannot is told why it was refused.

The flags live in the ``limits`` cache beside the rate-limit counters. While that store is
unreachable every client is asked for the CAPTCHA (its challenges are in the database, so it still
works): the rate limits then count per process only, and the CAPTCHA makes up for it. A person
pays one extra step, a bot gets no free pass.

Settings: ``SPAM_DEFENCE`` (on/off), ``SPAM_MIN_FILL_SECONDS``, ``SPAM_CAPTCHA_SECONDS`` (how long a
client that tripped keeps being asked).
"""

from __future__ import annotations

import secrets
import time

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import caches
from .ratelimit import OUTAGE, client_ip

HONEYPOT = "website"
STARTED = "form_started"
CAPTCHA = "captcha"
REFRESH = "captcha_refresh"
SPAM_FIELDS = (HONEYPOT, STARTED, CAPTCHA)
_SALT = "lawbridge.spam.started"

NEED_CAPTCHA = _("为确认是您本人提交，请输入下面图片中的数字后再提交一次。您填写的内容已保留。")
TOO_FAST = _("提交得太快了，像是自动程序。")


def enabled() -> bool:
    return getattr(settings, "SPAM_DEFENCE", True)


def digits_challenge():
    """The CAPTCHA challenge: four digits — easy to read, and to type on a phone's number pad."""
    answer = "".join(secrets.choice("23456789") for _ in range(4))
    return answer, answer


def started_token(now: float | None = None) -> str:
    # Whole seconds, rounded down: never in the future (a fast but legitimate client would
    # otherwise be "too fast" even with SPAM_MIN_FILL_SECONDS = 0).
    return signing.dumps(int(now if now is not None else time.time()), salt=_SALT)


def fill_seconds(token: str) -> float | None:
    """Seconds since the form was shown, or None for a missing or forged token."""
    try:
        started = float(signing.loads(token or "", salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


def suspicious(data) -> str:
    """Why a submission looks automated ('' if it does not): honeypot filled, no or forged
    timestamp, or filled in faster than a person can."""
    if not enabled():
        return ""
    if (data.get(HONEYPOT) or "").strip():
        return "honeypot"
    seconds = fill_seconds(data.get(STARTED, ""))
    if seconds is None:
        return "no-timestamp"
    if seconds < getattr(settings, "SPAM_MIN_FILL_SECONDS", 3):
        return "too-fast"
    return ""


def _flag_key(request) -> str:
    return f"lb:captcha-required:{client_ip(request)}"


def captcha_required(request) -> bool:
    if not enabled():
        return False
    if caches.is_down(caches.LIMITS):
        return True
    try:
        return bool(caches.get(caches.LIMITS).get(_flag_key(request)))
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, OUTAGE)
        return True


def require_captcha(request) -> None:
    if caches.is_down(caches.LIMITS):
        return  # everyone is asked meanwhile
    seconds = getattr(settings, "SPAM_CAPTCHA_SECONDS", 3600)
    try:
        caches.get(caches.LIMITS).set(_flag_key(request), 1, seconds)
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, OUTAGE)


class LawBridgeCaptchaInput(CaptchaTextInput):
    """The CAPTCHA image with a Chinese description, a numeric keypad on phones, and a
    "换一张" button that works without JavaScript (it re-shows the form with what was typed)."""

    template_name = "core/widgets/captcha.html"
    use_fieldset = False  # one <label for> the answer box (the key is a hidden input)

    def __init__(self, attrs=None):
        attrs = {"inputmode": "numeric", "class": "form-control captcha-answer", **(attrs or {})}
        super().__init__(attrs=attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh_name"] = REFRESH
        return context


class SpamProtectedForm(forms.Form):
    """Adds the honeypot and the timestamp to a form, and the CAPTCHA when ``captcha=True``."""

    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not enabled():
            return
        self.fields[HONEYPOT] = forms.CharField(
            label=_("请勿填写此栏（防止自动提交）"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[STARTED] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started_token
        )
        if captcha:
            self.fields[CAPTCHA] = CaptchaField(
                label=_("验证码"),
                widget=LawBridgeCaptchaInput(),
                help_text=_("请输入图片中的 4 位数字；看不清可以点“换一张”。"),
                error_messages={
                    "invalid": _("验证码不正确，请重新输入。"),
                    "required": _("请输入验证码。"),
                },
            )

    @property
    def has_captcha(self) -> bool:
        return CAPTCHA in self.fields

    def drop_captcha_error(self):
        """After asking for the CAPTCHA for the first time, don't scold for leaving it empty."""
        if self.has_captcha and CAPTCHA in self.errors:
            del self.errors[CAPTCHA]


HARD_LIMIT = _(
    "来自您网络的提交太多，暂时不能再提交，请过一段时间再试。您填写的内容没有丢失，已保留在下面。"
)
FILES_AGAIN = _("附件需要重新选择。")


def guard(request, make_form, *, limit: str, hard_limit: str):
    """Run the defences for one POST of a public form. ``make_form(captcha=bool)`` builds the
    bound form. Returns ``(form, refusal)``: ``refusal`` is None (go on: validate and save) or
    ``(status, message)`` — the form is then shown again with what was typed."""
    import logging

    from . import ratelimit

    log = logging.getLogger("lawbridge.abuse")
    captcha = captcha_required(request)
    files_note = f" {FILES_AGAIN}" if request.FILES else ""
    # 换一张 is a submit button (no JavaScript needed), and the first one in the form, so Enter in
    # a text box sends it too: with an answer typed, it is a normal submission.
    if request.POST.get(REFRESH) and not request.POST.get(f"{CAPTCHA}_1", "").strip():
        form = make_form(captcha=True)
        form.is_valid()
        form.drop_captcha_error()
        return form, (200, "")
    if ratelimit.limited(request, hard_limit):
        log.warning("refused %s: hard limit %s", ratelimit.client_ip(request), hard_limit)
        return make_form(captcha=captcha), (429, str(HARD_LIMIT) + files_note)
    over = ratelimit.limited(request, limit)
    reason = suspicious(request.POST)
    if (over or reason) and not captcha:
        log.info("captcha asked of %s: %s", ratelimit.client_ip(request), reason or limit)
        require_captcha(request)
        form = make_form(captcha=True)
        form.is_valid()
        form.drop_captcha_error()
        # A form that keeps valid uploads across a refusal (``keeps_uploads``) needs no note once
        # validated; the hard-limit refusal above never validates, so the note stays there.
        message = str(NEED_CAPTCHA) + ("" if getattr(form, "keeps_uploads", False) else files_note)
        if over:
            message = f"{ratelimit.TOO_MANY} {message}"
        return form, (429 if over else 400, message)
    return make_form(captcha=captcha), None
