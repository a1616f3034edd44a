"""Sending a task to points (交办), a point applying for one (申办), the office deciding.

Points are chosen from ``core.plugins.point_directory()``, less those taken out of the network
(``withdrawn_points``: a 撤销 status) — every point, those of some types, of
some districts, or hand-picked — and resolved when the task is sent, so the assignments are the
points as they were then. Each function runs in one transaction; sending twice, or applying
twice, stores nothing twice (one assignment per task and point, a unique constraint)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.plugins import point_directory, withdrawn_points

from .models import ConsultationTask, TaskAssignment
from .notices import application_decided, application_received
from .workflow import AssignmentState, Origin, transition

__all__ = ["ApplyRefused", "apply", "can_apply", "chosen_points", "decide", "network", "send"]

MODES = ("all", "type", "district", "points")


def network() -> list:
    """The points tasks may go to: the directory without those taken out of the network (撤销)."""
    withdrawn = withdrawn_points()
    return [p for p in point_directory() if p.id not in withdrawn]


def chosen_points(scope: dict, directory=None) -> list[int]:
    """Point ids the scope names, among the points in the network (``network``)."""
    directory = network() if directory is None else directory
    mode = scope.get("mode", "points")
    values = {str(v) for v in scope.get("values", [])}
    if mode == "all":
        return [p.id for p in directory]
    if mode == "type":
        return [p.id for p in directory if p.point_type in values]
    if mode == "district":
        return [p.id for p in directory if p.district in values]
    return [p.id for p in directory if str(p.id) in values]


@transaction.atomic
def send(task: ConsultationTask, user=None) -> int:
    """Send the task to the points of its scope; returns how many points were newly assigned.
    Points that already applied keep their application (the office decides it)."""
    task = ConsultationTask.objects.select_for_update().get(pk=task.pk)
    existing = set(task.assignments.values_list("point_id", flat=True))
    new = [pk for pk in chosen_points(task.scope) if pk not in existing]
    TaskAssignment.objects.bulk_create(
        [
            TaskAssignment(
                task=task,
                point_id=pk,
                origin=Origin.ASSIGNED,
                state=AssignmentState.NOT_STARTED,
            )
            for pk in new
        ],
        ignore_conflicts=True,
    )
    if task.state == ConsultationTask.State.DRAFT:
        task.state = ConsultationTask.State.SENT
        task.sent_at = timezone.now()
        task.save(update_fields=["state", "sent_at"])
    return len(new)


class ApplyRefused(Exception):
    pass


def can_apply(task: ConsultationTask, today=None) -> bool:
    today = today or timezone.localdate()
    return (
        task.state == ConsultationTask.State.SENT
        and task.open_for_applications
        and task.due_date >= today
    )


def apply(task: ConsultationTask, point_id: int, note: str = "") -> TaskAssignment:
    """申办: the point asks to take the task. Refused when the task is not open to applications
    or the point already has it (or applied)."""
    if not can_apply(task) or point_id in withdrawn_points():
        raise ApplyRefused
    try:
        with transaction.atomic():
            assignment = TaskAssignment.objects.create(
                task=task,
                point_id=point_id,
                origin=Origin.APPLIED,
                state=AssignmentState.APPLIED,
                applied_note=note[:1000],
            )
            transaction.on_commit(lambda: application_received(assignment))
            return assignment
    except IntegrityError as exc:
        raise ApplyRefused from exc


@transaction.atomic
def decide(assignment: TaskAssignment, accept: bool, user=None, reason: str = "") -> None:
    """The office accepts (the point then works on it like an assigned one) or declines, with
    the reason the point will read."""
    assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    transition(assignment, AssignmentState.NOT_STARTED if accept else AssignmentState.DECLINED)
    assignment.decline_reason = "" if accept else reason[:1000]
    assignment.decided_by = user
    assignment.decided_at = timezone.now()
    assignment.save(update_fields=["state", "decline_reason", "decided_by", "decided_at"])
    transaction.on_commit(lambda: application_decided(assignment))
