"""A roster member's phone, however it was typed, and how it reads to whoever may not see it.

``139 0000 1234``, ``+86 139-0000-1234`` and full-width ``１３９００００１２３４`` (a Chinese input
method in full-width mode) are one mobile; ``0543-1234567`` and ``05431234567`` one landline.
Pure functions, no Django."""

from __future__ import annotations

import re
import unicodedata

from core.masking import mask_phone

__all__ = ["PhoneInvalid", "mask_phone", "normalise_phone"]

_MOBILE = re.compile(r"^1\d{10}$")
# What people put between digits: spaces (also full-width), dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-.()（）]+")
MIN_DIGITS = 7  # a landline without its area code
MAX_DIGITS = 12  # an area code of four digits and an eight-digit number


class PhoneInvalid(ValueError):
    pass


def normalise_phone(raw: str) -> str:
    """Digits only, without China's country code in front of a mobile number; ``PhoneInvalid``
    for anything that is not a phone number (letters, emoji, too short or too long)."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    if text.startswith("+"):
        text = text[1:]
    if not text or not text.isascii() or not text.isdigit():
        raise PhoneInvalid(raw)
    for prefix in ("0086", "86"):
        if text.startswith(prefix) and _MOBILE.match(text[len(prefix) :]):
            text = text[len(prefix) :]
            break
    if not MIN_DIGITS <= len(text) <= MAX_DIGITS:
        raise PhoneInvalid(raw)
    return text
