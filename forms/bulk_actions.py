"""Bulk actions on the opinion list: the status changes 开始审核 / 转交法工委 / 标记无效, and 加入报送批次.
Registered in forms/wagtail_hooks.py (with analysis_admin's 标记主题 and 批量答复)."""

from __future__ import annotations

from django import forms as django_forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import admin_views
from .admin_messages import report_errors
from .batches import open_batches_for, page_ids_of
from .models import Batch, Opinion
from .referral_admin import ReferBulkAction
from .workflow import Status, transition_many


class NoteForm(django_forms.Form):
    note = django_forms.CharField(label=gettext_lazy("备注"), required=False)


class TransitionBulkAction(SnippetBulkAction):
    models = [Opinion]
    template_name = "forms/admin/bulk_confirm.html"
    form_class = NoteForm
    to_status = ""

    def check_perm(self, obj):
        return self.request.user.has_perm(admin_views.HANDLE_PERMISSION)

    def get_execution_context(self):
        # This request's own list: the opinions the transition refused, reported with the result.
        self.refused = []
        return {
            "user": self.request.user,
            "note": self.cleaned_form.cleaned_data.get("note", ""),
            "refused": self.refused,
        }

    @classmethod
    def execute_action(cls, objects, user=None, note="", refused=None, **kwargs):
        done, errors = transition_many(objects, cls.to_status, user=user, note=note)
        if refused is not None:
            refused.extend(errors)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        report_errors(self.request, self.refused)
        if not num_parent_objects:
            return None
        return _("%(n)s 条意见已改为“%(status)s”。") % {
            "n": num_parent_objects,
            "status": Status(self.to_status).label,
        }


class ReviewBulkAction(TransitionBulkAction):
    display_name = gettext_lazy("开始审核")
    action_type = "opinions_review"
    aria_label = gettext_lazy("将所选意见改为审核中")
    to_status = Status.REVIEWING
    action_priority = 10


class ForwardBulkAction(TransitionBulkAction):
    display_name = gettext_lazy("转交法工委")
    action_type = "opinions_forward"
    aria_label = gettext_lazy("将所选意见改为已转交法工委")
    to_status = Status.FORWARDED
    action_priority = 20


class InvalidBulkAction(TransitionBulkAction):
    display_name = gettext_lazy("标记无效")
    action_type = "opinions_invalid"
    aria_label = gettext_lazy("将所选意见标记为无效")
    to_status = Status.INVALID
    action_priority = 40
    classes = {"serious"}


class BatchChoiceForm(django_forms.Form):
    """Offers only the open batches of the selected opinions' draft (``batches``); opinions of
    several drafts are refused: one batch, one draft."""

    batch = django_forms.ModelChoiceField(
        label=gettext_lazy("加入已有批次"),
        queryset=Batch.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("只能加入同一草案的待报送批次。")},
    )
    new_title = django_forms.CharField(
        label=gettext_lazy("或新建批次，名称"), required=False, max_length=200
    )

    def __init__(self, *args, page_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.page_ids = set(page_ids)
        if len(self.page_ids) == 1:
            self.fields["batch"].queryset = open_batches_for(next(iter(self.page_ids)))

    def clean(self):
        cleaned = super().clean()
        if len(self.page_ids) > 1:
            raise django_forms.ValidationError(
                _("所选意见来自不同的草案。一个批次只报送一份草案的意见，请按草案分别加入。")
            )
        if not cleaned.get("batch") and not (cleaned.get("new_title") or "").strip():
            raise django_forms.ValidationError(_("请选择一个批次或填写新批次名称。"))
        return cleaned


class AddToBatchBulkAction(SnippetBulkAction):
    models = [Opinion]
    display_name = gettext_lazy("加入报送批次")
    action_type = "opinions_batch"
    aria_label = gettext_lazy("将所选意见（及其相似意见组）加入报送批次")
    template_name = "forms/admin/bulk_confirm.html"
    form_class = BatchChoiceForm
    action_priority = 30

    def check_perm(self, obj):
        return self.request.user.has_perm(admin_views.EXPORT_PERMISSION)

    def get_form_kwargs(self):
        objects, _rest = self.get_actionable_objects()
        return {**super().get_form_kwargs(), "page_ids": page_ids_of(objects)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mixed_drafts"] = len(page_ids_of(i["item"] for i in context["items"])) > 1
        return context

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        batch = data.get("batch") or Batch.objects.create(
            title=data["new_title"], created_by=self.request.user
        )
        self.batch = batch
        return {"batch": batch}

    @classmethod
    def execute_action(cls, objects, batch=None, **kwargs):
        return admin_views.add_to_batch(objects, batch), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("已将 %(n)s 条意见加入批次“%(title)s”。") % {
            "n": num_parent_objects,
            "title": self.batch.title,
        }


BULK_ACTIONS = (
    ReviewBulkAction,
    ForwardBulkAction,
    InvalidBulkAction,
    AddToBatchBulkAction,
    ReferBulkAction,  # 转办 (forms/referral_admin.py)
)
