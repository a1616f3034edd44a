"""Attachments kept across a refused submission.

A browser never re-fills a file input, so when an opinion form comes back (a missing field, the
CAPTCHA asked for) the visitor would have to find their files again — on a phone, often they do not.
Attachments that passed their own checks are therefore stored in the private storage under
``opinions/pending/`` and the form carries a signed list of them in a hidden field; the next
submission picks them up. On success the pending copies are deleted; anything left behind (the
visitor gave up) is purged after ``MAX_AGE`` by ``purge_stale`` (run by the retention command).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core import signing
from django.core.files import File
from django.utils import timezone

from core.uploads import private_storage

PENDING_DIR = "opinions/pending"
MAX_AGE = timedelta(days=1)
SALT = "lawbridge.forms.kept-uploads"


class KeptFile(File):
    """A pending attachment, readable like an upload (``name``, ``size``, ``lb_content_type``)."""

    def __init__(self, item: dict):
        super().__init__(private_storage().open(item["path"]), name=item["name"])
        self.lb_content_type = item["type"]
        self.pending_path = item["path"]


def keep(uploads) -> list[dict]:
    """Store fresh uploads as pending files; returns their descriptions."""
    storage, items = private_storage(), []
    for upload in uploads:
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "bin"
        upload.seek(0)
        path = storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}.{ext[:8]}", upload)
        items.append(
            {
                "path": path,
                "name": upload.name[:255],
                "type": getattr(upload, "lb_content_type", ""),
                "size": upload.size,
            }
        )
    return items


def sign(items: list[dict]) -> str:
    return signing.dumps(items, salt=SALT, compress=True) if items else ""


def unsign(token: str) -> list[dict]:
    """The pending files a token names that still exist; a forged, stale or foreign token gives
    nothing (the visitor then simply chooses the files again)."""
    if not token:
        return []
    try:
        items = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    storage = private_storage()
    return [
        item
        for item in items
        if isinstance(item, dict)
        and str(item.get("path", "")).startswith(PENDING_DIR + "/")
        and storage.exists(item["path"])
    ]


def discard(items: list[dict]) -> None:
    storage = private_storage()
    for item in items:
        storage.delete(item["path"])


def purge_stale(now=None) -> int:
    """Delete pending files older than ``MAX_AGE``; returns how many."""
    storage = private_storage()
    try:
        _dirs, files = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = (now or timezone.now()) - MAX_AGE
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed
