"""The admin's forms for tasks: the office's task form (with how points are chosen), the step a
point records, its report, an application and the office's decision. Django's CharField already
refuses NUL characters; lengths are capped by the model; every message is translated."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser

from core.plugins import (
    DRAFT_PAGE,
    QUESTIONNAIRE_PAGE,
    page_models_for,
    plays_role,
)
from core.uploads import FORMATS as IMAGE_FORMATS
from core.uploads import reencode_image

from .evidence import MAX_FILES, check_file
from .models import ConsultationTask, StepRecord, TaskReport
from .sending import chosen_points, network

MODE_CHOICES = [
    ("all", _("全部联系点")),
    ("type", _("按类型")),
    ("district", _("按区县")),
    ("points", _("逐个选择")),
]
ROLE_OF_KIND = {
    ConsultationTask.Kind.DRAFT: DRAFT_PAGE,
    ConsultationTask.Kind.QUESTIONNAIRE: QUESTIONNAIRE_PAGE,
}


class TaskForm(forms.ModelForm):
    scope_mode = forms.ChoiceField(
        label=_("交办给"), choices=MODE_CHOICES, initial="all", widget=forms.RadioSelect
    )
    scope_types = forms.MultipleChoiceField(
        label=_("联系点类型"), required=False, widget=forms.CheckboxSelectMultiple
    )
    scope_districts = forms.MultipleChoiceField(
        label=_("所在区县"), required=False, widget=forms.CheckboxSelectMultiple
    )
    scope_points = forms.MultipleChoiceField(
        label=_("联系点"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ConsultationTask
        fields = [
            "title",
            "kind",
            "target_page",
            "topic",
            "description",
            "outputs",
            "due_date",
            "open_for_applications",
        ]
        widgets = {
            "due_date": AdminDateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = network()  # a 撤销 point is not offered
        types = sorted({(p.point_type, p.point_type_label) for p in self.directory})
        self.fields["scope_types"].choices = types
        districts = sorted({p.district for p in self.directory if p.district})
        self.fields["scope_districts"].choices = [(d, d) for d in districts]
        self.fields["scope_points"].choices = [
            (str(p.id), f"{p.title}（{p.district}）") for p in self.directory
        ]
        models = page_models_for(DRAFT_PAGE) + page_models_for(QUESTIONNAIRE_PAGE)
        self.fields["target_page"].widget = AdminPageChooser(target_models=models or None)
        scope = self.instance.scope or {}
        if scope:
            mode = scope.get("mode", "all")
            self.initial["scope_mode"] = mode
            key = {"type": "scope_types", "district": "scope_districts", "points": "scope_points"}
            if mode in key:
                self.initial[key[mode]] = [str(v) for v in scope.get("values", [])]

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and due < timezone.localdate() and "due_date" in self.changed_data:
            raise forms.ValidationError(_("报送截止日期不能早于今天。"))
        return due

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        page = data.get("target_page")
        role = ROLE_OF_KIND.get(kind)
        if role is not None:
            if page is None:
                self.add_error("target_page", _("请选择要征询的草案或问卷。"))
            elif not plays_role(page, role):
                self.add_error("target_page", _("所选页面与任务类型不符。"))
        elif kind == ConsultationTask.Kind.TOPIC:
            if not (data.get("topic") or "").strip():
                self.add_error("topic", _("请填写调研课题。"))
            data["target_page"] = None
        mode = data.get("scope_mode")
        values = {
            "type": data.get("scope_types"),
            "district": data.get("scope_districts"),
            "points": data.get("scope_points"),
        }.get(mode, [])
        fields = {"type": "scope_types", "district": "scope_districts", "points": "scope_points"}
        if mode in fields and not values:
            self.add_error(fields[mode], _("请至少选择一项。"))
        self.scope = {"mode": mode, "values": list(values or [])}
        if mode and not self.errors and not chosen_points(self.scope, self.directory):
            self.add_error("scope_mode", _("按所选条件没有找到联系点。"))
        return data

    def save(self, commit=True):
        self.instance.scope = self.scope
        return super().save(commit)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: each is checked by ``evidence.check_file`` in the form."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


def _cap(field, maximum: int) -> None:
    field.max_value = maximum
    field.validators.append(MaxValueValidator(maximum))
    field.widget.attrs.update(min=0, max=maximum)


def _day(value):
    """A date, from a date or a datetime (activities give either), on the local calendar."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


class StepForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(
        label=_("本联系点的相关活动"), required=False, widget=forms.CheckboxSelectMultiple
    )
    files = MultipleFileField(
        label=_("照片、签到表、会议记录等佐证材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.heic,.pdf,.docx,.xlsx"}),
        help_text=_("每个环节最多 10 个文件，每个不超过 20 MB；只有本联系点和法工委能看到。"),
    )

    class Meta:
        model = StepRecord
        fields = ["date", "participants", "note"]
        widgets = {"date": AdminDateInput, "note": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, activities=(), existing_files=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_files = existing_files
        self.activity_dates = {a.id: _day(a.date) for a in activities}
        # Only what the point had held by the step's date can be evidence of it: the date typed
        # (when it reads as one) or the one recorded; a later date typed lists later events.
        until = self._step_date()
        self.fields["activities"].choices = [
            (str(a.id), f"{a.date:%Y-%m-%d} {a.kind}：{a.title}")
            for a in activities
            if until is None or _day(a.date) <= until
        ]
        self.initial.setdefault("activities", [str(i) for i in self.instance.event_ids or []])
        _cap(self.fields["participants"], 1_000_000)

    def _step_date(self):
        if self.is_bound:
            try:
                return self.fields["date"].clean(self.data.get(self.add_prefix("date")))
            except forms.ValidationError:
                pass
        return self.instance.date

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("环节日期不能晚于今天：请在做完后记录。"))
        return date

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) + self.existing_files > MAX_FILES:
            raise forms.ValidationError(_("每个环节最多 %(n)s 个文件。") % {"n": MAX_FILES})
        checked = []
        errors = []
        for upload in uploads:
            try:
                mime = check_file(upload)
                if mime in IMAGE_FORMATS:
                    # A photo loses its EXIF (where it was taken, by which phone) on the way in.
                    upload = reencode_image(upload, mime)
                    mime = upload.content_type
                checked.append((upload, mime))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def clean_activities(self):
        return [int(v) for v in self.cleaned_data["activities"]]

    def clean(self):
        data = super().clean()
        date = data.get("date")
        chosen = data.get("activities") or []
        if date and any(self.activity_dates.get(pk, date) > date for pk in chosen):
            self.add_error("activities", _("所选活动晚于环节日期，请选择当天或之前的活动。"))
        # A date alone says nothing of what was done: a note or some evidence is needed.
        has_note = bool((data.get("note") or "").strip())
        has_evidence = bool(chosen or data.get("files") or self.existing_files)
        if not (has_note or has_evidence) and "note" not in self.errors:
            self.add_error(
                "note",
                _("请填写情况记录，或上传佐证材料、选择相关活动：只有日期无法说明做了什么。"),
            )
        return data


class ReportForm(forms.ModelForm):
    class Meta:
        model = TaskReport
        fields = ["summary", "opinions", "feedback", "participants", "opinions_count"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "opinions": forms.Textarea(attrs={"rows": 8}),
            "feedback": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("participants", "opinions_count"):
            _cap(self.fields[name], 10_000_000)

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "submit" and not (data.get("summary") or "").strip():
            self.add_error("summary", _("报送前请填写工作开展情况。"))
        return data


class ApplyForm(forms.Form):
    point = forms.TypedChoiceField(label=_("申办的联系点"), coerce=int)
    note = forms.CharField(
        label=_("申办理由"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [(p.pk, p.title) for p in points]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("同意申办")), ("decline", _("不同意"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不同意申办时请写明理由，联系点会看到。"))
        return data


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明需要补充或修改什么，联系点会看到。"),
        error_messages={"required": _("退回时请写明理由，联系点会看到。")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("退回时请写明理由，联系点会看到。"))
        return reason
