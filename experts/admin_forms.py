"""The admin's forms: an expert, a field of expertise, a 定向征集 campaign. Every form names its
fields (the pool holds personal data: nothing is edited that is not listed here). Typed text is
folded (full-width digits), refused with a translated message when it cannot be right (emoji in
a name, a phone without enough digits), and never lost: an invalid form comes back filled in."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, page_models_for

from .models import Campaign, Expert, ExpertiseField

__all__ = ["CampaignForm", "ExpertFilter", "ExpertForm", "FieldForm", "open_drafts"]

_PHONE_CHARS = re.compile(r"[\d+\-\s()]+")
_PHONE_DIGITS = (5, 20)


def _plain(value: str, *, field_name: str) -> str:
    """Folded and stripped; refuses characters a name or title never holds (emoji, control)."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    for char in value:
        if ord(char) > 0xFFFF or unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "So"):
            raise forms.ValidationError(
                _("%(field)s不能包含表情符号或控制字符。"), params={"field": field_name}
            )
    return value


class ExpertForm(forms.ModelForm):
    """Contacts are shown in clear only to holders of ``view_expert_contacts``; others see the
    masked value and may type a new one (blank keeps what is stored)."""

    class Meta:
        model = Expert
        fields = [
            "kind",
            "name",
            "organisation",
            "title",
            "fields",
            "phone",
            "email",
            "active",
            "note",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "fields": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, clear: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.clear = clear
        self.fields["name"].error_messages["required"] = _("请填写姓名或机构名称。")
        self.fields["fields"].queryset = ExpertiseField.objects.filter(active=True) | (
            self.instance.fields.all() if self.instance.pk else ExpertiseField.objects.none()
        )
        self.fields["fields"].queryset = self.fields["fields"].queryset.distinct()
        self.fields["fields"].help_text = _("可多选；按专业领域筛选专家时用。")
        if self.instance.pk and not clear:
            for name, masked in (
                ("phone", self.instance.masked_phone),
                ("email", self.instance.masked_email),
            ):
                self.initial[name] = ""
                if masked:
                    self.fields[name].help_text = _("现为 %(masked)s；留空则不变。") % {
                        "masked": masked
                    }

    def clean_name(self):
        name = _plain(self.cleaned_data["name"], field_name=_("姓名或机构名称"))
        if not name:
            raise forms.ValidationError(_("请填写姓名或机构名称。"))
        return name

    def clean_organisation(self):
        return _plain(self.cleaned_data["organisation"], field_name=_("工作单位"))

    def clean_title(self):
        return _plain(self.cleaned_data["title"], field_name=_("职务职称"))

    def clean_phone(self):
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"] or "").strip()
        if not phone:
            return self.instance.phone if (self.instance.pk and not self.clear) else ""
        digits = sum(c.isdigit() for c in phone)
        if not _PHONE_CHARS.fullmatch(phone) or not (
            _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]
        ):
            raise forms.ValidationError(_("请填写有效的电话号码（数字，可含 +、- 和空格）。"))
        return phone

    def clean_email(self):
        email = (self.cleaned_data["email"] or "").strip()
        if not email and self.instance.pk and not self.clear:
            return self.instance.email
        return email

    def clean(self):
        data = super().clean()
        no_contact = not (data.get("phone") or data.get("email"))
        typed_wrong = "phone" in self.errors or "email" in self.errors
        if data.get("active") and no_contact and not typed_wrong:
            self.add_error("phone", _("请至少填写手机号码或电子邮箱之一，以便发送邀请。"))
        return data


class FieldForm(forms.ModelForm):
    class Meta:
        model = ExpertiseField
        fields = ["name", "sort_order", "active"]

    def clean_name(self):
        name = _plain(self.cleaned_data["name"], field_name=_("名称"))
        if not name:
            raise forms.ValidationError(_("请填写名称。"))
        return name


class ExpertFilter(forms.Form):
    """The pool's filters (GET): by field of expertise, kind, in or out of the pool, a name."""

    field = forms.ModelChoiceField(
        label=_("专业领域"),
        queryset=ExpertiseField.objects.all(),
        required=False,
        empty_label=_("全部领域"),
    )
    kind = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部"))] + list(Expert.Kind.choices), required=False
    )
    q = forms.CharField(label=_("姓名或单位"), max_length=50, required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("field"):
            queryset = queryset.filter(fields=data["field"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        q = unicodedata.normalize("NFKC", data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(name__icontains=q) | queryset.filter(
                organisation__icontains=q
            )
        return queryset.distinct()


def open_drafts() -> list:
    """Drafts in the site's language that take opinions now: what experts can be invited to."""
    pages = []
    for model in page_models_for(DRAFT_PAGE):
        for page in model.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE):
            commentable = as_commentable(page)
            if commentable is not None and commentable.accepts_comments():
                pages.append(page)
    return sorted(pages, key=lambda p: p.title)


class CampaignForm(forms.ModelForm):
    page_id = forms.TypedChoiceField(label=_("征求意见的草案"), coerce=int)
    experts = forms.ModelMultipleChoiceField(
        label=_("邀请的专家和机构"),
        queryset=Expert.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少勾选一位专家或一个机构。")},
    )

    class Meta:
        model = Campaign
        fields = ["title", "message", "reply_by"]
        widgets = {"reply_by": AdminDateInput, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = {p.pk: p for p in open_drafts()}
        self.fields["page_id"].choices = [("", "---------")] + [
            (pk, page.title) for pk, page in self.drafts.items()
        ]
        self.fields["page_id"].error_messages["invalid_choice"] = _(
            "请选择一部正在征求意见的草案。"
        )
        self.fields["experts"].queryset = experts
        self.fields["experts"].label_from_instance = _expert_label
        self.order_fields(["title", "page_id", "message", "reply_by", "experts"])
        required = {
            "title": _("请填写征集名称。"),
            "page_id": _("请选择一部正在征求意见的草案。"),
            "message": _("请填写邀请内容。"),
            "reply_by": _("请填写反馈截止日期。"),
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message

    def clean_title(self):
        title = _plain(self.cleaned_data["title"], field_name=_("征集名称"))
        if not title:
            raise forms.ValidationError(_("请填写征集名称。"))
        return title

    def clean_reply_by(self):
        reply_by = self.cleaned_data["reply_by"]
        if reply_by < timezone.localdate():
            raise forms.ValidationError(_("反馈截止日期不能早于今天。"))
        return reply_by

    def clean_page_id(self):
        pk = self.cleaned_data["page_id"]
        if pk not in self.drafts:
            raise forms.ValidationError(_("请选择一部正在征求意见的草案。"))
        return pk

    @property
    def page(self):
        return self.drafts[self.cleaned_data["page_id"]]


def _expert_label(expert) -> str:
    fields = "、".join(f.name for f in expert.fields.all())
    parts = [expert.name, expert.get_kind_display()]
    if expert.organisation and expert.kind == Expert.Kind.PERSON:
        parts.append(expert.organisation)
    if fields:
        parts.append(fields)
    return " · ".join(parts)
