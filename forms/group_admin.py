"""Admin screens for near-duplicate grouping: start a run for a draft, follow its progress,
and correct a group by hand (remove members, split, merge). The work itself is in ``grouping``.

Who may do this: whoever may change opinions (意见办理员). The run status page refreshes itself
with a plain ``<meta http-equiv="refresh">`` while the run is going: no script needed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from core.params import bounded_int

from . import grouping
from .admin_views import HANDLE_PERMISSION, _require, commentable_pages
from .models import GroupingRun, OpinionGroup

REFRESH_SECONDS = 3


def start_url(page_id=None) -> str:
    url = reverse("wagtailsnippets_forms_opiniongroup:regroup")
    return f"{url}?{urlencode({'page': page_id})}" if page_id else url


def start_button(request, page_id=None):
    """The header button on the group list and on the opinion list filtered to one draft."""
    if not request.user.has_perm(HANDLE_PERMISSION):
        return None
    return HeaderButton(_("查找相似意见"), url=start_url(page_id), icon_name="group")


class StartForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("草案/征集"),
        queryset=Page.objects.none(),
        error_messages={
            "required": gettext_lazy("请选择一份草案或征集。"),
            "invalid_choice": gettext_lazy("请选择一份草案或征集。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = commentable_pages()


def start_view(request):
    """GET: choose the draft (preselected from ``?page=``); POST: queue the run, show its page."""
    _require(request, HANDLE_PERMISSION)
    if request.method == "POST":
        # Parsed first: a NUL byte or a 30-digit id would reach the query as typed.
        form = StartForm({"page": bounded_int(request.POST.get("page")) or ""})
        if form.is_valid():
            run, started = grouping.start_run(form.cleaned_data["page"], request.user)
            if not started:
                messages.info(request, _("这份草案的相似意见查找已在进行中。"))
            return redirect("wagtailsnippets_forms_opiniongroup:run", pk=run.pk)
    else:
        page_id = bounded_int(request.GET.get("page"))
        form = StartForm(initial={"page": page_id} if page_id else None)
    return TemplateResponse(
        request,
        "forms/admin/grouping_start.html",
        {
            "page_title": _("查找相似意见"),
            "form": form,
            "runs": GroupingRun.objects.select_related("started_by")[:20],
        },
    )


def run_view(request, pk):
    _require(request, HANDLE_PERMISSION)
    run = get_object_or_404(GroupingRun, pk=pk)
    groups_url = reverse("wagtailsnippets_forms_opiniongroup:list")
    if run.page_id:
        groups_url += "?" + urlencode({"page": run.page_id})
    return TemplateResponse(
        request,
        "forms/admin/grouping_run.html",
        {
            "page_title": _("相似意见查找"),
            "run": run,
            "refresh": REFRESH_SECONDS if run.is_active else None,
            "groups_url": groups_url,
            "again_url": start_url(run.page_id),
        },
    )


class MembersForm(forms.Form):
    opinion = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].choices = [
            (pk, pk) for pk in group.members.values_list("pk", flat=True)
        ]
        self.fields["opinion"].error_messages["invalid_choice"] = _(
            "所选意见不全在本组中，请刷新页面后重选。"
        )


@require_POST
def members_view(request, pk):
    """The member table's two buttons: 移出本组 (``action=remove``) and 拆分为新组 (``split``)."""
    _require(request, HANDLE_PERMISSION)
    group = get_object_or_404(OpinionGroup, pk=pk)
    back = reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[pk])
    form = MembersForm(request.POST, group=group)
    action = request.POST.get("action")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("opinion", [])))
        return redirect(back)
    ids = form.cleaned_data["opinion"]
    try:
        if action == "remove":
            removed = grouping.remove_members(group, ids, user=request.user)
            messages.success(
                request,
                _("已将 %(n)s 条意见移出本组：%(codes)s")
                % {"n": len(removed), "codes": "、".join(o.receipt_code for o in removed)},
            )
        elif action == "split":
            new = grouping.split_group(group, ids, user=request.user)
            messages.success(
                request, _("已拆分为新组 #%(id)s（%(n)s 条）。") % {"id": new.pk, "n": new.size}
            )
        else:
            messages.error(request, _("未知操作。"))
    except grouping.GroupingError as exc:
        messages.error(request, str(exc))
    return redirect(back)


class MergeForm(forms.Form):
    other = forms.IntegerField(
        label=gettext_lazy("要并入本组的组编号"),
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": gettext_lazy("请填写组编号（数字）。"),
            "required": gettext_lazy("请填写组编号（数字）。"),
            "min_value": gettext_lazy("请填写组编号（数字）。"),
            "max_value": gettext_lazy("请填写组编号（数字）。"),
        },
    )


@require_POST
def merge_view(request, pk):
    _require(request, HANDLE_PERMISSION)
    group = get_object_or_404(OpinionGroup, pk=pk)
    back = reverse("wagtailsnippets_forms_opiniongroup:inspect", args=[pk])
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("other", [])))
        return redirect(back)
    other = form.cleaned_data["other"]
    try:
        grouping.merge_groups(group, other, user=request.user)
    except grouping.GroupingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已将组 #%(other)s 并入本组。") % {"other": other})
    return redirect(back)


def adjustments(group):
    """The group's corrections by hand, newest first, for its inspect page."""
    from wagtail.models import ModelLogEntry

    actions = (grouping.REMOVE_ACTION, grouping.SPLIT_ACTION, grouping.MERGE_ACTION)
    return (
        ModelLogEntry.objects.for_instance(group)
        .filter(action__in=actions)
        .select_related("user")
        .order_by("-timestamp")[:50]
    )


@hooks.register("register_log_actions")
def register_grouping_log_actions(actions):
    lazy = gettext_lazy
    actions.register_action(grouping.REMOVE_ACTION, lazy("移出成员"), lazy("意见已移出相似意见组"))
    actions.register_action(grouping.SPLIT_ACTION, lazy("拆分"), lazy("相似意见组已拆分"))
    actions.register_action(grouping.MERGE_ACTION, lazy("合并"), lazy("相似意见组已合并"))
