"""Two-factor sign-in (TOTP, django-otp) for editors who can see personal data.

Whoever holds a permission that shows residents' personal data in clear (declared by the plugins
that own them through ``lawbridge_personal_data_permissions``, plus any in
``TWO_FACTOR_REQUIRED_PERMISSIONS``), and superusers when ``TWO_FACTOR_FOR_SUPERUSERS``, must
confirm an authenticator app once and then enter a code at each sign-in before any back-office
page opens (``/admin/``, and ``/django-admin/`` when it is mounted at all). Their sessions end
after ``TWO_FACTOR_IDLE_MINUTES`` without a request. Everyone else signs in with a password.

A device is added only by a user who needs one and has none confirmed: a password alone never
adds or replaces a second factor (a lost phone is reset by a superuser from the user's page, or
``manage.py reset_two_factor <username>``). Backup codes and the account screens: ``accounts``.
"""

from __future__ import annotations

import logging
import time
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts
from .plugins import personal_data_permissions

log = logging.getLogger(__name__)

# Paths of the back office: held until the second step is passed.
BACK_OFFICE_PREFIXES = ("/admin/", "/django-admin/")
LAST_SEEN_SESSION_KEY = "lb_last_seen"
SETUP_DEVICE_SESSION_KEY = "lb_2fa_setup_device"


def required_permissions() -> frozenset[str]:
    return personal_data_permissions() | frozenset(settings.TWO_FACTOR_REQUIRED_PERMISSIONS)


def requires_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return settings.TWO_FACTOR_FOR_SUPERUSERS
    return any(user.has_perm(perm) for perm in required_permissions())


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("打开手机上的身份验证器应用，输入显示的 6 位数字。"),
    )


class VerifyForm(TokenForm):
    """The code prompt also takes a backup code (8 letters and digits, spaces or dashes allowed)."""

    token = forms.CharField(
        label=_("验证码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
        help_text=_("输入身份验证器显示的 6 位数字；手机不在身边时，可输入一个备用验证码。"),
    )


def manual_key(device) -> str:
    """The secret as authenticator apps expect it typed: base32 (the QR code's ``secret=``),
    in groups of four. ``device.key`` is hex, which no app accepts."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _check(device, form) -> bool:
    """Verify the code, explaining a throttled device instead of a plain "wrong code"."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", _("尝试次数过多，请稍等片刻再输入。"))
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error("token", _("验证码不正确或已过期，请重新输入。"))
    return False


def _next_url(request) -> str:
    next_url = request.GET.get("next") or request.POST.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return reverse("wagtailadmin_home")
    return next_url


@login_required
def setup(request):
    """First time: show the secret as a QR code and confirm it with one code.

    Only for a user who needs a second factor and has none confirmed: whoever has one goes to
    the code prompt (or on, once verified), so a stolen password can never add a device."""
    if user_has_device(request.user, confirmed=True):
        if request.user.is_verified():
            return redirect(_next_url(request))
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    if not requires_two_factor(request.user):
        return redirect(reverse("wagtailadmin_home"))
    device = None
    if request.method == "POST":
        device = TOTPDevice.objects.filter(
            user=request.user, confirmed=False, pk=request.session.get(SETUP_DEVICE_SESSION_KEY)
        ).first()
        if device is None:
            # This screen's key was replaced (setup opened elsewhere): scan the new one.
            messages.error(request, _("二维码已更新，请重新扫码后再输入验证码。"))
            return redirect(
                f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}"
            )
    else:
        # A new secret for every setup screen, bound to this session: a key read by someone else
        # (a password-only session, a shoulder) stops working as soon as the owner opens setup.
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
        request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        # Shown once, now: the codes are not kept anywhere the user could see them again.
        return accounts.render_backup_codes(
            request, accounts.new_backup_codes(request.user), _next_url(request)
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("扫码添加账号"))
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": manual_key(device), "next": _next_url(request)},
    )


def _check_backup_code(user, form):
    """A backup code instead of the TOTP code: used up on success, throttled like TOTP."""
    device = accounts.backup_device(user)
    code = accounts.normalise_backup_code(form.cleaned_data["token"])
    if device is None:
        return None
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", _("尝试次数过多，请稍等片刻再输入。"))
        return None
    if device.verify_token(code):
        return device
    form.add_error("token", _("验证码不正确或已过期，请重新输入。"))
    return None


@login_required
def verify(request):
    form = VerifyForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and form.is_valid() and device:
        typed = form.cleaned_data["token"].strip()
        if len(typed) == 6 and typed.isdigit():  # TOTP; backup codes have 8 characters
            if _check(device, form):
                otp_login(request, device)
                return redirect(_next_url(request))
        elif backup := _check_backup_code(request.user, form):
            log.info("%s signed in with a backup code", request.user.get_username())
            otp_login(request, backup)
            return redirect(_next_url(request))
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def django_admin_urls():
    """Django's admin (mounted only when ``DJANGO_ADMIN_ENABLED``), without the OTP device
    models: a device is set up only through ``setup``, by its owner. ``RequireTwoFactorMiddleware``
    holds ``/django-admin/`` like ``/admin/``."""
    from django.apps import apps
    from django.contrib import admin
    from django_otp.models import Device

    for model in apps.get_models():
        if issubclass(model, Device) and admin.site.is_registered(model):
            admin.site.unregister(model)
    return admin.site.urls


urlpatterns = [
    path("2fa/setup/", setup, name="two_factor_setup"),
    path("2fa/verify/", verify, name="two_factor_verify"),
    *accounts.urlpatterns,
]


class RequireTwoFactorMiddleware:
    """After django_otp's OTPMiddleware: holds back-office requests until the user is verified,
    and ends the sessions of users who need the second step once they have been idle for
    ``TWO_FACTOR_IDLE_MINUTES`` (0: never)."""

    EXEMPT = ("/admin/login/", "/admin/logout/", "/admin/2fa/", "/admin/jsi18n/")
    # The last-seen stamp is rewritten at most this often, not on every request.
    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def _expire_if_idle(self, request, user) -> None:
        idle_minutes = settings.TWO_FACTOR_IDLE_MINUTES
        if not idle_minutes or not requires_two_factor(user):
            return
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        if last_seen is not None and now - last_seen > idle_minutes * 60:
            log.info("session of %s ended after %s idle minutes", user.get_username(), idle_minutes)
            logout(request)  # flushes the session; request.user becomes anonymous
            return
        if last_seen is None or now - last_seen >= self.TOUCH_SECONDS:
            request.session[LAST_SEEN_SESSION_KEY] = now

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._expire_if_idle(request, user)
            user = request.user
        if (
            request.path.startswith(BACK_OFFICE_PREFIXES)
            and not request.path.startswith(self.EXEMPT)
            and user is not None
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            name = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
