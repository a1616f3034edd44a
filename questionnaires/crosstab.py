"""Cross-tabulation: how the answers to one question split by point, region, channel, collection
source (the point, kind and name of the 征集码 that brought the reply), or by the
answer to a single-choice question of the same questionnaire ("您的身份", "所在街道": the editor
decides which categories and regions there are by asking for them).

Counted from the answers with one ``GROUP BY`` (dimension value × option) — plus, for a multiple
choice, one more for the respondents per dimension value — whatever the number of replies,
points or options: the query plan, not Python, walks the replies. A reply is in at most one
group (one point, one channel, one option of a single choice), so the total row is the sum of
the groups. Percentages are per row: the share of that group's respondents who chose the
option (a multiple choice's shares may add up to more than 100 %).

Regions come from the liaison points through ``core.plugins.point_regions`` (the point directory), never
from the points plugin's models.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.plugins import point_regions

from .charts import grouped_bar_chart
from .models import Answer, Channel, source_page
from .questions import Option, Question

__all__ = [
    "CrossTab",
    "CrossTabError",
    "cached_crosstab",
    "crosstab",
    "dimension_choices",
    "target_choices",
]

TARGET_KINDS = ("single", "multiple", "rating")
FIXED_DIMENSIONS = ("point", "region", "channel", "source")
QUESTION_PREFIX = "q:"
ROW_SEPARATOR = ":"
SOURCE_SEPARATOR = "\x1f"  # between point id, kind and label in one group key: never typed


def source_kind_labels() -> dict:
    # The kinds core declares (``core.plugins.SOURCE_KINDS``), named as the office reads them.
    return {
        "point": _("联系点"),
        "site": _("信息采集点"),
        "grid": _("社区网格"),
        "deputy": _("人大代表"),
        "campaign": _("专项活动"),
        "expert": _("定向征集"),
    }


class CrossTabError(ValueError):
    """A target or dimension that is not (or no longer) one of the questionnaire's; the message
    is a translated sentence for the office."""


@dataclass
class CrossRow:
    label: str
    respondents: int
    cells: list[tuple[int, float]]  # per option: (count, percent of this row's respondents)


@dataclass
class CrossTab:
    title: str
    dimension: str
    options: list[Option]
    rows: list[CrossRow]
    total: CrossRow
    multiple: bool = False
    note: str = ""

    @property
    def chart(self):
        return grouped_bar_chart(
            self.title,
            [o.label for o in self.options],
            # A group nobody in it answered is a row of zeros in the table, not a picture.
            [
                (row.label, [percent for _count, percent in row.cells])
                for row in self.rows
                if row.respondents
            ],
        )


def target_choices(questions: list[Question]) -> list[tuple[str, str]]:
    """What can be broken down: choice and rating questions, and each row of a matrix."""
    out = []
    for q in questions:
        if q.kind in TARGET_KINDS:
            out.append((q.id, f"{q.number}. {q.title}"))
        elif q.kind == "matrix":
            out.extend(
                (f"{q.id}{ROW_SEPARATOR}{row.id}", f"{q.number}. {q.title} — {row.label}")
                for row in q.rows
            )
    return out


def dimension_choices(questions: list[Question], target: str = "") -> list[tuple[str, str]]:
    target_question = target.split(ROW_SEPARATOR, 1)[0]
    out = [
        ("point", _("联系点")),
        ("region", _("联系点所在区县")),
        ("channel", _("渠道")),
        ("source", _("征集码来源（联系点 · 类型 · 名称）")),
    ]
    out += [
        (
            f"{QUESTION_PREFIX}{q.id}",
            _("第 %(n)s 题：%(title)s") % {"n": q.number, "title": q.title},
        )
        for q in questions
        if q.kind == "single" and q.id != target_question
    ]
    return out


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def _resolve_target(questions, target: str) -> tuple[Question, Option | None]:
    question_id, _sep, row_id = target.partition(ROW_SEPARATOR)
    question = next((q for q in questions if q.id == question_id), None)
    if question is None or not (
        question.kind in TARGET_KINDS
        and not row_id
        or question.kind == "matrix"
        and any(r.id == row_id for r in question.rows)
    ):
        raise CrossTabError(_("请选择问卷中的一道选择题、评分题或矩阵题的一行。"))
    row = next((r for r in question.rows if r.id == row_id), None)
    return question, row


def _group_labels(dimension: str, keys, questions) -> tuple[dict, list]:
    """``({raw key: group label}, [labels in display order])`` for the dimension's values."""
    if dimension == "channel":
        order = [label for _value, label in Channel.choices]
        return {value: str(label) for value, label in Channel.choices}, [str(x) for x in order]
    if dimension == "point":
        titles = dict(Page.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "title"))
        none = _("未经联系点")
        labels = {k: titles.get(k, _("（已删除的联系点）")) if k else none for k in keys}
        return labels, sorted(set(labels.values()) - {none}) + [none]
    if dimension == "source":
        return _source_labels(keys)
    if dimension == "region":
        regions = point_regions([k for k in keys if k])
        none, unknown = _("未经联系点"), _("未注明区县")
        labels = {k: regions.get(k, unknown) if k else none for k in keys}
        return labels, sorted(set(labels.values()) - {none, unknown}) + [unknown, none]
    question = next(q for q in questions if q.id == dimension[len(QUESTION_PREFIX) :])
    labels = {o.id: o.label for o in question.options}
    return labels, [o.label for o in question.options]


