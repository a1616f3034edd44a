"""转办 in the admin: the list of departments, the list of referrals, the refer / record-reply /
resend forms on an opinion's page, the bulk 转办 of selected opinions, and the 转办 figures of the
statistics page. Who may: the handling right (``forms.change_opinion``, the 意见办理员 role); a
point's staff and draft editors cannot."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, point_scope
from .admin_messages import report_errors
from .masking import masked_text, personal
from .models import Opinion
from .referral_models import MAX_NOTE_LENGTH, MAX_REPLY_LENGTH, Department, Referral
from .referrals import (
    open_referral,
    rates,
    rates_by,
    record_reply,
    refer,
    refer_many,
    send_reply_notice,
)
from .workflow import TRANSITIONS, Status, TransitionError

__all__ = [
    "DepartmentViewSet",
    "ReferBulkAction",
    "ReferralPermissionPolicy",
    "ReferralViewSet",
    "inspect_context",
    "opinion_urlpatterns",
    "statistics_context",
]


# --- Forms ---------------------------------------------------------------------------------------


class ReferForm(forms.Form):
    department = forms.ModelChoiceField(
        label=gettext_lazy("转办单位"),
        queryset=Department.objects.filter(active=True),
        error_messages={
            "required": gettext_lazy("请选择转办单位。"),
            "invalid_choice": gettext_lazy("请选择一个启用中的转办单位。"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("转办说明（给承办单位）"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("单位答复（将通知提交人）"),
        max_length=MAX_REPLY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("请填写单位答复。")},
    )


def _errors(form) -> str:
    return "; ".join(" ".join(v) for v in form.errors.values())


# --- On an opinion's page ------------------------------------------------------------------------


def can_refer(opinion) -> bool:
    return Status.REFERRED in TRANSITIONS.get(opinion.status, set())


def inspect_context(request, opinion) -> dict:
    """The 转办 section of the opinion's page (forms/admin/_referral.html)."""
    can_handle = request.user.has_perm(admin_views.HANDLE_PERMISSION)
    referral = open_referral(opinion)
    return {
        "referral": referral,
        "past_referrals": opinion.referrals.filter(cancelled_at__isnull=False).select_related(
            "department"
        ),
        "refer_form": getattr(request, "refer_form", None) or ReferForm()
        if can_handle and can_refer(opinion)
        else None,
        "referral_reply_form": getattr(request, "referral_reply_form", None) or ReplyForm()
        if can_handle and referral is not None and not referral.is_replied
        else None,
        "can_resend_referral": bool(
            can_handle
            and referral is not None
            and referral.is_replied
            and not referral.notified_at
            and opinion.has_contact
        ),
    }


def _opinion_for(request, pk) -> Opinion:
    admin_views._require(request, admin_views.HANDLE_PERMISSION)
    return point_scope.check_can_see(request.user, get_object_or_404(Opinion, pk=pk))


