"""Receipt codes: short, unambiguous when read aloud or copied by hand, and unguessable.

``LB-7K3Q-9XPM``: 8 characters from 31 symbols without 0/O/1/I/L (31^8 ≈ 8.5 × 10^11, about
40 bits from ``secrets``). The code is only half of the key to an opinion: the status page also
asks for the last 4 digits of the phone (or the email) when one was given.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = (4, 4)
PREFIX = "LB"
MAX_ATTEMPTS = 20


def generate() -> str:
    parts = ["".join(secrets.choice(ALPHABET) for _ in range(size)) for size in GROUPS]
    return "-".join([PREFIX, *parts])


_NOT_CODE = re.compile(r"[^0-9A-Z]")


def normalise(value: str) -> str:
    """What a visitor typed (lower case, spaces, missing dashes or prefix) → canonical form.

    NFKC first: a Chinese input method in full-width mode types ``ｌｂ－７ｋ３ｑ`` and an
    ideographic space, which are the same code to the person reading it aloud."""
    compact = _NOT_CODE.sub("", unicodedata.normalize("NFKC", value or "").upper())
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + sum(GROUPS):
        compact = compact[len(PREFIX) :]
    if len(compact) != sum(GROUPS) or any(ch not in ALPHABET for ch in compact):
        return ""
    return f"{PREFIX}-{compact[: GROUPS[0]]}-{compact[GROUPS[0] :]}"


def normalise_contact(value: str) -> str:
    """The proof typed beside a code (last 4 phone digits, or the email): NFKC (full-width digits
    and ＠), without spaces or dashes in a phone number, lower case."""
    text = unicodedata.normalize("NFKC", value or "").strip().lower()
    if "@" in text:
        return "".join(text.split())
    return re.sub(r"[\s\-]", "", text)


def save_with_unique_code(instance, using=None) -> None:
    """Insert ``instance`` with a fresh receipt code, retrying on the (rare) collision.

    The unique index decides, not a prior SELECT: two concurrent requests can never both win."""
    from django.db import IntegrityError, transaction

    for _attempt in range(MAX_ATTEMPTS):
        instance.receipt_code = generate()
        try:
            with transaction.atomic(using=using):
                instance.save(using=using, force_insert=True)
            return
        except IntegrityError:
            if instance.__class__.objects.filter(receipt_code=instance.receipt_code).exists():
                instance.pk = None
                continue
            raise
    raise RuntimeError("could not find a free receipt code")
