"""The months, quarters or year of an assessment year that obligations are checked over: pure
dates, no Django. Only periods that have begun by ``today``; the current one is not over yet,
so a point below the minimum there is *not yet* late, not flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Span", "spans"]


@dataclass(frozen=True)
class Span:
    kind: str  # "month", "quarter", "year"
    number: int  # month 1–12, quarter 1–4, year 1
    start: dt.date
    end: dt.date  # exclusive
    over: bool  # ended by today


def _first(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def spans(year: int, kind: str, today: dt.date) -> list[Span]:
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    found = []
    for number, month in enumerate(range(1, 13, months), start=1):
        start, end = _first(year, month), _first(year, month + months)
        if start > today:
            break
        found.append(Span(kind, number, start, end, end <= today))
    return found
