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
    # Confirmed: the backup codes are shown once, then the user goes on to where they were going.
    assert done.status_code == 200 and 'href="/admin/pages/"' in done.content.decode()
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


# --- Every permission that shows personal data in clear, declared by its plugin ---------------


def _verified_login(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def test_plugins_declare_their_personal_data_permissions(db):
    from django.apps import apps

    from core.plugins import personal_data_permissions

    declared = personal_data_permissions()
    if apps.is_installed("forms"):
        assert "forms.view_personal_data" in declared
    if apps.is_installed("events"):
        assert "events.view_registration_phone" in declared
    for perm in declared:  # every declaration names a real permission
        app_label, codename = perm.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), perm


def test_point_staff_who_see_phones_need_the_second_step(client, django_user_model):
    from django.apps import apps

    if not apps.is_installed("events"):
        pytest.skip("events plugin not installed")
    user = django_user_model.objects.create_user("point-staff", password="pw-123456789")
    group = Group.objects.create(name="测试：联系点工作人员")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_registration_phone"),
    )
    user.groups.add(group)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/")


# --- Idle sessions --------------------------------------------------------------------------


def _age_session(client, minutes):
    import time

    from core.two_factor import LAST_SEEN_SESSION_KEY

    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_sessions_that_see_personal_data_expire_when_idle(client, sensitive_editor, settings):
    settings.TWO_FACTOR_IDLE_MINUTES = 30
    _verified_login(client, sensitive_editor)
    assert client.get("/admin/").status_code == 200
    _age_session(client, 29)
    assert client.get("/admin/").status_code == 200  # still active: the clock restarts
    _age_session(client, 31)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_other_sessions_are_left_alone(client, django_user_model, settings):
    settings.TWO_FACTOR_IDLE_MINUTES = 30
    user = django_user_model.objects.create_user("writer", password="pw-123456789")
    group = Group.objects.create(name="测试：仅后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    _age_session(client, 600)
    assert client.get("/admin/").status_code == 200


# --- No device from a password alone ----------------------------------------------------------


def test_password_alone_cannot_add_a_second_device(client, sensitive_editor):
    device = TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    client.force_login(sensitive_editor)  # password only: not verified
    response = client.get("/admin/2fa/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/verify/")
    client.post("/admin/2fa/setup/", {"token": "123456", "next": "/admin/"})
    assert list(TOTPDevice.objects.filter(user=sensitive_editor)) == [device]


def test_setup_is_not_offered_to_users_who_do_not_need_it(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="pw-123456789")
    group = Group.objects.create(name="测试：仅后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/2fa/setup/").status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


# --- Django's admin ---------------------------------------------------------------------------


@pytest.fixture
def django_admin_mounted(settings):
    import importlib

    from django.urls import clear_url_caches

    import lawbridge.urls

    settings.DJANGO_ADMIN_ENABLED = True
    importlib.reload(lawbridge.urls)
    clear_url_caches()
    yield
    settings.DJANGO_ADMIN_ENABLED = False
    importlib.reload(lawbridge.urls)
    clear_url_caches()


def test_django_admin_is_not_mounted_by_default(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/otp_totp/totpdevice/add/").status_code == 404


def test_mounted_django_admin_is_held_by_the_second_step(
    client, admin_user, settings, django_admin_mounted
):
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    client.force_login(admin_user)  # password only
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/?next=/django-admin/")
    held = client.get("/django-admin/otp_totp/totpdevice/add/")
    assert held.status_code == 302 and "/admin/2fa/" in held["Location"]


def test_mounted_django_admin_offers_no_devices(client, admin_user, settings, django_admin_mounted):
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    _verified_login(client, admin_user)
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/otp_totp/totpdevice/add/").status_code == 404
    assert client.get("/django-admin/otp_totp/totpdevice/").status_code == 404


def test_a_lost_phone_is_reset_from_the_server_only(sensitive_editor):
    from io import StringIO

    from django.core.management import call_command

    TOTPDevice.objects.create(user=sensitive_editor, name="phone", confirmed=True)
    call_command("reset_two_factor", "reviewer", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=sensitive_editor).exists()


def test_a_setup_key_seen_by_another_session_stops_working(client, sensitive_editor):
    """A stolen password could read the setup key before the owner enrols: the owner's own setup
    screen issues a new key, so the one the other session saw can never be confirmed."""
    from django.test import Client

    thief = Client()
    thief.force_login(sensitive_editor)
    thief.get("/admin/2fa/setup/")
    seen = TOTPDevice.objects.get(user=sensitive_editor, confirmed=False)

    client.force_login(sensitive_editor)
    client.get("/admin/2fa/setup/")  # the owner opens setup: a new key
    owner = TOTPDevice.objects.get(user=sensitive_editor, confirmed=False)
    assert owner.key != seen.key

    refused = thief.post("/admin/2fa/setup/", {"token": _code(seen), "next": "/admin/"})
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/2fa/setup/")
    assert not TOTPDevice.objects.filter(user=sensitive_editor, confirmed=True).exists()
    assert thief.get("/admin/").status_code == 302  # still held

    owner.refresh_from_db()
    assert owner.key == TOTPDevice.objects.get(user=sensitive_editor, confirmed=False).key
    client.post("/admin/2fa/setup/", {"token": _code(owner), "next": "/admin/"})
    assert TOTPDevice.objects.get(user=sensitive_editor, confirmed=True).key == owner.key
