"""Signing in test users who must pass two-step sign-in (core/two_factor.py): anyone holding a
permission that shows personal data in clear (see ``lawbridge_personal_data_permissions``)."""


def login_with_2fa(client, user):
    """A confirmed TOTP device, and the session marked as verified with it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
