"""Results of a questionnaire, read from its running totals (``AnswerCount``): one query for
the whole questionnaire, however many replies it has."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .charts import bar_chart
from .models import AnswerCount, source_page
from .questions import TEXT_KINDS, Question


@dataclass
class OptionResult:
    label: str
    count: int
    percent: float


@dataclass
class RowResult:
    label: str
    answered: int
    options: list[OptionResult]

    @property
    def chart(self):
        return bar_chart(self.label, [(o.label, o.count, o.percent) for o in self.options])


@dataclass
class QuestionResult:
    question: Question
    answered: int
    options: list[OptionResult] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    mean: Decimal | None = None

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS

    @property
    def chart(self):
        if not self.options:
            return ""
        return bar_chart(self.question.title, [(o.label, o.count, o.percent) for o in self.options])


@dataclass
class Results:
    replies: int
    questions: list[QuestionResult]


def _percent(count: int, answered: int) -> float:
    return round(100 * count / answered, 1) if answered else 0.0


def _options(question: Question, counts: dict, row: str = "") -> tuple[int, list[OptionResult]]:
    answered = counts.get((question.id, row, ""), (0, 0))[0]
    return answered, [
        OptionResult(
            o.label,
            counts.get((question.id, row, o.id), (0, 0))[0],
            _percent(counts.get((question.id, row, o.id), (0, 0))[0], answered),
        )
        for o in question.options
    ]


def results_for(page) -> Results:
    source = source_page(page)
    counts = {
        (q, r, o): (n, total)
        for q, r, o, n, total in AnswerCount.objects.filter(page=source).values_list(
            "question", "row", "option", "count", "total"
        )
    }
    out = []
    for question in page.question_list:
        if question.kind == "matrix":
            rows = []
            for row in question.rows:
                answered, options = _options(question, counts, row.id)
                rows.append(RowResult(row.label, answered, options))
            answered = max((r.answered for r in rows), default=0)
            out.append(QuestionResult(question, answered, rows=rows))
            continue
        if question.kind in ("number", *TEXT_KINDS):
            answered, total = counts.get((question.id, "", ""), (0, Decimal(0)))
            mean = (Decimal(total) / answered).quantize(Decimal("0.01")) if answered else None
            out.append(
                QuestionResult(question, answered, mean=mean if question.kind == "number" else None)
            )
            continue
        answered, options = _options(question, counts)
        mean = None
        if question.kind == "rating" and answered:
            total = counts.get((question.id, "", ""), (0, Decimal(0)))[1]
            mean = (Decimal(total) / answered).quantize(Decimal("0.01"))
        out.append(QuestionResult(question, answered, options=options, mean=mean))
    return Results(counts.get(("", "", ""), (0, 0))[0], out)
