"""Tasks for the scorecard (``lawbridge_point_indicators``): per point, over tasks due in the
period — how many it had, how many it reported by the due date, how many are or were late.
One query for all points."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.plugins import PointIndicator

from .models import ConsultationTask, TaskAssignment
from .workflow import TAKEN, AssignmentState, is_late

__all__ = ["task_indicators"]


def task_indicators(start, end) -> list[PointIndicator]:
    today = timezone.localdate()
    assigned: dict[int, int] = {}
    on_time: dict[int, int] = {}
    late: dict[int, int] = {}
    rows = (
        TaskAssignment.objects.filter(
            state__in=TAKEN,
            task__due_date__gte=start,
            task__due_date__lt=end,
        )
        .exclude(task__state=ConsultationTask.State.DRAFT)
        .values_list("point_id", "state", "reported_at", "task__due_date")
    )
    for point_id, state, reported_at, due in rows:
        assigned[point_id] = assigned.get(point_id, 0) + 1
        reported_on = timezone.localdate(reported_at) if reported_at else None
        if is_late(state, due, reported_on, today):
            late[point_id] = late.get(point_id, 0) + 1
        elif state == AssignmentState.REPORTED:
            on_time[point_id] = on_time.get(point_id, 0) + 1
    return [
        PointIndicator("tasks_assigned", _("承担征询任务"), _("项"), assigned),
        PointIndicator("tasks_reported_on_time", _("按时报送征询任务"), _("项"), on_time),
        PointIndicator("tasks_late", _("逾期征询任务"), _("项"), late),
    ]
