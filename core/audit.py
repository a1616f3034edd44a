"""PIPL audit log: ``log_access(request, "view", Opinion, [ids])`` records who saw, listed,
exported, downloaded or erased which records' personal data in clear, and when
(``core.models.PersonalDataAccess``; read-only list for superusers in the admin)."""

from __future__ import annotations

from django.utils import timezone

from .ratelimit import client_address


def log_access(request, action: str, model, ids, *, user=None, note: str = ""):
    from .models import PersonalDataAccess

    ids = [int(i) if isinstance(i, int) or str(i).isdigit() else str(i) for i in ids]
    if request is not None:
        user = user or getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    label = model if isinstance(model, str) else model._meta.label_lower
    return PersonalDataAccess.objects.create(
        at=timezone.now(),
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=label,
        object_ids=ids,
        count=len(ids),
        path=(request.get_full_path()[:500] if request is not None else ""),
        # Behind a proxy REMOTE_ADDR is the proxy: record the client as the rate limits see it.
        ip_address=client_address(request) if request is not None else None,
        note=note[:255],
    )
