"""Account safety (core/accounts.py): the manual key in base32, backup codes, the lock-out screen
and a superuser resetting someone's second factor — each logged in Wagtail's history."""

import re
from base64 import b32decode
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from core import accounts

REQUIRED = "users.view_user"  # stands in for forms.view_personal_data (same mechanism)


@pytest.fixture
def sensitive_editor(django_user_model, settings):
    settings.TWO_FACTOR_REQUIRED_PERMISSIONS = [REQUIRED]
    user = django_user_model.objects.create_user("reviewer", password="pw-123456789")
    group = Group.objects.create(name="测试：个人信息")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_user"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def office_superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", password="pw-123456789")


def _code(device):
    return str(totp(unhexlify(device.key.encode()))).zfill(6)


def _set_up(client, user):
    """Through the real setup screen; returns the TOTP device and the backup codes shown."""
    client.force_login(user)
    page = client.get("/admin/2fa/setup/?next=/admin/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post("/admin/2fa/setup/", {"token": _code(device), "next": "/admin/"})
    assert done.status_code == 200  # the codes page, not a redirect: shown once, now
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    return page, device, codes


def test_manual_key_is_base32_matching_the_qr_code(client, sensitive_editor):
    client.force_login(sensitive_editor)
    page = client.get("/admin/2fa/setup/?next=/admin/").content.decode()
    device = TOTPDevice.objects.get(user=sensitive_editor, confirmed=False)
    shown = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert device.key not in page  # not the hex key no authenticator app accepts
    secret = shown.replace(" ", "")
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert f"secret={secret}" in device.config_url


def test_backup_codes_are_shown_once_and_each_works_once(client, sensitive_editor):
    _page, _device, codes = _set_up(client, sensitive_editor)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.logout()

    client.force_login(sensitive_editor)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")
    typed = codes[0].upper()[:4] + "-" + codes[0].upper()[4:]  # as people copy it
    done = client.post("/admin/2fa/verify/", {"token": typed, "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()

    client.force_login(sensitive_editor)
    StaticDevice.objects.get(user=sensitive_editor).throttle_reset()
    again = client.post("/admin/2fa/verify/", {"token": codes[0], "next": "/admin/"})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert client.get("/admin/").status_code == 302  # still held


def test_new_backup_codes_from_the_account_replace_the_old(client, sensitive_editor):
    _page, _device, old = _set_up(client, sensitive_editor)
    account = client.get("/admin/account/").content.decode()
    assert "/admin/account/two-factor/backup-codes/" in account
    screen = client.get("/admin/account/two-factor/backup-codes/")
    assert "10 个未用的备用验证码" in screen.content.decode()
    new = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>",
        client.post("/admin/account/two-factor/backup-codes/").content.decode(),
    )
    assert len(new) == 10 and not set(new) & set(old)
    device = StaticDevice.objects.get(user=sensitive_editor)
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(new)


def test_backup_codes_screen_is_held_until_the_second_step(client, sensitive_editor):
    TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    client.force_login(sensitive_editor)
    response = client.post("/admin/account/two-factor/backup-codes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/verify/")
    assert not StaticDevice.objects.filter(user=sensitive_editor).exists()


def _lock(username, ip, failures=5):
    return AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="test",
        attempt_time=timezone.now(),
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
    )


def test_superuser_sees_and_clears_a_lock_out_and_it_is_logged(client, office_superuser):
    locked = _lock("reviewer", "203.0.113.9")
    _lock("writer", "198.51.100.7", failures=2)
    client.force_login(office_superuser)
    page = client.get("/admin/security/lockouts/").content.decode()
    assert "reviewer" in page and "203.0.113.9" in page and "已锁定" in page
    assert "writer" in page and "未锁定" in page
    assert "/admin/security/lockouts/" in client.get("/admin/").content.decode()  # in 设置

    done = client.post("/admin/security/lockouts/", {"attempt": locked.pk}, follow=True)
    assert "已解除 reviewer（203.0.113.9）的登录锁定" in done.content.decode()
    assert not AccessAttempt.objects.filter(pk=locked.pk).exists()
    assert AccessAttempt.objects.filter(username="writer").exists()
    entry = ModelLogEntry.objects.get(action=accounts.LOCKOUT_CLEARED_ACTION)
    assert entry.user == office_superuser
    assert entry.data == {"username": "reviewer", "ip_address": "203.0.113.9"}

    gone = client.post("/admin/security/lockouts/", {"attempt": locked.pk}, follow=True)
    assert gone.status_code == 200 and "这条记录已不存在" in gone.content.decode()


def test_staff_cannot_see_or_clear_lock_outs(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="pw-123456789")
    group = Group.objects.create(name="测试：用户管理")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_user"),
    )
    user.groups.add(group)
    locked = _lock("reviewer", "203.0.113.9")
    client.force_login(user)
    assert client.get("/admin/security/lockouts/").status_code == 403
    assert client.post("/admin/security/lockouts/", {"attempt": locked.pk}).status_code == 403
    assert AccessAttempt.objects.filter(pk=locked.pk).exists()
    target = django_user_model.objects.create_user("other", password="pw-123456789")
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    reset_url = f"/admin/security/two-factor/reset/{target.pk}/"
    assert client.post(reset_url).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()
    assert reset_url not in client.get("/admin/users/").content.decode()


def test_superuser_resets_a_lost_phone_from_the_users_list(
    client, office_superuser, sensitive_editor
):
    TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    accounts.new_backup_codes(sensitive_editor)
    client.force_login(office_superuser)
    reset_url = f"/admin/security/two-factor/reset/{sensitive_editor.pk}/"
    assert reset_url in client.get("/admin/users/").content.decode()
    assert "确认重置" in client.get(reset_url).content.decode()

    done = client.post(reset_url, follow=True)
    assert "已重置 reviewer 的两步验证" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=sensitive_editor).exists()
    assert not StaticDevice.objects.filter(user=sensitive_editor).exists()
    entry = ModelLogEntry.objects.get(action=accounts.RESET_ACTION)
    assert entry.user == office_superuser and entry.object_id == str(sensitive_editor.pk)
    assert entry.data == {"username": "reviewer", "devices": 2}

    client.force_login(sensitive_editor)  # next sign-in: a new authenticator
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")
