"""Spam defence for public forms, without foreign services: a honeypot field, a signed "form shown
at" token (minimum fill time, and spent once an opinion is stored with it), and an offline CAPTCHA
(django-simple-captcha, images served from our own host).

The CAPTCHA is asked for on evidence of automation, never merely because many people share one
address (a 立法赶集 puts a whole square behind one Wi-Fi, mobile carriers put a town behind NAT):

- this submission: the honeypot filled, the token missing, forged or already spent, or a form that
  is complete and valid yet was filled faster than a person can (an empty or half-filled fast
  submission is just shown its field errors);
- this browser (its CSRF cookie, which every accepted POST carries): many submissions in an hour
  (``limit``), or earlier evidence — it keeps being asked for ``SPAM_CAPTCHA_SECONDS``;
- this address only past a threshold a crowd does not reach (``address_limit``).

A person who is asked solves the CAPTCHA and submits what they typed; a bot that cannot is told
why it was refused.

The flags live in the ``limits`` cache beside the rate-limit counters. While that store is
unreachable every client is asked for the CAPTCHA (its challenges are in the database, so it still
works): the rate limits then count per process only, and the CAPTCHA makes up for it. A person
pays one extra step, a bot gets no free pass.

Settings: ``SPAM_DEFENCE`` (on/off), ``SPAM_MIN_FILL_SECONDS``, ``SPAM_CAPTCHA_SECONDS`` (how long a
browser or address that tripped keeps being asked).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import caches
from .ratelimit import OUTAGE, client_ip
from .widgets import never_cut

HONEYPOT = "website"
STARTED = "form_started"
CAPTCHA = "captcha"
REFRESH = "captcha_refresh"
SPAM_FIELDS = (HONEYPOT, STARTED, CAPTCHA)
_SALT = "lawbridge.spam.started"
# A spent token is remembered this long; a form left open longer than that is rare, and a bot
# replaying one gains a week at most before it must load a form again.
SPENT_SECONDS = 7 * 24 * 3600

NEED_CAPTCHA = _("为确认是您本人提交，请输入下面图片中的数字后再提交一次。您填写的内容已保留。")
# Why the CAPTCHA is asked, in words a resident understands (shown before NEED_CAPTCHA).
REASONS = {
    "honeypot": _("表单中一个应当留空的栏目被填写了（有的浏览器会自动填写它）。"),
    "no-timestamp": _("这份表单不完整或已损坏，可能不是从本网站打开的。"),
    "spent": _("这份表单已经用来提交过一条意见。"),
    "too-fast": _("这份意见从打开表单到提交只用了几秒钟，像是自动程序。"),
    "browser": _("这个浏览器最近提交了很多次。"),
    "address": _("您所在的网络（例如同一个 Wi-Fi）最近提交了非常多的意见。"),
}
TOO_FAST = REASONS["too-fast"]


def enabled() -> bool:
    return getattr(settings, "SPAM_DEFENCE", True)


def digits_challenge():
    """The CAPTCHA challenge: four digits — easy to read, and to type on a phone's number pad."""
    answer = "".join(secrets.choice("23456789") for _ in range(4))
    return answer, answer


def started_token(now: float | None = None) -> str:
    # Whole seconds, rounded down: never in the future (a fast but legitimate client would
    # otherwise be "too fast" even with SPAM_MIN_FILL_SECONDS = 0). The nonce makes every shown
    # form's token its own: two people opening the form in the same second must not share one,
    # or the second would find it spent.
    return signing.dumps(
        [int(now if now is not None else time.time()), secrets.token_hex(8)], salt=_SALT
    )


def _started_at(token: str) -> float | None:
    try:
        value = signing.loads(token or "", salt=_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if isinstance(value, list) and value:
        value = value[0]  # [seconds, nonce]; a bare number is a form shown before the nonce
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fill_seconds(token: str) -> float | None:
    """Seconds since the form was shown, or None for a missing or forged token."""
    started = _started_at(token)
    return None if started is None else time.time() - started


def _spent_key(token: str) -> str:
    return "lb:form-started-spent:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def spend(data) -> None:
    """An opinion was stored with this form: its token may not bring another one."""
    token = data.get(STARTED) or ""
    if not enabled() or _started_at(token) is None or caches.is_down(caches.LIMITS):
        return
    try:
        caches.get(caches.LIMITS).set(_spent_key(token), 1, SPENT_SECONDS)
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, OUTAGE)


def _spent(token: str) -> bool:
    if caches.is_down(caches.LIMITS):
        return False  # everyone is asked for the CAPTCHA meanwhile
    try:
        return bool(caches.get(caches.LIMITS).get(_spent_key(token)))
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, OUTAGE)
        return False


