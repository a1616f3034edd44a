"""Behind a proxy, every client keeps its own address: rate limits and the admin lock-out count per
real client (TRUSTED_PROXY_COUNT), a client cannot choose its address by typing X-Forwarded-For,
and `check --deploy` fails until the setting is given."""

import pytest
from axes.helpers import get_client_ip_address
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings

from core import ratelimit
from core.ratelimit import client_ip

rf = RequestFactory()


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.post("/admin/login/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (None, "1.2.3.4", "10.0.0.1"),  # no proxy declared: the header is the client's own words
        (0, "1.2.3.4", "10.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),  # one nginx appended what it saw
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a forged entry in front is ignored
        (2, "6.6.6.6, 1.2.3.4, 172.16.0.9", "1.2.3.4"),  # CDN + nginx
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),  # IPv6 counted per /64
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_axes_and_rate_limits_use_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded="6.6.6.6, 1.2.3.4")
    assert get_client_ip_address(request) == "1.2.3.4"


def test_rate_limits_count_each_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "admin_login": "1/h"}
    assert not ratelimit.limited(_request(forwarded="1.2.3.4"), "admin_login")
    assert ratelimit.limited(_request(forwarded="1.2.3.4"), "admin_login")
    # Another resident behind the same proxy is not in the first one's bucket.
    assert not ratelimit.limited(_request(forwarded="5.6.7.8"), "admin_login")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_a_guesser_behind_the_proxy_cannot_lock_out_the_real_user(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password-123")
    for _ in range(3):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="6.6.6.6",
        )
    locked = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-password-123"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert locked.status_code == 429  # the guesser's own address is locked for that user…
    owner = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-password-123"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    assert owner.status_code == 302  # …the owner, behind the same proxy, is not


def _deploy_ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_deploy_check_requires_the_proxy_setting(settings):
    settings.TRUSTED_PROXY_COUNT = None
    assert "lawbridge.E001" in _deploy_ids()
    settings.TRUSTED_PROXY_COUNT = 0  # "no proxy" said explicitly
    assert "lawbridge.E001" not in _deploy_ids()


def test_deploy_check_refuses_django_admin_and_weak_two_factor(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.DJANGO_ADMIN_ENABLED = True
    settings.TWO_FACTOR_FOR_SUPERUSERS = False
    settings.TWO_FACTOR_IDLE_MINUTES = 0
    assert {"lawbridge.E002", "lawbridge.W001", "lawbridge.W002"} <= _deploy_ids()
    settings.DJANGO_ADMIN_ENABLED = False
    settings.TWO_FACTOR_FOR_SUPERUSERS = True
    settings.TWO_FACTOR_IDLE_MINUTES = 30
    assert not {"lawbridge.E002", "lawbridge.W001", "lawbridge.W002"} & _deploy_ids()


@pytest.mark.django_db
def test_the_audit_log_records_the_client_not_the_proxy(settings):
    """Who saw personal data from where: behind nginx, REMOTE_ADDR is nginx itself."""
    from core.audit import log_access

    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(remote="127.0.0.1", forwarded="6.6.6.6, 2001:db8:1:2:aaaa::1")
    request.user = None
    entry = log_access(request, "view", "forms.opinion", [1])
    assert entry.ip_address == "2001:db8:1:2:aaaa::1"  # exact, not the rate limits' /64