@require_POST
def refer_view(request, pk):
    opinion = _opinion_for(request, pk)
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无法转办：%(errors)s") % {"errors": _errors(form)})
        return admin_views._inspect_again(request, pk, refer_form=form)
    try:
        refer(
            opinion,
            form.cleaned_data["department"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
        return admin_views._inspect_again(request, pk, refer_form=form)
    messages.success(
        request,
        _("已转办至%(department)s。") % {"department": form.cleaned_data["department"].name},
    )
    return redirect("wagtailsnippets_forms_opinion:inspect", pk)


@require_POST
def reply_view(request, pk):
    opinion = _opinion_for(request, pk)
    referral = open_referral(opinion)
    if referral is None:
        messages.error(request, _("这条意见没有转办。"))
        return redirect("wagtailsnippets_forms_opinion:inspect", pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无法保存答复：%(errors)s") % {"errors": _errors(form)})
        return admin_views._inspect_again(request, pk, referral_reply_form=form)
    try:
        record_reply(referral, form.cleaned_data["reply"], user=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return admin_views._inspect_again(request, pk, referral_reply_form=form)
    messages.success(request, _("已录入单位答复；有联系方式的提交人会收到通知。"))
    return redirect("wagtailsnippets_forms_opinion:inspect", pk)


@require_POST
def resend_view(request, pk):
    opinion = _opinion_for(request, pk)
    referral = open_referral(opinion)
    if referral is not None and referral.is_replied and not referral.notified_at:
        send_reply_notice(referral.pk)
        referral.refresh_from_db()
    if referral is not None and referral.notified_at:
        messages.success(request, _("已通知提交人。"))
    else:
        messages.warning(request, _("通知暂未发出（短信或邮件服务不可用），请稍后再试。"))
    return redirect("wagtailsnippets_forms_opinion:inspect", pk)


def opinion_urlpatterns():
    return [
        path("refer/<int:pk>/", refer_view, name="refer"),
        path("referral-reply/<int:pk>/", reply_view, name="referral_reply"),
        path("referral-resend/<int:pk>/", resend_view, name="referral_resend"),
    ]


# --- Bulk: several opinions to one department ------------------------------------------------------


class ReferBulkAction(SnippetBulkAction):
    models = [Opinion]
    display_name = gettext_lazy("转办")
    action_type = "opinions_refer"
    aria_label = gettext_lazy("将所选意见转办至同一单位")
    template_name = "forms/admin/bulk_confirm.html"
    form_class = ReferForm
    action_priority = 35

    def check_perm(self, obj):
        return self.request.user.has_perm(admin_views.HANDLE_PERMISSION)

    def get_execution_context(self):
        self.refused = []
        data = self.cleaned_form.cleaned_data
        self.department = data["department"]
        return {
            "user": self.request.user,
            "department": data["department"],
            "note": data.get("note", ""),
            "refused": self.refused,
        }

    @classmethod
    def execute_action(cls, objects, user=None, department=None, note="", refused=None, **kw):
        done, errors = refer_many(objects, department, user=user, note=note)
        if refused is not None:
            refused.extend(errors)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        report_errors(self.request, self.refused)
        if not num_parent_objects:
            return None
        return _("%(n)s 条意见已转办至%(department)s。") % {
            "n": num_parent_objects,
            "department": self.department.name,
        }


# --- Lists ---------------------------------------------------------------------------------------


class ReferralPermissionPolicy(ModelPermissionPolicy):
    """Referrals are written by forms/referrals.py only: listed by whoever may view them or handle
    opinions, never added, edited or deleted by hand (superusers included)."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, "view") or user.has_perm(
            admin_views.HANDLE_PERMISSION
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class DepartmentPermissionPolicy(ModelPermissionPolicy):
    """Departments are switched off, never deleted: their referrals and figures name them."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


def _yes_no(value) -> str:
    return _("是") if value else _("否")


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = gettext_lazy("转办单位")
    url_prefix = "opinions/departments"
    copy_view_enabled = False
    panels = [*Department.panels]
    list_display = [
        TitleColumn(
            "name", label=gettext_lazy("单位名称"), url_name="wagtailsnippets_forms_department:edit"
        ),
        Column("contact_email", label=gettext_lazy("联系邮箱")),
        Column("active", label=gettext_lazy("启用"), accessor=lambda d: _yes_no(d.active)),
    ]


class ReferralViewSet(SnippetViewSet):
    model = Referral
    chooser_enabled = False  # picked in no form, so no chooser (core/upstream/snippet_access.py)
    icon = "resubmit"
    menu_label = gettext_lazy("转办记录")
    url_prefix = "opinions/referrals"
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = []  # nothing to edit by hand: see ReferralPermissionPolicy
    list_display = [
        TitleColumn(
            "receipt_code",
            label=gettext_lazy("回执码"),
            accessor=lambda r: r.opinion.receipt_code,
            get_url=lambda r: reverse("wagtailsnippets_forms_opinion:inspect", args=[r.opinion_id]),
        ),
        Column(
            "excerpt", label=gettext_lazy("诉求"), accessor=lambda r: masked_text(r.opinion)[:60]
        ),
        # The contact as the rest of the opinions admin shows it: masked without the right.
        Column(
            "contact",
            label=gettext_lazy("电话"),
            accessor=lambda r: personal(None, r.opinion, "phone") or "—",
        ),
        Column("department", label=gettext_lazy("转办单位")),
        Column("referred_at", label=gettext_lazy("转办时间"), sort_key="referred_at"),
        Column("replied_at", label=gettext_lazy("答复时间")),
        Column(
            "notified",
            label=gettext_lazy("已通知"),
            accessor=lambda r: (
                _yes_no(r.notified_at) if r.replied_at and r.opinion.has_contact else "—"
            ),
        ),
        Column(
            "rating", label=gettext_lazy("评价"), accessor=lambda r: r.get_rating_display() or "—"
        ),
    ]
    list_filter = {"department": ["exact"], "rating": ["exact"]}
    ordering = ["-referred_at", "-id"]

    def get_queryset(self, request):
        return Referral.objects.filter(cancelled_at__isnull=True).select_related(
            "opinion", "department"
        )


# --- Statistics ----------------------------------------------------------------------------------


def statistics_context() -> dict:
    """转办 on the statistics page: overall, per department, per point (three grouped queries)."""
    from wagtail.models import Page

    by_department = rates_by("department_id")
    departments = dict(
        Department.objects.filter(pk__in=list(by_department)).values_list("pk", "name")
    )
    by_point = rates_by("opinion__point_id")
    points = dict(
        Page.objects.filter(pk__in=[pk for pk in by_point if pk]).values_list("pk", "title")
    )
    return {
        "referral_totals": rates(),
        "referrals_by_department": sorted(
            ((departments.get(pk, "—"), r) for pk, r in by_department.items()),
            key=lambda row: (-row[1].referred, row[0]),
        ),
        "referrals_by_point": sorted(
            ((points.get(pk) or _("未关联联系点"), r) for pk, r in by_point.items()),
            key=lambda row: (-row[1].referred, str(row[0])),
        ),
    }
