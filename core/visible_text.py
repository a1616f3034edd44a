"""Text that says something: what counts as visible in a field a person typed.

Used by every public form (opinions, event sign-ups, questionnaires): a value made only of
zero-width characters, BOMs, ideographic spaces or fillers is empty, whatever its length.
"""

from __future__ import annotations

import unicodedata

__all__ = ["is_invisible", "visible_text"]

# Characters that show nothing: format controls (zero-width space and joiners, BOM, direction
# marks, soft hyphen…), every kind of space and line separator, controls, and the few "letters"
# that render blank (Hangul fillers, the combining grapheme joiner, the braille blank).
_BLANK_LETTERS = set("\u034f\u115f\u1160\u3164\uffa0\u2800\u180e")


def is_invisible(ch: str) -> bool:
    return ch in _BLANK_LETTERS or unicodedata.category(ch) in {"Cf", "Cc", "Zs", "Zl", "Zp"}


def visible_text(value: str) -> str:
    """``value`` without invisible characters at either end ("" when nothing visible is left);
    those inside (a joiner in an emoji, a space between words) stay."""
    chars = list(value)
    while chars and is_invisible(chars[0]):
        chars.pop(0)
    while chars and is_invisible(chars[-1]):
        chars.pop()
    return "".join(chars)
