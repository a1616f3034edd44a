"""Editors who can see personal data must pass a TOTP code before the admin opens."""

from binascii import unhexlify

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

REQUIRED = "users.view_user"  # stands in for forms.view_personal_data (same mechanism)


@pytest.fixture
def sensitive_editor(django_user_model, settings):
    settings.TWO_FACTOR_REQUIRED_PERMISSIONS = [REQUIRED]
    user = django_user_model.objects.create_user("reviewer", password="pw-123456789")
    group = Group.objects.create(name="意见审核员")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_user"),
    )
    user.groups.add(group)
    return user


def _code(device):
    return str(totp(unhexlify(device.key.encode()))).zfill(6)


def test_editor_without_personal_data_signs_in_with_password_only(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="pw-123456789")
    group = Group.objects.create(name="测试：仅后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_first_sign_in_requires_setting_up_an_authenticator(client, sensitive_editor):
    client.force_login(sensitive_editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/?next=/admin/pages/")
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()  # QR code generated locally
    device = TOTPDevice.objects.get(user=sensitive_editor, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302  # still held
    # django-otp throttles guessing: an immediate retry is refused with an explanation.
    throttled = client.post("/admin/2fa/setup/", {"token": _code(device), "next": "/"})
    assert "尝试次数过多" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()

    done = client.post("/admin/2fa/setup/", {"token": _code(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_later_sign_ins_ask_for_a_code(client, sensitive_editor):
    device = TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    client.force_login(sensitive_editor)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    done = client.post("/admin/2fa/verify/", {"token": _code(device), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_next_parameter_cannot_leave_the_site(client, sensitive_editor):
    device = TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    client.force_login(sensitive_editor)
    done = client.post(
        "/admin/2fa/verify/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert done["Location"] == "/admin/"


def test_superusers_need_it_when_configured(client, admin_user, settings):
    client.force_login(admin_user)
    settings.TWO_FACTOR_FOR_SUPERUSERS = False
    assert client.get("/admin/").status_code == 200
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")
