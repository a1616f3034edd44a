"""Site-wide hardening: admin sign-in rate limit (also on the real Redis), document serving."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

LOGIN = "/admin/login/"


@pytest.fixture
def login_limit(settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "admin_login": "2/15m"}


def _guess(client, ip="10.1.1.1", username="editor"):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_admin_login_is_rate_limited_per_address(client, db, login_limit, admin_user):
    assert [_guess(client, username=f"u{i}").status_code for i in range(2)] == [200, 200]
    refused = _guess(client, username="guessing-many-names")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "操作太频繁" in html and 'value="guessing-many-names"' in html  # username kept
    # Even the right password is not checked while over the limit…
    right = client.post(
        LOGIN, {"username": "admin", "password": "password"}, REMOTE_ADDR="10.1.1.1"
    )
    assert right.status_code == 429
    # …while another address signs in normally.
    other = client.post(
        LOGIN, {"username": "admin", "password": "password"}, REMOTE_ADDR="10.2.2.2"
    )
    assert other.status_code == 302


def test_rate_limits_count_in_the_real_redis(client, db, login_limit):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, db=3, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"lb-test-{uuid.uuid4().hex[:8]}"
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
        "KEY_PREFIX": prefix,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
    caches = {"default": redis_cache, "limits": redis_cache}  # counters: the "limits" store
    connection = redis.Redis(host="127.0.0.1", port=6379, db=3)
    try:
        with override_settings(CACHES=caches):
            assert [_guess(client).status_code for _ in range(3)] == [200, 200, 429]
            keys = connection.keys(f"{prefix}:*")
            assert keys, "the counters live in Redis"
    finally:
        for key in connection.keys(f"{prefix}:*"):
            connection.delete(key)


def test_documents_served_safely_and_privacy_respected(client, db, settings):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    Document = get_document_model()
    root = Collection.get_first_root_node()
    public = Document.objects.create(title="公开文件", file=ContentFile(b"PK\x03\x04", name="a.docx"),
                                     collection=root)  # fmt: skip
    response = client.get(public.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"  # blocks embedded content

    private = root.add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    secret = Document.objects.create(title="内部", file=ContentFile(b"%PDF-1.4", name="s.pdf"),
                                     collection=private)  # fmt: skip
    assert client.get(secret.url).status_code in (302, 403)
