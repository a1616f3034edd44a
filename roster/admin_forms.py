"""The roster's forms: each lists exactly the fields a member's page shows and changes (personal
data: nothing else is rendered or saved). Phones are normalised here, and a second active member
with the same phone and role at one point is refused in words before the database would."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.models import Page

from .models import MAX_NAME, MAX_NOTE, MAX_REASON, MAX_UNIT, RosterMember
from .phones import PhoneInvalid, mask_phone, normalise_phone

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PointChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class MemberForm(forms.ModelForm):
    """Add (with a choice among the user's own points) or edit a member. Without the right to see
    phones the current phone is not sent to the browser: the field is left empty to keep it."""

    # Typed with spaces, dashes or +86 it is longer than the stored digits (the model's 20).
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    class Meta:
        model = RosterMember
        fields = ["point", "name", "role", "phone", "unit", "joined", "note"]
        widgets = {
            "joined": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, points, clear_phone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.clear_phone = clear_phone
        ids = [p.pk for p in points]
        point_field = _PointChoice(
            queryset=Page.objects.filter(pk__in=ids).order_by("title"),
            label=pgettext_lazy("one point", "联系点"),
            empty_label=None,
        )
        self.fields["point"] = point_field
        if self.instance.pk:
            # A member stays with the point they were entered for.
            del self.fields["point"]
        elif len(ids) == 1:
            point_field.initial = ids[0]
        for name, limit in (("name", MAX_NAME), ("unit", MAX_UNIT), ("note", MAX_NOTE)):
            self.fields[name].max_length = limit
            self.fields[name].widget.attrs["maxlength"] = limit
        self.fields["name"].error_messages["required"] = _("请填写姓名。")
        self.fields["phone"].error_messages["required"] = _("请填写联系电话。")
        if self.instance.pk and not clear_phone:
            self.initial["phone"] = ""
            self.fields["phone"].required = False
            self.fields["phone"].help_text = _("留空则不修改（当前：%(masked)s）") % {
                "masked": self.instance.masked_phone
            }
        else:
            self.fields["phone"].help_text = _("手机或座机，如 139 0000 1234、0543-1234567")

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        return name

    def clean_unit(self):
        return " ".join((self.cleaned_data.get("unit") or "").split())

    def clean_phone(self):
        raw = self.cleaned_data.get("phone") or ""
        if not raw.strip() and self.instance.pk and not self.clear_phone:
            return self.instance.phone
        if not raw.strip():
            raise forms.ValidationError(_("请填写联系电话。"))
        try:
            return normalise_phone(raw)
        except PhoneInvalid:
            raise forms.ValidationError(
                _("请填写有效的电话号码：7 至 12 位数字，可带区号或 +86。")
            ) from None

    def clean(self):
        cleaned = super().clean()
        point = cleaned.get("point") if "point" in self.fields else self.instance.point
        role, phone = cleaned.get("role"), cleaned.get("phone")
        joined = cleaned.get("joined")
        if joined and self.instance.left and self.instance.left < joined:
            self.add_error("joined", _("加入日期不能晚于离开日期。"))
        if point is not None and role and phone and self.instance.left is None:
            twin = (
                RosterMember.objects.filter(point=point, role=role, phone=phone, left__isnull=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if twin is not None:
                shown = phone if self.clear_phone else mask_phone(phone)
                self.add_error(
                    "phone",
                    _("本联系点已有在册%(role)s使用电话 %(phone)s：%(name)s。请勿重复登记。")
                    % {"role": twin.get_role_display(), "phone": shown, "name": twin.name},
                )
        return cleaned

    def validate_unique(self):
        # clean() has said it in words a clerk understands; the model's constraint message would
        # only repeat it vaguely. The database constraint still stops a simultaneous second save.
        pass


class LeaveForm(forms.Form):
    left = forms.DateField(label=gettext_lazy("离开日期"), widget=DATE_WIDGET)
    left_reason = forms.CharField(
        label=gettext_lazy("离开原因"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_REASON}),
        help_text=gettext_lazy("如：工作调动、届满、本人申请退出。"),
    )

    def __init__(self, *args, member: RosterMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if not self.is_bound:
            self.initial.setdefault("left", timezone.localdate())

    def clean_left(self):
        left = self.cleaned_data["left"]
        if left < self.member.joined:
            raise forms.ValidationError(
                _("离开日期不能早于加入日期（%(joined)s）。")
                % {"joined": self.member.joined.isoformat()}
            )
        if left > timezone.localdate():
            raise forms.ValidationError(_("离开日期不能晚于今天。"))
        return left

    def clean_left_reason(self):
        return " ".join(self.cleaned_data.get("left_reason", "").split())
