"""Masking of personal data, in one place: 张三 → 张*, 13812345678 → 138****5678,
zhang@example.com → z***@example.com."""

from __future__ import annotations

PERMISSION = "forms.view_personal_data"


def can_view_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PERMISSION))


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 2))


def mask_phone(phone: str) -> str:
    digits = (phone or "").strip()
    if not digits:
        return ""
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    local, _, domain = email.partition("@")
    return (local[:1] or "*") + "***@" + domain


MASKERS = {"name": mask_name, "phone": mask_phone, "email": mask_email, "region": lambda v: v}


def personal(user, opinion, field: str) -> str:
    """The field's value for this user: in clear with the permission, masked otherwise."""
    value = getattr(opinion, field, "") or ""
    if can_view_personal_data(user):
        return value
    return MASKERS.get(field, mask_name)(value)
