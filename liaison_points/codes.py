"""Collection codes (征集码): the short code a point prints on its 连心卡, posters and table cards.

A code is typed by residents from paper, often on a phone keyboard in the wrong input mode, so:

- the alphabet leaves out the look-alikes 0/O, 1/I/L, and codes are compared in upper case;
- full-width letters and digits (ＡＢＣ２３４) from a Chinese input method are folded to ASCII
  (NFKC), and spaces and dashes ("ABC-2345") are ignored;
- anything else (NUL bytes, emoji, HTML, a 10,000-character path) is simply not a code: it never
  reaches the database.

The link behind the QR code carries the code itself (``/c/<code>``); the opinion form then gets a
*signed token* naming the code (``sign``/``unsign``), never the code or a row id, so a form
cannot be edited to credit another point, and guessing codes is only possible on ``/c/``, which is
rate-limited. Pure logic, no models: unit-tested on its own.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.core import signing

__all__ = [
    "ALPHABET",
    "LENGTH",
    "new_code",
    "normalise",
    "pretty",
    "sign",
    "unsign",
]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0 O 1 I L
LENGTH = 7  # 31**7 ≈ 2.7e10 codes: a rate-limited guesser finds none in a lifetime
MAX_TYPED = 40  # longer input is not a code, whatever it holds
_CODE = re.compile(f"[{ALPHABET}]{{6,8}}")
_IGNORED = re.compile(r"[\s\-_·.]+")

SALT = "lawbridge.liaison_points.collection_source"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed) -> str:
    """The code ``typed`` stands for, or "" if it cannot be one."""
    if not isinstance(typed, str) or not typed or len(typed) > MAX_TYPED:
        return ""
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", typed)).upper()
    return folded if _CODE.fullmatch(folded) else ""


def pretty(code: str) -> str:
    """As printed: in two groups, easier to read aloud and to type ("ABC 2345")."""
    return f"{code[:3]} {code[3:]}" if len(code) > 4 else code


def sign(payload: dict) -> str:
    """Deterministic (no timestamp): the same source always has the same token, so a form shown
    again keeps its choice, and a resident may send the form days after scanning. A token stops
    working when its code is switched off, not with age."""
    return signing.Signer(salt=SALT).sign_object(payload)


def unsign(token) -> dict | None:
    if not isinstance(token, str) or not token or len(token) > 500:
        return None
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    return value if isinstance(value, dict) else None
