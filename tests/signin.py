"""Signing in test users who must pass two-step sign-in (core/two_factor.py): anyone holding a
permission that shows personal data in clear (see ``lawbridge_personal_data_permissions``)."""


def login_with_2fa(client, user):
    """A confirmed TOTP device, and the session marked as verified with it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    _verified_with(client, device)
    return device


def _verified_with(client, device) -> None:
    """Mark the client's session as having passed the second step with ``device``."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def sign_in_browser(page, live_url: str, user, path: str | None = "/admin/"):
    """Open ``path`` in ``page`` as ``user`` (a path below ``live_url`` or a whole URL; with None,
    open nothing yet), signed in as the sign-in form and the second step leave a user: a session
    in the database and its cookie in the page's browser context, verified with the user's
    authenticator (one is made if they have none) when their rights need the second step, and
    not otherwise.

    For walks about what a role does once signed in. The form and the dashboard it lands on are
    walked in ``tests/browser/test_admin_local_only.py`` (roles that go straight in) and with the
    second step in ``test_roster_browser.py`` (point staff, who see residents' phones) and
    ``test_pii_browser.py`` (the personal-data officer); going through them again in every walk cost about 2 s of CPU each time (docs/performance.md)."""
    from django.conf import settings
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.two_factor import requires_two_factor

    client = Client()
    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        _verified_with(client, device)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_url}]
    )
    if path is not None:
        page.goto(path if "://" in path else live_url + path)
    return page
