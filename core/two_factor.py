"""Two-factor sign-in (TOTP, django-otp) for editors who can see personal data.

Whoever holds one of ``TWO_FACTOR_REQUIRED_PERMISSIONS`` (and superusers, when
``TWO_FACTOR_FOR_SUPERUSERS``) must confirm an authenticator app once and then enter a code at each
sign-in before any admin page opens. Everyone else signs in with a password as before.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


def requires_two_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return settings.TWO_FACTOR_FOR_SUPERUSERS
    return any(user.has_perm(perm) for perm in settings.TWO_FACTOR_REQUIRED_PERMISSIONS)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("打开手机上的身份验证器应用，输入显示的 6 位数字。"),
    )


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
    """First time: show the secret as a QR code and confirm it with one code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("扫码添加账号"))
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": device.key, "next": _next_url(request)},
    )


@login_required
def verify(request):
    form = TokenForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and form.is_valid() and device and _check(device, form):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


urlpatterns = [
    path("2fa/setup/", setup, name="two_factor_setup"),
    path("2fa/verify/", verify, name="two_factor_verify"),
]


class RequireTwoFactorMiddleware:
    """After django_otp's OTPMiddleware: holds admin requests until the user is verified."""

    EXEMPT = ("/admin/login/", "/admin/logout/", "/admin/2fa/", "/admin/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith(self.EXEMPT)
            and user is not None
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            name = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
            return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
