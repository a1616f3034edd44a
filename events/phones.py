"""One person's phone number, however it was typed: the key that allows one sign-up per event.

``138 1234 5678``, ``+86 138-1234-5678`` and full-width ``１３８１２３４５６７８`` (a Chinese input
method in full-width mode) are the same mobile; ``0543-1234567`` and ``05431234567`` the same
landline. Pure function, no Django."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["phone_key"]

_MOBILE = re.compile(r"^1\d{10}$")


def phone_key(phone: str) -> str:
    """Digits only, without China's country code in front of a mobile number."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone or "") if ch.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and _MOBILE.match(digits[len(prefix) :]):
            return digits[len(prefix) :]
    return digits
