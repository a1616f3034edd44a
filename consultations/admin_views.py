"""Admin screens for consultation tasks.

The office (``manage_tasks``): the task list, a task's form and its points, 申办 decisions and the
board. A point's staff (``act_on_tasks``): their points' tasks, 申办, the five steps with
evidence, the report. Another point's ids are a 404 (``access.assignment_for``). Evidence files
and reports are private files served here, after the same check."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.plugins import withdrawn_points

from . import access, sending
from .admin_forms import ApplyForm, DecideForm, ReportForm, SendBackForm, StepForm, TaskForm
from .board import CHIP_STATES, build_board
from .evidence import activities_for, credited
from .models import ConsultationTask, StepAttachment, StepRecord, TaskAssignment
from .reports import ReportRefused, report_for, send_back, submit
from .workflow import (
    BOARD_LATE,
    OPEN,
    STEPS,
    AssignmentState,
    Step,
    TransitionError,
    transition,
)

S = AssignmentState


def _chip_labels():
    # Translated per request (the labels above are read in the language active at import).
    return {
        # A context of their own: other apps' catalogues say 已报送 "Sent", 未开始 "Not yet".
        S.NOT_STARTED: pgettext("task progress", "未开始"),
        S.IN_PROGRESS: pgettext("task progress", "进行中"),
        S.REPORTED: pgettext("task progress", "已报送"),
        BOARD_LATE: _("逾期"),
        S.APPLIED: _("申办待审"),
        S.RETURNED: _("退回补充"),
    }


def _manage(request):
    if not access.can_manage(request.user):
        raise PermissionDenied


def _open(item) -> bool:
    """Whether the point may still record and report: its part is under way and the office
    has not closed the task."""
    return item.state in OPEN and item.task.state == ConsultationTask.State.SENT


def _task(pk) -> ConsultationTask:
    return get_object_or_404(ConsultationTask, pk=pk)


def index(request):
    manage = access.can_manage(request.user)
    act = access.can_act(request.user)
    if not (manage or act):
        raise PermissionDenied
    context = {"page_title": _("征询任务"), "manage": manage, "act": act}
    today = timezone.localdate()
    if manage:
        tasks = list(ConsultationTask.objects.order_by("state", "-due_date", "-pk")[:200])
        counts: dict = {}
        for task_id, state, due in TaskAssignment.objects.filter(
            task__in=[t.pk for t in tasks]
        ).values_list("task_id", "state", "task__due_date"):
            row = counts.setdefault(task_id, {"points": 0, "reported": 0, "late": 0, "applied": 0})
            if state == S.APPLIED:
                row["applied"] += 1
                continue
            if state == S.DECLINED:
                continue
            row["points"] += 1
            row["reported"] += state == S.REPORTED
            row["late"] += state != S.REPORTED and today > due
        context["tasks"] = [(t, counts.get(t.pk, {})) for t in tasks]
    if act:
        points = access.my_points(request.user)
        ids = [p.pk for p in points]
        mine = list(
            TaskAssignment.objects.filter(point_id__in=ids)
            .exclude(task__state=ConsultationTask.State.DRAFT)
            .select_related("task", "point")
            .order_by("task__due_date", "pk")
        )
        labels = _chip_labels()
        context["mine"] = [
            (a, a.board_state(today), labels.get(a.board_state(today), a.get_state_display()))
            for a in mine
        ]
        taken = {(a.task_id, a.point_id) for a in mine}
        # A point taken out of the network (撤销) keeps its record but takes no new task.
        withdrawn = withdrawn_points()
        points = [p for p in points if p.pk not in withdrawn]
        open_tasks = ConsultationTask.objects.filter(
            state=ConsultationTask.State.SENT, open_for_applications=True, due_date__gte=today
        ).order_by("due_date")
        context["open_tasks"] = [
            (task, [p for p in points if (task.pk, p.pk) not in taken])
            for task in open_tasks
            if any((task.pk, p.pk) not in taken for p in points)
        ]
    return TemplateResponse(request, "consultations/admin/index.html", context)


def task_form(request, pk=None):
    _manage(request)
    task = _task(pk) if pk else None
    if task is not None and task.state == ConsultationTask.State.CLOSED:
        messages.error(request, _("任务已结束，不能再修改。"))
        return redirect("consultations_task", task.pk)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        if task.created_by_id is None:
            task.created_by = request.user
        task.save()
        if request.POST.get("action") == "send":
            added = sending.send(task, request.user)
            messages.success(request, _("已交办给 %(n)s 个联系点。") % {"n": added})
        else:
            messages.success(request, _("任务已保存。"))
        return redirect("consultations_task", task.pk)
    title = _("修改征询任务") if task else _("新建征询任务")
    return TemplateResponse(
        request,
        "consultations/admin/task_form.html",
        {"form": form, "task": task, "page_title": title},
    )


def task_detail(request, pk):
    _manage(request)
    task = _task(pk)
    today = timezone.localdate()
    assignments = list(task.assignments.select_related("point").order_by("state", "point__title"))
    labels = _chip_labels()
    rows = [
        (a, labels.get(a.board_state(today), a.get_state_display()), a.board_state(today))
        for a in assignments
    ]
    return TemplateResponse(
        request,
        "consultations/admin/task.html",
        {
            "task": task,
            "rows": rows,
            "applications": [a for a in assignments if a.state == S.APPLIED],
            "decide_form": DecideForm(),
            "page_title": task.title,
        },
    )


@require_POST
def task_send(request, pk):
    _manage(request)
    task = _task(pk)
    if task.state == ConsultationTask.State.CLOSED:
        raise Http404
    added = sending.send(task, request.user)
    messages.success(request, _("已交办给 %(n)s 个联系点。") % {"n": added})
    return redirect("consultations_task", task.pk)


@require_POST
def task_close(request, pk):
    _manage(request)
    task = _task(pk)
    task.state = ConsultationTask.State.CLOSED
    task.save(update_fields=["state"])
    messages.success(request, _("任务已结束。"))
    return redirect("consultations_task", task.pk)


@require_POST
def decide(request, pk):
    _manage(request)
    assignment = get_object_or_404(TaskAssignment, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("consultations_task", assignment.task_id)
    try:
        sending.decide(
            assignment,
            form.cleaned_data["decision"] == "accept",
            request.user,
            form.cleaned_data["reason"],
        )
    except TransitionError:
        messages.error(request, _("这项申办已经处理过了。"))
    else:
        messages.success(request, _("已处理申办。"))
    return redirect("consultations_task", assignment.task_id)


@require_POST
def apply(request, pk):
    if not access.can_act(request.user):
        raise PermissionDenied
    task = _task(pk)
    points = access.my_points(request.user)
    form = ApplyForm(request.POST, points=points)
    if not form.is_valid():
        messages.error(request, _("请选择申办的联系点。"))
        return redirect("consultations_index")
    try:
        sending.apply(task, form.cleaned_data["point"], form.cleaned_data["note"])
    except sending.ApplyRefused:
        messages.error(request, _("这项任务现在不能申办，或贵联系点已经承担或申办过。"))
    else:
        messages.success(request, _("已提交申办，请等待法工委审核。"))
    return redirect("consultations_index")


def board(request):
    _manage(request)
    get = request.GET
    task_state = get.get("state", "")[:10]
    point_type = get.get("type", "")[:40]
    district = get.get("district", "")[:60]
    chip = get.get("chip", "")[:20]
    if chip not in CHIP_STATES:
        chip = ""
    result = build_board(task_state, point_type, district, chip)
    labels = _chip_labels()
    return TemplateResponse(
        request,
        "consultations/admin/board.html",
        {
            "board": result,
            "rows": list(result.rows()),
            "chips": [(c, labels[c]) for c in CHIP_STATES],
            "labels": labels,
            "selected": {
                "state": task_state,
                "type": point_type,
                "district": district,
                "chip": chip,
            },
            "page_title": _("征询任务看板"),
        },
    )


def assignment(request, pk):
    return _assignment_page(request, access.assignment_for(request.user, pk))


def _assignment_page(request, item, send_back_form=None):
    mine = item.point_id in access.my_point_ids(request.user)
    steps = {s.step: s for s in item.steps.prefetch_related("attachments")}
    activities = {a.id: a for a in activities_for(item)} if steps else {}
    today = timezone.localdate()
    report = getattr(item, "report", None)
    return TemplateResponse(
        request,
        "consultations/admin/assignment.html",
        {
            "item": item,
            "task": item.task,
            "mine": mine,
            "editable": mine and _open(item),
            "steps": [
                (
                    step,
                    steps.get(step.value),
                    [
                        activities[i]
                        for i in (steps[step.value].event_ids if step.value in steps else [])
                        if i in activities
                    ],
                )
                for step in STEPS
            ],  # fmt: skip
            "credited": credited(item),
            "chip": item.board_state(today),
            "chip_label": _chip_labels().get(item.board_state(today), item.get_state_display()),
            "report": report,
            "returns": list(item.returns.select_related("returned_by")),
            # The office may send a submitted report back while the task runs.
            "send_back_form": (
                send_back_form or SendBackForm()
                if access.can_manage(request.user)
                and item.state == S.REPORTED
                and item.task.state == ConsultationTask.State.SENT
                else None
            ),
            "page_title": f"{item.task.title} · {item.point.title}",
        },
    )


@require_POST
def send_back_view(request, pk):
    """退回补充: the office returns a submitted report with a reason the point will read."""
    _manage(request)
    item = access.assignment_for(request.user, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        # The page again with the reason typed, and what is wrong with it.
        return _assignment_page(request, item, form)
    try:
        send_back(item, form.cleaned_data["reason"], request.user)
    except ReportRefused:
        messages.error(request, _("这份报告现在不能退回：尚未报送、已经退回或任务已结束。"))
    else:
        messages.success(request, _("已退回联系点补充，对方会收到通知。"))
    return redirect("consultations_assignment", item.pk)


def step_form(request, pk, step):
    item = access.assignment_for(request.user, pk, act=True)
    if step not in Step.values:
        raise Http404
    if not _open(item):
        messages.error(request, _("任务已报送、已结束或未获同意，不能再记录。"))
        return redirect("consultations_assignment", item.pk)
    record = StepRecord.objects.filter(assignment=item, step=step).first() or StepRecord(
        assignment=item, step=step, date=timezone.localdate()
    )
    existing = record.attachments.count() if record.pk else 0
    form = StepForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        activities=activities_for(item),
        existing_files=existing,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = TaskAssignment.objects.select_for_update().get(pk=item.pk)
            record = form.save(commit=False)
            record.event_ids = form.cleaned_data["activities"]
            record.recorded_by = request.user
            record.recorded_at = timezone.now()
            record.save()
            for upload, mime in form.cleaned_data["files"]:
                StepAttachment.objects.create(
                    step=record,
                    file=upload,
                    name=(upload.name or "file")[:255],
                    mime=mime,
                    size=upload.size,
                    uploaded_by=request.user,
                )
            if locked.state == S.NOT_STARTED:
                transition(locked, S.IN_PROGRESS)
                locked.save(update_fields=["state"])
        messages.success(request, _("已记录“%(step)s”。") % {"step": Step(step).label})
        return redirect("consultations_assignment", item.pk)
    return TemplateResponse(
        request,
        "consultations/admin/step_form.html",
        {
            "item": item,
            "form": form,
            "record": record,
            "step_label": Step(step).label,
            "page_title": f"{Step(step).label} · {item.task.title}",
        },
    )


def attachment(request, pk):
    file = get_object_or_404(StepAttachment.objects.select_related("step"), pk=pk)
    access.assignment_for(request.user, file.step.assignment_id)
    content_type = file.mime or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(file.file.open("rb"), content_type=content_type)
    # Downloaded, never shown in the admin's origin: an uploaded file is not trusted as a page.
    response["Content-Disposition"] = _attachment_header(file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment_header(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"file\"; filename*=UTF-8''{quote(name)}"


@require_POST
def attachment_delete(request, pk):
    file = get_object_or_404(StepAttachment.objects.select_related("step"), pk=pk)
    item = access.assignment_for(request.user, file.step.assignment_id, act=True)
    if not _open(item):
        raise Http404
    file.file.delete(save=False)
    file.delete()
    messages.success(request, _("已删除文件。"))
    return redirect("consultations_step", item.pk, file.step.step)


def report_form(request, pk):
    item = access.assignment_for(request.user, pk, act=True)
    if not _open(item):
        return redirect("consultations_assignment", item.pk)
    report = report_for(item)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        if request.POST.get("action") == "submit":
            try:
                submit(report, request.user)
            except ReportRefused:
                messages.error(request, _("这项任务已经报送过了。"))
            else:
                messages.success(request, _("汇总报告已报送法工委。"))
            return redirect("consultations_assignment", item.pk)
        report.save()
        messages.success(request, _("报告已保存，尚未报送。"))
        return redirect("consultations_report", item.pk)
    return TemplateResponse(
        request,
        "consultations/admin/report_form.html",
        {
            "item": item,
            "form": form,
            "page_title": _("汇总报告：%(task)s") % {"task": item.task.title},
        },
    )


def report_download(request, pk):
    from .report_docx import report_docx

    item = access.assignment_for(request.user, pk)
    report = getattr(item, "report", None)
    if report is not None and report.submitted_at and report.docx:
        content = report.docx.open("rb").read()
    else:
        report = report_for(item)
        content = report_docx(report)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = _attachment_header(f"汇总报告-{item.point.title}.docx")
    response["Cache-Control"] = "private, no-store"
    return response


def menu_url() -> str:
    return reverse("consultations_index")
