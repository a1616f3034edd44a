"""The demo's consultation tasks from ``demo_data/tasks.toml``: every state the office follows —
sent and reported (with its Word report), in progress, not started, late, a 申办 accepted, one
declined, one waiting, and a task not yet sent. Points and drafts are found by page role and slug;
nothing is created twice (a task is looked up by its title)."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from
from core.plugins import DRAFT_PAGE, POINT_PAGE, page_models_for

from .evidence import activities_for
from .models import ConsultationTask, StepRecord, TaskAssignment
from .reports import report_for, send_back, submit
from .sending import send
from .workflow import AssignmentState, Origin

DATA = DemoData(__file__)
S = AssignmentState


def _pages(role: str) -> dict[str, Page]:
    models = page_models_for(role)
    if not models:
        return {}
    pages = Page.objects.type(*models).filter(locale__language_code="zh-hans")
    return {page.slug: page for page in pages}


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def load_tasks_demo(demo) -> None:
    data = DATA.toml("tasks.toml")
    points = _pages(POINT_PAGE)
    drafts = _pages(DRAFT_PAGE)
    if not points:
        demo.log("consultations: no liaison points, no tasks")
        return
    today = timezone.localdate()
    for spec in data["task"]:
        if ConsultationTask.objects.filter(title=spec["title"]).exists():
            continue
        with transaction.atomic():
            _task(demo, spec, points, drafts, today)


def _task(demo, spec, points, drafts, today) -> None:
    draft = drafts.get(spec.get("draft", ""))
    kind = spec["kind"] if spec["kind"] != "draft" or draft else ConsultationTask.Kind.TOPIC
    scope = dict(spec["scope"])
    if scope["mode"] == "points":
        scope["values"] = [str(points[s].pk) for s in scope["values"] if s in points]
    task = ConsultationTask.objects.create(
        title=spec["title"],
        kind=kind,
        target_page=draft,
        topic=spec.get("topic", "" if draft else spec["title"]),
        description=spec["description"],
        outputs=spec["outputs"],
        due_date=days_from(today, spec["due"]),
        open_for_applications=spec["open_for_applications"],
        scope=scope,
        created_at=_moment(days_from(today, spec.get("sent", -1)) if "sent" in spec else today),
    )
    if "sent" not in spec:
        demo.log(f"consultations: task “{task.title}” kept as a draft")
        return
    send(task)
    task.sent_at = _moment(days_from(today, spec["sent"]))
    task.save(update_fields=["sent_at"])
    for point_spec in spec.get("point", []):
        point = points.get(point_spec["slug"])
        if point is not None:
            _point(task, point, point_spec, today)
    demo.log(f"consultations: task “{task.title}” sent to {task.assignments.count()} points")


def _point(task, point, spec, today) -> None:
    state = spec["state"]
    assignment = TaskAssignment.objects.filter(task=task, point=point).first()
    if state in ("applied", "accepted", "declined"):
        assignment = assignment or TaskAssignment(task=task, point=point)
        assignment.origin = Origin.APPLIED
        assignment.applied_note = spec.get("note", "")
        assignment.state = {
            "applied": S.APPLIED,
            "accepted": S.NOT_STARTED,
            "declined": S.DECLINED,
        }[state]
        assignment.decline_reason = spec.get("reason", "")
        if state != "applied":
            assignment.decided_at = timezone.now()
        assignment.save()
        return
    if assignment is None:
        return
    events = activities_for(assignment)
    for step in spec.get("step", []):
        StepRecord.objects.create(
            assignment=assignment,
            step=step["step"],
            date=days_from(today, step["date"]),
            participants=step.get("participants") or None,
            note=step["note"],
            event_ids=[events[0].id] if step.get("event") and events else [],
        )
    if spec.get("step"):
        assignment.state = S.IN_PROGRESS
        assignment.save(update_fields=["state"])
    if state in ("reported", "returned"):
        submit(report_for(assignment), None)
    if state == "returned":
        send_back(assignment, spec["reason"])
        if "reported" in spec:
            moment = _moment(days_from(today, spec["reported"]))
            TaskAssignment.objects.filter(pk=assignment.pk).update(reported_at=moment)
            assignment.report.__class__.objects.filter(assignment=assignment).update(
                submitted_at=moment
            )
