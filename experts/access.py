"""Who may do what with the expert pool.

- The office (``manage_experts``, the 法工委联络员 group): keeps the pool, runs 定向征集; sees
  phones and e-mails masked.
- ``view_expert_contacts``: the same screens with contacts in clear (a personal-data permission:
  two-step sign-in, each view audit-logged). Granted to people, not to a role by default.
Anyone else gets a 404 for a campaign or expert id (never a 403 confirming it exists)."""

from __future__ import annotations

from django.http import Http404

from .models import Expert

_LABEL = Expert._meta.app_label
MANAGE = f"{_LABEL}.manage_experts"
CONTACTS = f"{_LABEL}.view_expert_contacts"

__all__ = ["CONTACTS", "MANAGE", "can_manage", "can_read", "clear_contacts", "require_read"]


def can_manage(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MANAGE))


def clear_contacts(user) -> bool:
    return bool(user and user.is_active and user.has_perm(CONTACTS))


def can_read(user) -> bool:
    return can_manage(user) or clear_contacts(user)


def require_read(request) -> None:
    if not can_read(request.user):
        raise Http404


def require_manage(request) -> None:
    if not can_manage(request.user):
        raise Http404
