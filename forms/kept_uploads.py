"""Attachments kept across a refused submission.

A browser never re-fills a file input, so when an opinion form comes back (a missing field, the
CAPTCHA asked for) the visitor would have to find their files again — on a phone, often they do not.
Attachments that passed their own checks are therefore stored in the private storage under
``opinions/pending/`` and the form carries a signed list of them in a hidden field; the next
submission picks them up. On success the pending copies are deleted.

Bounded, because each refused post can store 30 MB: a ``KeptUpload`` row per file counts the bytes
kept per client address (``KEPT_UPLOADS_PER_CLIENT_BYTES``, default one full form's worth) and in
all (``KEPT_UPLOADS_TOTAL_BYTES``) within the lifetime ``KEPT_UPLOADS_MAX_AGE_SECONDS`` (default two
hours); past a quota the file is simply not kept and the visitor is told to choose it again. Every
``keep`` first removes a batch of expired files, so the folder stays bounded without a cron job;
``purge_stale`` (the retention command) sweeps the rest, including files without a row. Images are
kept as uploaded (only their header checked) and re-encoded when the submission finally succeeds.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db.models import Sum
from django.utils import timezone

from core.ratelimit import client_ip
from core.uploads import private_storage

PENDING_DIR = "opinions/pending"
SALT = "lawbridge.forms.kept-uploads"
PURGE_BATCH = 100


def max_age() -> timedelta:
    return timedelta(seconds=int(settings.KEPT_UPLOADS_MAX_AGE_SECONDS))


def per_client_bytes() -> int:
    return int(settings.KEPT_UPLOADS_PER_CLIENT_BYTES)


def total_bytes() -> int:
    return int(settings.KEPT_UPLOADS_TOTAL_BYTES)


class KeptFile(File):
    """A pending attachment, readable like an upload (``name``, ``size``, ``lb_content_type``)."""

    def __init__(self, item: dict):
        super().__init__(private_storage().open(item["path"]), name=item["name"])
        self.lb_content_type = item["type"]
        self.pending_path = item["path"]


def _client_key(request) -> str:
    # Hashed: the table holds no addresses.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()


def keep(uploads, request) -> tuple[list[dict], list[str]]:
    """Store fresh uploads as pending files within the quotas. Returns the descriptions of the
    files stored and the names of those refused by a quota."""
    from .models import KeptUpload

    purge_stale(limit=PURGE_BATCH)
    storage, items, refused = private_storage(), [], []
    if not uploads:
        return items, refused
    client = _client_key(request)
    cutoff = timezone.now() - max_age()
    recent = KeptUpload.objects.filter(created_at__gte=cutoff)
    used_client = recent.filter(client=client).aggregate(n=Sum("size"))["n"] or 0
    used_total = recent.aggregate(n=Sum("size"))["n"] or 0
    for upload in uploads:
        size = upload.size or 0
        if used_client + size > per_client_bytes() or used_total + size > total_bytes():
            refused.append(upload.name[:255])
            continue
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "bin"
        upload.seek(0)
        path = storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}.{ext[:8]}", upload)
        KeptUpload.objects.create(path=path, size=size, client=client)
        used_client += size
        used_total += size
        items.append(
            {
                "path": path,
                "name": upload.name[:255],
                "type": getattr(upload, "lb_content_type", ""),
                "size": size,
            }
        )
    return items, refused


def sign(items: list[dict]) -> str:
    return signing.dumps(items, salt=SALT, compress=True) if items else ""


def _valid(item) -> bool:
    return isinstance(item, dict) and str(item.get("path", "")).startswith(PENDING_DIR + "/")


def unsign(token: str) -> tuple[list[dict], list[str]]:
    """The pending files a token names that still exist, and the names of those that have gone
    (expired, purged) — the visitor must be told about those. A forged or foreign token gives
    nothing either way (no visitor of ours made it)."""
    if not token:
        return [], []
    try:
        items = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        try:
            items = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return [], []
        return [], [str(item.get("name", "")) for item in items if _valid(item)]
    except signing.BadSignature:
        return [], []
    if not isinstance(items, list):
        return [], []
    storage, present, gone = private_storage(), [], []
    for item in filter(_valid, items):
        (present if storage.exists(item["path"]) else gone).append(item)
    return present, [str(item.get("name", "")) for item in gone]


def discard(items: list[dict]) -> None:
    from .models import KeptUpload

    storage = private_storage()
    for item in items:
        storage.delete(item["path"])
    KeptUpload.objects.filter(path__in=[item["path"] for item in items]).delete()


def purge_stale(now=None, limit: int | None = None) -> int:
    """Delete pending files older than the lifetime; returns how many. With ``limit`` only that
    many of the recorded ones (the cheap sweep ``keep`` does); without, also files no row names."""
    from .models import KeptUpload

    storage = private_storage()
    cutoff = (now or timezone.now()) - max_age()
    stale = KeptUpload.objects.filter(created_at__lt=cutoff).order_by("created_at")
    if limit is not None:
        stale = stale[:limit]
    paths = list(stale.values_list("path", flat=True))
    for path in paths:
        storage.delete(path)
    KeptUpload.objects.filter(path__in=paths).delete()
    removed = len(paths)
    if limit is not None:
        return removed
    try:
        _dirs, files = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return removed
    recorded = set(KeptUpload.objects.values_list("path", flat=True))
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        if path not in recorded and storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
