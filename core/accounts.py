"""Account safety screens of the back office (two-step sign-in and lock-outs).

- Backup codes (django-otp's ``otp_static``): ten single-use codes made when the authenticator is
  confirmed, shown once, accepted at the code prompt instead of a TOTP code; the owner makes a new
  set from their account (the old set stops working).
- 登录锁定 (superusers): django-axes' failed-login records by user, address and time, each
  clearable.
- 重置两步验证 (superusers): removes someone's devices (a lost phone), like
  ``manage.py reset_two_factor``; they set up a new authenticator at their next sign-in.

Clearing a lock-out and resetting a second factor are written to Wagtail's log (报告 › 站点历史)
with who did it, and to the server log.
"""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from wagtail.log_actions import log

log_ = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"
RESET_ACTION = "lawbridge.two_factor_reset"
LOCKOUT_CLEARED_ACTION = "lawbridge.lockout_cleared"


# --- Backup codes ------------------------------------------------------------------------------


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by a fresh set and return it (the only time it is seen)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def normalise_backup_code(typed: str) -> str:
    """Codes are shown in lower case; accept them typed with spaces, dashes or capitals."""
    return "".join(typed.split()).replace("-", "").lower()


def render_backup_codes(request, codes, next_url):
    return render(
        request, "core/accounts/backup_codes_new.html", {"codes": codes, "next": next_url}
    )


@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """The owner's backup codes: how many are left, and a button for a new set. Under
    ``/admin/account/`` so the two-step middleware holds it until the user is verified."""
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
    if not user_has_device(user, confirmed=True) or not user.is_verified():
        raise PermissionDenied
    if request.method == "POST":
        codes = new_backup_codes(user)
        log_.info("%s made a new set of backup codes", user.get_username())
        return render_backup_codes(request, codes, reverse("wagtailadmin_account"))
    device = backup_device(user)
    remaining = device.token_set.count() if device else 0
    return render(request, "core/accounts/backup_codes.html", {"remaining": remaining})


# --- Lock-outs ---------------------------------------------------------------------------------


def _superuser(request):
    if not (request.user.is_authenticated and request.user.is_superuser):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def lockouts(request):
    _superuser(request)
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt")).first()
        if attempt is None:
            messages.error(request, _("这条记录已不存在（可能已被清除或已过期）。"))
        else:
            with transaction.atomic():
                # Logged against the record itself: the username may belong to no account.
                log(
                    instance=attempt,
                    action=LOCKOUT_CLEARED_ACTION,
                    user=request.user,
                    data={"username": attempt.username, "ip_address": attempt.ip_address},
                    deleted=True,
                )
                attempt.delete()
            log_.warning(
                "%s cleared the lock-out of %r from %s",
                request.user.get_username(),
                attempt.username,
                attempt.ip_address,
            )
            messages.success(
                request,
                _("已解除 %(username)s（%(ip)s）的登录锁定。")
                % {"username": attempt.username, "ip": attempt.ip_address},
            )
        return redirect("lawbridge_lockouts")
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:500]
    limit = settings.AXES_FAILURE_LIMIT
    return render(
        request,
        "core/accounts/lockouts.html",
        {
            "attempts": [(a, a.failures_since_start >= limit) for a in attempts],
            "limit": limit,
        },
    )


# --- Resetting someone's second factor ---------------------------------------------------------


def remove_devices(user) -> int:
    """Every two-step device of ``user`` (authenticator and backup codes); returns how many."""
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    return count


@require_http_methods(["GET", "POST"])
def reset_two_factor(request, user_id):
    _superuser(request)
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        with transaction.atomic():
            count = remove_devices(target)
            log(
                instance=target,
                action=RESET_ACTION,
                user=request.user,
                data={"username": target.get_username(), "devices": count},
            )
        log_.warning(
            "%s reset the two-step sign-in of %s (%s devices)",
            request.user.get_username(),
            target.get_username(),
            count,
        )
        messages.success(
            request,
            _("已重置 %(username)s 的两步验证，对方下次登录时需重新设置身份验证器。")
            % {"username": target.get_username()},
        )
        return redirect("wagtailusers_users:edit", target.pk)
    has_device = user_has_device(target, confirmed=None)
    return render(
        request,
        "core/accounts/reset_two_factor.html",
        {"target": target, "has_device": has_device},
    )


urlpatterns = [
    path("account/two-factor/backup-codes/", backup_codes, name="two_factor_backup_codes"),
    path("security/lockouts/", lockouts, name="lawbridge_lockouts"),
    path(
        "security/two-factor/reset/<int:user_id>/",
        reset_two_factor,
        name="lawbridge_reset_two_factor",
    ),
]
