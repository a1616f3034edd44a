"""Punctuation that differs by language where a template joins a translated label to a value:
"主办单位：市人大常委会" in Chinese, "Organiser: …" in English (a full-width colon after an
English word reads as a typo)."""

from __future__ import annotations

from django.utils.translation import get_language


def _chinese() -> bool:
    return (get_language() or "zh").startswith("zh")


def colon() -> str:
    """The colon after a label: full width in Chinese, ASCII and a space elsewhere."""
    return "：" if _chinese() else ": "


def parenthesised(text) -> str:
    """An aside after a word: "（2021年修正）" in Chinese, " (2021年修正)" elsewhere."""
    return f"（{text}）" if _chinese() else f" ({text})"
