"""The public answer form of a questionnaire, built from its questions.

Every question is a field named ``q_<question id>`` (a matrix: one per row,
``q_<question id>__<row id>``), optional at field level: whether a question must be answered
depends on the conditions, which the server checks in ``clean`` in question order. Without
JavaScript every question is shown; answers to a question whose condition is unmet are dropped,
and it is never required. The form carries the spam defences of every public form
(``core.spam.SpamProtectedForm``), the browser's reply token and the credit (a point, a
collection code's source) as hidden fields, which views.py checks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from core import spam
from core.widgets import PhoneInput, never_cut

from .blocks import LONG_TEXT_MAX, SHORT_TEXT_MAX
from .questions import CHOICE_KINDS, Question, shown

PREFIX = "q_"
ROW_SEPARATOR = "__"
# Beyond this a number is a typing accident (and would not fit the column).
NUMBER_LIMIT = Decimal("1e15")

REQUIRED = _("请回答这道题。")
NOT_AN_OPTION = _("所选的不是这道题的选项，请重新选择。")
NUL = _("答案中有无法识别的字符（空字符），请删除后再提交。")
UNKNOWN = _("问卷已经更新，您提交的答案中有的题目已不存在。请检查下面的题目后再提交。")


def field_name(question: Question, row_id: str = "") -> str:
    return f"{PREFIX}{question.id}{ROW_SEPARATOR}{row_id}" if row_id else f"{PREFIX}{question.id}"


class TextAnswerField(forms.CharField):
    """Text kept as typed (never cut in the browser: ``never_cut``); refused with the limit and
    the count when too long, and refused with its own sentence when it holds a NUL."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(
            max_length=max_length,
            required=False,
            error_messages={
                "max_length": _(
                    "最多 %(limit_value)d 个字，现在是 %(show_value)d 个字，请删减后再提交。"
                )
            },
            **kwargs,
        )
        # Django's own message for a NUL is not helpful in Chinese: ours is raised in clean().
        self.validators = [v for v in self.validators if "Null" not in type(v).__name__]

    def clean(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(NUL, code="null_characters_not_allowed")
        return super().clean(value)


class NumberAnswerField(forms.CharField):
    """A number typed on any keyboard: full-width digits and a full-width point are read as
    ordinary ones (NFKC), spaces and thousands separators ignored."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        attrs = {"inputmode": "decimal", "class": "form-control q-number"}
        super().__init__(required=False, widget=forms.TextInput(attrs=attrs), **kwargs)
        self.validators = []

    def clean(self, value):
        value = unicodedata.normalize("NFKC", value or "").strip().replace(",", "").replace(" ", "")
        if not value:
            return None
        if "\x00" in value:
            raise forms.ValidationError(NUL)
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            raise forms.ValidationError(_("请填写一个数字，例如 12 或 3.5。"))
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(_("不能小于 %(min)s。") % {"min": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(_("不能大于 %(max)s。") % {"max": self.max_value})
        return number.quantize(Decimal("0.0001"))


def _choice(question: Question, options, multiple: bool = False):
    kwargs = {
        "required": False,
        "choices": [(o.id, o.label) for o in options],
        "error_messages": {"invalid_choice": NOT_AN_OPTION, "invalid_list": NOT_AN_OPTION},
    }
    attrs = {"class": "form-check-input"}
    if multiple:
        return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple(attrs), **kwargs)
    return forms.ChoiceField(widget=forms.RadioSelect(attrs), **kwargs)


def _fields_for(question: Question) -> list[tuple[str, forms.Field]]:
    kind = question.kind
    if kind in ("single", "rating"):
        return [(field_name(question), _choice(question, question.options))]
    if kind == "multiple":
        return [(field_name(question), _choice(question, question.options, multiple=True))]
    if kind == "matrix":
        return [
            (field_name(question, row.id), _choice(question, question.options))
            for row in question.rows
        ]
    if kind == "number":
        field = NumberAnswerField(min_value=question.min_value, max_value=question.max_value)
        return [(field_name(question), field)]
    if kind == "short_text":
        widget = forms.TextInput(attrs={"class": "form-control"})
        return [(field_name(question), TextAnswerField(max_length=SHORT_TEXT_MAX, widget=widget))]
    widget = forms.Textarea(attrs={"class": "form-control", "rows": 5})
    return [(field_name(question), TextAnswerField(max_length=LONG_TEXT_MAX, widget=widget))]


@dataclass
class Answered:
    """One stored answer row: question, matrix row, option, number, text."""

    question: str
    row: str = ""
    option: str = ""
    number: Decimal | None = None
    text: str = ""


def _empty(value) -> bool:
    return value in (None, "", [], ())


PHONE = "phone"
SMS_CODE = "sms_code"
SEND_CODE = "send_code"  # the name of the 获取验证码 button


class AnswerForm(spam.SpamProtectedForm):
    # Who is replying and who brought them, carried through a form sent back with an error:
    # the browser's signed reply token, a point's id (its QR card) and a collection code's
    # signed source token. The view checks each again when the reply is stored (views.credit_for).
    reply_token = forms.CharField(widget=forms.HiddenInput, required=False)
    point = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions: list[Question], verify: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if verify:
            # Checked by the view (verification.py), which counts attempts: here only the boxes.
            self.fields[PHONE] = TextAnswerField(
                label=_("手机号码"),
                max_length=40,
                widget=PhoneInput(
                    attrs={"class": "form-control", "aria-describedby": "id_phone_help"}
                ),
                help_text=_("只用于确认每人一份答卷，不会公开，也不保存号码本身。"),
            )
            self.fields[SMS_CODE] = TextAnswerField(
                label=_("短信验证码"),
                max_length=20,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control q-code",
                        "inputmode": "numeric",
                        "autocomplete": "one-time-code",
                    }
                ),
            )
        for question in questions:
            for name, field in _fields_for(question):
                field.label = question.title
                if question.help_text and question.kind in ("number", "short_text", "long_text"):
                    field.widget.attrs["aria-describedby"] = f"q-{question.id}-help"
                self.fields[name] = field
        never_cut(self)

    def question_fields(self, question: Question) -> list:
        """The bound fields of one question (a matrix: one per row, with the row)."""
        if question.kind == "matrix":
            return [(row, self[field_name(question, row.id)]) for row in question.rows]
        return [(None, self[field_name(question)])]

    def clean(self):
        cleaned = super().clean()
        if self.data and any(
            key.startswith(PREFIX) and key not in self.fields for key in self.data
        ):
            raise forms.ValidationError(UNKNOWN, code="unknown_question")
        chosen: dict[str, set[str]] = {}
        self.answers: list[Answered] = []
        for question in self.questions:
            names = [name for name, _field in _fields_for(question)]
            if not shown(question, chosen):
                # Answered before the person changed an earlier choice (or shown without
                # JavaScript): not required, not stored.
                for name in names:
                    cleaned.pop(name, None)
                    self.errors.pop(name, None)
                continue
            if any(name in self.errors for name in names):
                continue
            values = {name: cleaned.get(name) for name in names}
            if question.kind == "multiple":
                picked = values[names[0]] or []
                if question.max_choices and len(picked) > question.max_choices:
                    self.add_error(
                        names[0],
                        _("这道题最多选 %(n)s 项，您选了 %(m)s 项。")
                        % {"n": question.max_choices, "m": len(picked)},
                    )
                    continue
            if question.required:
                missing = [name for name, value in values.items() if _empty(value)]
                for name in missing:
                    self.add_error(name, REQUIRED)
                if missing:
                    continue
            if question.kind in CHOICE_KINDS:
                value = values[names[0]]
                chosen[question.id] = set(
                    value if isinstance(value, list) else [value] if value else []
                )
            self.answers.extend(_answers(question, values))
        return cleaned


def _answers(question: Question, values: dict) -> list[Answered]:
    out = []
    if question.kind == "matrix":
        for row in question.rows:
            option = values.get(field_name(question, row.id))
            if option:
                out.append(Answered(question.id, row=row.id, option=option))
        return out
    value = values[field_name(question)]
    if _empty(value):
        return out
    if question.kind == "multiple":
        return [Answered(question.id, option=option) for option in value]
    if question.kind == "single":
        return [Answered(question.id, option=value)]
    if question.kind == "rating":
        return [Answered(question.id, option=value, number=Decimal(value))]
    if question.kind == "number":
        return [Answered(question.id, number=value)]
    text = value.strip()
    return [Answered(question.id, text=text)] if text else []