def _source_labels(keys) -> tuple[dict, list]:
    """ "市中街道基层立法联系点 · 社区网格 · 幸福里网格" per (point, kind, label) key; replies
    no code brought in one row at the end."""
    parsed = {k: (k or "").split(SOURCE_SEPARATOR) for k in keys}
    point_ids = [int(p[0]) for p in parsed.values() if p and p[0].isdigit()]
    titles = dict(Page.objects.filter(pk__in=point_ids).values_list("pk", "title"))
    kinds = source_kind_labels()
    none = _("未经征集码")
    labels = {}
    for key, parts in parsed.items():
        point_id, kind, name = (parts + ["", "", ""])[:3]
        if not kind:
            labels[key] = none
            continue
        point = titles.get(int(point_id), "") if point_id.isdigit() else ""
        pieces = [point or _("（已删除的联系点）"), str(kinds.get(kind, kind))]
        if name and name != point:
            pieces.append(name)
        labels[key] = " · ".join(pieces)
    return labels, sorted(set(labels.values()) - {none}) + [none]


def crosstab(page, target: str, dimension: str) -> CrossTab:
    """The cross table of ``target`` (a question id, or ``question id:row id`` for a matrix row)
    by ``dimension`` (``point``, ``region``, ``channel`` or ``q:<single-choice question id>``).
    Raises ``CrossTabError`` for anything else."""
    questions = page.question_list
    question, row = _resolve_target(questions, target)
    if dimension not in dict(dimension_choices(questions, target)):
        raise CrossTabError(
            _("请选择按什么分组：联系点、区县、渠道、征集码来源或问卷中的一道单选题。")
        )

    answers = Answer.objects.filter(
        reply__page=source_page(page), question=question.id, row=row.id if row else ""
    ).exclude(option="")
    note = ""
    if dimension in ("point", "region"):
        group = "reply__point"
    elif dimension == "channel":
        group = "reply__channel"
    elif dimension == "source":
        # One key per (point, kind, label), built in the query so it stays one GROUP BY.
        answers = answers.annotate(
            source_key=Concat(
                Coalesce(Cast("reply__point", CharField()), Value("")),
                Value(SOURCE_SEPARATOR),
                "reply__source_kind",
                Value(SOURCE_SEPARATOR),
                "reply__source_label",
                output_field=CharField(),
            )
        )
        group = "source_key"
    else:
        by = dimension[len(QUESTION_PREFIX) :]
        # A second join to the answers of the same reply: the chosen option of the dimension
        # question (a single choice: at most one row per reply).
        answers = answers.filter(reply__answers__question=by, reply__answers__row="")
        group = "reply__answers__option"
        by_question = next(q for q in questions if q.id == by)
        note = _("未回答第 %(n)s 题的答卷不计入此表。") % {"n": by_question.number}

    counts: dict = {}
    for key, option, n in answers.values_list(group, "option").annotate(n=Count("pk")).order_by():
        counts[(key, option)] = n
    multiple = question.kind == "multiple"
    if multiple:
        respondents_by_key = dict(
            answers.values_list(group).annotate(n=Count("reply", distinct=True)).order_by()
        )
    else:
        respondents_by_key = {}
        for (key, _option), n in counts.items():
            respondents_by_key[key] = respondents_by_key.get(key, 0) + n

    keys = {key for key, _option in counts}
    labels, order = _group_labels(dimension, keys, questions)
    options = list(question.options)
    # Several keys may share one label (two points in one region): their counts add up.
    grouped: dict[str, dict] = {}
    for (key, option), n in counts.items():
        label = labels.get(key)
        if label is None:  # an option the dimension question no longer has
            label = _("（已删除的选项）")
        cells = grouped.setdefault(label, {})
        cells[option] = cells.get(option, 0) + n
    respondents: dict[str, int] = {}
    for key, n in respondents_by_key.items():
        label = labels.get(key) or _("（已删除的选项）")
        respondents[label] = respondents.get(label, 0) + n
    if _("（已删除的选项）") in grouped:
        order = [*order, _("（已删除的选项）")]

    rows = []
    for label in order:
        cells = grouped.get(label)
        if cells is None and dimension in ("point", "region", "source"):
            continue  # only the points and regions that sent replies
        base = respondents.get(label, 0)
        rows.append(
            CrossRow(
                label,
                base,
                [
                    ((cells or {}).get(o.id, 0), _percent((cells or {}).get(o.id, 0), base))
                    for o in options
                ],
            )
        )
    base = sum(r.respondents for r in rows)
    totals = [sum(r.cells[i][0] for r in rows) for i in range(len(options))]
    total = CrossRow(_("合计"), base, [(n, _percent(n, base)) for n in totals])
    title = f"{question.number}. {question.title}" + (f" — {row.label}" if row else "")
    dimension_label = dict(dimension_choices(questions, target))[dimension]
    return CrossTab(title, dimension_label, options, rows, total, multiple=multiple, note=note)


CACHE_SECONDS = 600


def cached_crosstab(page, target: str, dimension: str) -> CrossTab:
    """``crosstab``, kept until the next reply (the reply count is in the key: one small query
    against the running totals) — a table looked at again, or by a colleague, is not recounted.
    Refused input is never cached. Works the same with the cache down, only slower."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    from core.caches import CACHE_ERRORS

    from .models import AnswerCount

    source = source_page(page)
    replies = (
        AnswerCount.objects.filter(page=source, question="", row="", option="")
        .values_list("count", flat=True)
        .first()
    ) or 0
    key = f"questionnaires:crosstab:{page.pk}:{replies}:{get_language()}:{target}:{dimension}"
    key = "questionnaires:crosstab:" + hashlib.sha256(key.encode()).hexdigest()
    try:
        found = cache.get(key)
    except CACHE_ERRORS:
        found = None
    if found is not None:
        return found
    table = crosstab(page, target, dimension)
    with contextlib.suppress(CACHE_ERRORS):
        cache.set(key, table, CACHE_SECONDS)
    return table
