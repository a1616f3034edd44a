"""Spend a one-time token exactly once across concurrent requests (``core.models.UsedToken``)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

# A preview lives in the session for less than this; older rows are only kept to refuse reuse.
KEEP = dt.timedelta(days=2)


def spend(token: str) -> bool:
    """True for the first request to spend ``token``, False for every other one (also when the
    database is too busy to say: refusing a repeat is safe, the editor uploads again)."""
    from .models import UsedToken

    try:
        with transaction.atomic():
            UsedToken.objects.create(token=token[:100])
    except (IntegrityError, OperationalError):
        return False
    UsedToken.objects.filter(used_at__lt=timezone.now() - KEEP).delete()
    return True
