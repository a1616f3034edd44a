"""Personal codes (个人码) for 定向征集 links, ``/i/<code>``: 8 characters from an alphabet without
look-alikes (0/O, 1/I/L), drawn with ``secrets`` (31**8 ≈ 8.5e11: a rate-limited guesser finds
none). The opinion form gets a *signed token* naming the code, never the code itself, so editing
the form cannot credit another invitation. Pure logic, no models."""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.core import signing

__all__ = ["ALPHABET", "LENGTH", "new_code", "normalise", "sign", "unsign"]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0 O 1 I L
LENGTH = 8  # the opinion's source_code holds 8 characters
MAX_TYPED = 40
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
_IGNORED = re.compile(r"[\s\-_·.]+")
# Its own salt: a point's collection-code token never passes for an invitation's, nor the reverse.
SALT = "lawbridge.experts.invitation"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed) -> str:
    """The code ``typed`` stands for (full-width folded, spaces and dashes dropped), or ""."""
    if not isinstance(typed, str) or not typed or len(typed) > MAX_TYPED:
        return ""
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", typed)).upper()
    return folded if _CODE.fullmatch(folded) else ""


def sign(code: str) -> str:
    """Deterministic, like the points' tokens: an expert may send the form days after opening it;
    the token stops working when the invitation is switched off, not with age."""
    return signing.Signer(salt=SALT).sign_object({"i": code})


def unsign(token) -> str:
    """The code a genuine token names, or ""."""
    if not isinstance(token, str) or not token or len(token) > 500:
        return ""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return ""
    code = value.get("i") if isinstance(value, dict) else None
    return code if isinstance(code, str) and _CODE.fullmatch(code) else ""
