"""How personal data is shown to someone without the right to see it in clear — one rule for every
plugin (opinions, event sign-ups and check-ins, rosters, experts, phone verification):
张三 → 张*, 13812345678 → 138****5678, 0543-7654321 → ********4321 (a landline keeps only its last
four digits: its first ones are the area code and the exchange, which narrow it down to a few
streets), zhang@example.com → z***@example.com."""

from __future__ import annotations

__all__ = ["mask_email", "mask_name", "mask_phone"]


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
    local, at, domain = email.partition("@")
    if not at:
        return "*" * min(len(local), 8)
    return (local[:1] or "*") + "***@" + domain