def evidence(data) -> str:
    """Evidence in the submission itself that it is automated ('' if none): the honeypot filled,
    the token missing or forged, or spent by an opinion already stored. Whatever the content."""
    if not enabled():
        return ""
    if (data.get(HONEYPOT) or "").strip():
        return "honeypot"
    token = data.get(STARTED) or ""
    if _started_at(token) is None:
        return "no-timestamp"
    if _spent(token):
        return "spent"
    return ""


def too_fast(data) -> bool:
    seconds = fill_seconds(data.get(STARTED) or "")
    return seconds is not None and seconds < getattr(settings, "SPAM_MIN_FILL_SECONDS", 3)


def suspicious(data) -> str:
    """Why a submission looks automated ('' if it does not): ``evidence``, or filled in faster
    than a person can. Decides only what is kept of a refused form (no uploads for a likely bot):
    whether to ask for the CAPTCHA is ``guard``'s, which forgives a fast but incomplete form."""
    if not enabled():
        return ""
    return evidence(data) or ("too-fast" if too_fast(data) else "")


_CSRF_SECRET = re.compile(r"[A-Za-z0-9]{32}")


def browser_key(request) -> str:
    """This browser, as far as a public form can tell: its CSRF cookie (without which no POST is
    accepted), hashed. '' for a client without one (only tests and GETs: CSRF refuses the POST)."""
    value = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if not _CSRF_SECRET.fullmatch(value or ""):
        return ""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _flag_keys(request) -> list[str]:
    keys = [f"lb:captcha-required:{client_ip(request)}"]
    if browser := browser_key(request):
        keys.append(f"lb:captcha-required:browser:{browser}")
    return keys


def captcha_required(request) -> bool:
    """Is this browser, or its whole address, still asked for the CAPTCHA?"""
    if not enabled():
        return False
    if caches.is_down(caches.LIMITS):
        return True
    try:
        return any(caches.get(caches.LIMITS).get_many(_flag_keys(request)).values())
    except caches.CACHE_ERRORS as exc:
        caches.mark_down(caches.LIMITS, exc, OUTAGE)
        return True


def require_captcha(request, *, address: bool = False) -> None:
    """Ask this browser for the CAPTCHA from now on, or its whole address when ``address`` (only
    past a limit a crowd does not reach) or when the browser cannot be told apart."""
    if caches.is_down(caches.LIMITS):
        return  # everyone is asked meanwhile
    keys = _flag_keys(request)
    key = keys[0] if address or len(keys) == 1 else keys[1]
    seconds = getattr(settings, "SPAM_CAPTCHA_SECONDS", 3600)
    try:
        caches.get(caches.LIMITS).set(key, 1, seconds)
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
        never_cut(self)  # every public form: a long text is refused with a message, never cut
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


def guard(request, make_form, *, limit: str, hard_limit: str, address_limit: str | None = None):
    """Run the defences for one POST of a public form. ``make_form(captcha=bool)`` builds the
    bound form. Returns ``(form, refusal)``: ``refusal`` is None (go on: validate and save) or
    ``(status, message)`` — the form is then shown again with what was typed.

    ``limit`` counts per browser and ``address_limit`` per address when ``address_limit`` is
    given; without it (a form that has not opted in) ``limit`` counts per address. ``hard_limit``
    (per address) refuses even a solved CAPTCHA: a flood, not a crowd."""
    import logging

    from . import ratelimit

    log = logging.getLogger("lawbridge.abuse")
    # A form that was shown with the CAPTCHA keeps it until it is solved: the question travels
    # with the form, not only with a flag (which a browser without cookies cannot carry).
    captcha = captcha_required(request) or bool(request.POST.get(f"{CAPTCHA}_0"))
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
    over = ""
    if address_limit is None:
        if ratelimit.limited(request, limit):
            over = "address"
    else:
        browser = browser_key(request)
        # Count both, always: a burst from one browser and a flood from one address.
        over_browser = ratelimit.limited(
            request, limit, key=f"browser:{browser}" if browser else None
        )
        over_address = ratelimit.limited(request, address_limit)
        over = "address" if over_address else ("browser" if over_browser else "")
    reason = evidence(request.POST)
    form = make_form(captcha=captcha)
    if not (over or reason or captcha) and too_fast(request.POST) and form.is_valid():
        # Only a complete, valid form is "too fast" to be a person: a quick tap on an empty or
        # half-filled form gets its field errors like any other.
        reason = "too-fast"
    if (over or reason) and not captcha:
        log.info("captcha asked of %s: %s", ratelimit.client_ip(request), reason or over)
        require_captcha(request, address=over == "address" and address_limit is not None)
        form = make_form(captcha=True)
        form.is_valid()
        form.drop_captcha_error()
        # A form that keeps valid uploads across a refusal (``keeps_uploads``) needs no note once
        # validated; the hard-limit refusal above never validates, so the note stays there.
        message = f"{REASONS[reason or over]} {NEED_CAPTCHA}"
        message += "" if getattr(form, "keeps_uploads", False) else files_note
        return form, (429 if over else 400, message)
    return form, None
