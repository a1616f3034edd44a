"""Scores and ranks: pure arithmetic, no Django.

A point's score is Σ weight × normalised value, over the scheme's indicators:

- **by target** (the default): value ÷ target, capped at 1. The office states in advance what a
  year's good work is ("4 代表接待日", "90 % replied on time"); a point knows what to aim for from
  January, its score does not fall because another point had a huge year, and two years compare.
- **by the best point**: value ÷ the highest value among the points scored, for an indicator the
  office has no basis for a target yet (a new kind of work). Nobody can exceed 1; if no point
  did anything, everyone gets 0.

Full marks are the sum of the weights (weights of 100 in all make a score out of 100). Ranks
are competition ranks: equal totals share a rank and the next rank skips (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Weight", "normalised", "rank", "score"]


@dataclass(frozen=True)
class Weight:
    code: str
    weight: float
    by_target: bool = True
    target: float | None = None


def normalised(value: float, weight: Weight, best: float) -> float:
    """Between 0 and 1."""
    if value <= 0:
        return 0.0
    ceiling = weight.target if weight.by_target else best
    if not ceiling or ceiling <= 0:
        return 0.0
    return min(value / ceiling, 1.0)


def score(
    point_ids: Iterable[int], weights: list[Weight], values: Mapping[str, Mapping[int, float]]
) -> dict[int, dict]:
    """``{point id: {"points": {code: points}, "total": total}}``; ``values`` is
    ``{code: {point id: value}}`` (a point missing did nothing). The best value is taken among
    ``point_ids`` only: the points being compared."""
    point_ids = list(point_ids)
    best = {
        w.code: max((values.get(w.code, {}).get(pk, 0) for pk in point_ids), default=0)
        for w in weights
    }
    result = {}
    for pk in point_ids:
        points = {
            w.code: round(
                w.weight * normalised(values.get(w.code, {}).get(pk, 0), w, best[w.code]), 2
            )
            for w in weights
        }
        result[pk] = {"points": points, "total": round(sum(points.values()), 2)}
    return result


def rank(totals: Mapping[int, float]) -> dict[int, int]:
    """Competition ranks, highest total first."""
    ordered = sorted(totals.values(), reverse=True)
    first = {}
    for position, total in enumerate(ordered, start=1):
        first.setdefault(total, position)
    return {pk: first[total] for pk, total in totals.items()}
