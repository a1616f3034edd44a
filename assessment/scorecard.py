"""The year's scorecard and obligations board, built from the other plugins' indicators
(``core.plugins.point_indicators``) and points (``core.plugins.point_directory``).

The number of queries does not depend on the number of points: the directory (one), each
provider's few grouped queries per period asked for, the scheme, the statuses, the rules.
Periods are asked once per request (``IndicatorMemo``): a yearly rule reuses the year's figures.

A 撤销 (revoked) point is listed, with its status, but neither ranked nor checked against the
rules, and does not set the best value others are measured by: it is out of the network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from core.plugins import PointIndicator, PointSummary, point_directory, point_indicators

from . import scoring
from .models import AssessmentScheme, Normalisation, ObligationRule, PointStatus
from .periods import Span, spans
from .status import current_statuses

__all__ = ["IndicatorMemo", "Scorecard", "build_scorecard", "obligations_board", "span_label"]


class IndicatorMemo:
    """``point_indicators`` per period, each asked once."""

    def __init__(self):
        self._found: dict[tuple, dict[str, PointIndicator]] = {}

    def __call__(self, start: dt.date, end: dt.date) -> dict[str, PointIndicator]:
        key = (start, end)
        if key not in self._found:
            self._found[key] = {i.code: i for i in point_indicators(start, end)}
        return self._found[key]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def span_label(span: Span) -> str:
    if span.kind == "month":
        return _("%(n)s月") % {"n": span.number}
    if span.kind == "quarter":
        return [_("第一季度"), _("第二季度"), _("第三季度"), _("第四季度")][span.number - 1]
    return _("全年")


@dataclass
class Column:
    code: str
    label: str
    unit: str
    weight: scoring.Weight
    available: bool  # a plugin still offers it


@dataclass
class Row:
    point: PointSummary
    status: object = None  # the latest PointStatusChange, or None
    values: dict = field(default_factory=dict)
    points: dict = field(default_factory=dict)
    total: float = 0
    rank: int | None = None
    # (rule label, [period labels]) of the rules the point missed, one entry per rule
    missed: list = field(default_factory=list)
    display: list = field(default_factory=list)  # (value, points) per column, for templates

    @property
    def revoked(self) -> bool:
        return self.status is not None and self.status.status == PointStatus.REVOKED

    def cells(self, columns):
        return [(self.values.get(c.code, 0), self.points.get(c.code, 0)) for c in columns]


@dataclass
class Scorecard:
    year: int
    scheme: AssessmentScheme | None
    columns: list[Column]
    rows: list[Row]
    full_marks: float
    ranked: int  # points with a rank

    def row_for(self, point_id: int) -> Row | None:
        return next((row for row in self.rows if row.point.id == point_id), None)


@dataclass
class PeriodCheck:
    span: Span
    label: str
    missed: list  # PointSummary of points below the minimum (a period that is over)
    short: list  # below the minimum in the current period: not late yet
    values: dict = field(default_factory=dict)  # point id -> value in the period

    def state_of(self, point_id: int) -> str:
        """ "missed", "pending" (current period, below the minimum so far) or "met"."""
        if any(p.id == point_id for p in self.missed):
            return "missed"
        if any(p.id == point_id for p in self.short):
            return "pending"
        return "met"


@dataclass
class RuleCheck:
    rule: ObligationRule
    indicator: str
    checks: list[PeriodCheck]
    checked: int = 0  # points checked (all but the revoked)


def _weights(scheme) -> list[scoring.Weight]:
    return [
        scoring.Weight(w.code, w.weight, w.normalisation == Normalisation.TARGET, w.target)
        for w in scheme.weights.all()
    ]


def obligations_board(
    year: int, points: list[PointSummary], statuses: dict, memo: IndicatorMemo, today=None
) -> list[RuleCheck]:
    today = today or timezone.localdate()
    active = [p for p in points if getattr(statuses.get(p.id), "status", "") != PointStatus.REVOKED]
    board = []
    for rule in ObligationRule.objects.filter(active=True):
        checks = []
        label = rule.code
        for span in spans(year, rule.period, today):
            indicator = memo(span.start, span.end).get(rule.code)
            if indicator is None:
                continue  # no installed plugin offers it any more
            label = str(indicator.label)
            below = [p for p in active if indicator.values.get(p.id, 0) < rule.minimum]
            checks.append(
                PeriodCheck(
                    span,
                    span_label(span),
                    below if span.over else [],
                    [] if span.over else below,
                    indicator.values,
                )
            )
        board.append(RuleCheck(rule, label, checks, len(active)))
    return board


def build_scorecard(
    scheme: AssessmentScheme | None, year: int, *, memo=None, today=None, with_obligations=True
) -> tuple[Scorecard, list[RuleCheck]]:
    memo = memo or IndicatorMemo()
    points = point_directory()
    statuses = current_statuses()
    weights = _weights(scheme) if scheme else []
    indicators = memo(*year_bounds(year))
    columns = [
        Column(
            w.code,
            str(indicators[w.code].label) if w.code in indicators else w.code,
            str(indicators[w.code].unit) if w.code in indicators else "",
            w,
            w.code in indicators,
        )
        for w in weights
    ]
    values = {code: indicators[code].values for code in indicators}
    rows = [Row(point=p, status=statuses.get(p.id)) for p in points]
    scored = [row for row in rows if not row.revoked]
    # No scheme (or one without weights): the figures are shown, nobody is scored or ranked.
    results = scoring.score([row.point.id for row in scored], weights, values) if weights else {}
    ranks = scoring.rank({pk: result["total"] for pk, result in results.items()})
    for row in rows:
        row.values = {c.code: values.get(c.code, {}).get(row.point.id, 0) for c in columns}
        if row.point.id in results:
            row.points = results[row.point.id]["points"]
            row.total = results[row.point.id]["total"]
            row.rank = ranks[row.point.id]
        row.display = row.cells(columns)
    board = obligations_board(year, points, statuses, memo, today) if with_obligations else []
    by_id = {row.point.id: row for row in rows}
    for rule_check in board:
        periods: dict[int, list[str]] = {}
        for check in rule_check.checks:
            for point in check.missed:
                periods.setdefault(point.id, []).append(check.label)
        for point_id, labels in periods.items():
            by_id[point_id].missed.append((rule_check.rule.label, labels))
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.point.title))
    card = Scorecard(
        year=year,
        scheme=scheme,
        columns=columns,
        rows=rows,
        full_marks=sum(w.weight for w in weights),
        ranked=len(results),
    )
    return card, board
