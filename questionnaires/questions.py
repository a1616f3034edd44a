"""A questionnaire's questions as plain values, read once from its StreamField.

Forms, storage and results work on these, never on blocks: ``Question.id`` is the block id,
``Option.id`` the list item id (rating scales use "1".."N"), and a condition is resolved from the
editor's "question number + option text" to ids here, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

CHOICE_KINDS = ("single", "multiple")
TEXT_KINDS = ("short_text", "long_text")


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    number: int  # its position, from 1, as shown to the person answering
    title: str
    required: bool = True
    help_text: str = ""
    options: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()  # matrix only
    max_choices: int | None = None
    low_label: str = ""
    high_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    # (question id, option id) this question is shown for; None: always shown.
    condition: tuple[str, str] | None = None
    condition_text: str = field(default="", compare=False)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def _items(list_value) -> tuple[Option, ...]:
    children = getattr(list_value, "bound_blocks", None)
    if children is None:  # a plain list (never saved): positions stand in for ids
        return tuple(Option(str(i), str(v)) for i, v in enumerate(list_value or []))
    return tuple(Option(child.id, str(child.value)) for child in children)


class ConditionError(ValueError):
    pass


def parse(stream, conditions: bool = True) -> list[Question]:
    """The questions of a ``questions`` StreamField value, in order. Raises ``ConditionError``
    (a translated sentence) for a condition that names no earlier choice question or no option
    of it: the page's ``clean`` shows it to the editor; a live page always parses."""
    questions: list[Question] = []
    for number, child in enumerate(stream, start=1):
        value = child.value
        kind = child.block_type
        options: tuple[Option, ...] = ()
        if kind in ("single", "multiple", "matrix"):
            options = _items(value.get("options"))
        elif kind == "rating":
            scale = int(value.get("scale") or 5)
            options = tuple(Option(str(n), str(n)) for n in range(1, scale + 1))
        condition = None
        condition_text = ""
        target_number = value.get("show_if_question")
        target_option = (value.get("show_if_option") or "").strip()
        if conditions and (target_number or target_option):
            if not (target_number and target_option):
                raise ConditionError(
                    _("第 %(n)s 题的显示条件需要同时填写题号和选项。") % {"n": number}
                )
            if target_number >= number:
                raise ConditionError(
                    _("第 %(n)s 题的显示条件只能引用它前面的题目。") % {"n": number}
                )
            target = questions[target_number - 1]
            if target.kind not in CHOICE_KINDS:
                raise ConditionError(
                    _("第 %(n)s 题的显示条件须引用单选题或多选题。") % {"n": number}
                )
            option = next((o for o in target.options if o.label.strip() == target_option), None)
            if option is None:
                raise ConditionError(
                    _("第 %(n)s 题的显示条件：第 %(t)s 题没有选项“%(o)s”。")
                    % {"n": number, "t": target_number, "o": target_option}
                )
            condition = (target.id, option.id)
            condition_text = _("第 %(t)s 题选择“%(o)s”时回答") % {
                "t": target_number,
                "o": option.label,
            }
        questions.append(
            Question(
                id=child.id,
                kind=kind,
                number=number,
                title=value.get("title") or "",
                required=bool(value.get("required")),
                help_text=value.get("help_text") or "",
                options=options,
                rows=_items(value.get("rows")) if kind == "matrix" else (),
                max_choices=value.get("max_choices") if kind == "multiple" else None,
                low_label=value.get("low_label") or "" if kind == "rating" else "",
                high_label=value.get("high_label") or "" if kind == "rating" else "",
                min_value=value.get("min_value") if kind == "number" else None,
                max_value=value.get("max_value") if kind == "number" else None,
                condition=condition,
                condition_text=condition_text,
            )
        )
    return questions


def shown(question: Question, chosen: dict[str, set[str]]) -> bool:
    """Whether ``question`` applies, given the options chosen so far (``{question id: ids}``).
    A question whose condition is unmet is neither required nor stored."""
    if question.condition is None:
        return True
    target, option = question.condition
    return option in chosen.get(target, set())
