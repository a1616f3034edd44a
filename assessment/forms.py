"""The status-change form: a point from the directory, a status, the date and a reason (required)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PointStatus


class StatusChangeForm(forms.Form):
    point = forms.TypedChoiceField(label=_("联系点"), coerce=int)
    status = forms.ChoiceField(label=_("新状态"), choices=PointStatus.choices)
    date = forms.DateField(
        label=_("生效日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("必填：例如考核结果、整改要求、撤销依据。"),
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [("", "---------")] + [
            (p.id, f"{p.title}（{p.district}）" if p.district else p.title) for p in points
        ]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].replace("\x00", "").strip()
        if not reason:
            raise forms.ValidationError(_("请填写理由。"))
        return reason
