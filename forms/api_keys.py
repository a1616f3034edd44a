"""Keys of registered API clients (``ApiClient``), and the gate every API request passes.

A key is ``lbk_`` + 32 random bytes (URL-safe base64); only its SHA-256 is stored (a random key
of that length needs no slow hash) with its first characters to tell keys apart in the admin.
Clients send it in the ``X-Api-Key`` header. The gate refuses what a foreign web page can make a
visitor's browser send: a request with an ``Origin`` other than our own, or a ``Sec-Fetch-Site``
other than ``same-origin``/``none`` (403), and any body that is not JSON (or multipart for the
endpoint that takes files: 415), so no "simple" cross-site request (text/plain, form-encoded) ever
reaches a view.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

PREFIX = "lbk_"
HEADER = "X-Api-Key"


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issue(client) -> str:
    """Give ``client`` (unsaved or saved) a fresh key; returns the key, which is not stored."""
    key = new_key()
    client.key_hash = hash_key(key)
    client.key_prefix = key[: len(PREFIX) + 6]
    return key


def client_for(key: str | None):
    """The active client a key belongs to (its last use noted), or None."""
    from .models import ApiClient

    if not key or len(key) > 200:
        return None
    client = ApiClient.objects.filter(key_hash=hash_key(key), active=True).first()
    if client is not None:
        now = timezone.now()
        # At most one write a minute per client: a busy mini-program must not queue on one row.
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
    return client


def _own_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def refuse_foreign_browsers(request) -> None:
    """403 for a request a browser sends on behalf of another site's page."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != _own_origin(request):
        raise HttpError(403, _("不接受来自其他网站的请求。"))
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise HttpError(403, _("不接受来自其他网站的请求。"))


def require_content_type(request, *allowed: str) -> None:
    if request.content_type not in allowed:
        raise HttpError(
            415, _("请求格式不正确：请以 %(types)s 发送。") % {"types": "、".join(allowed)}
        )


class ClientKey(APIKeyHeader):
    """ninja auth: the registered client whose key is in the ``X-Api-Key`` header."""

    param_name = HEADER

    def authenticate(self, request, key):
        return client_for(key)
