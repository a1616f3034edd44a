"""The office's board: tasks × points, each cell a chip (未开始 / 进行中 / 已报送 / 退回补充 / 逾期,
or an application waiting), with filters. Four queries whatever the number of points or tasks:
the tasks, their assignments, the point directory and the points withdrawn (撤销), one each in
their providers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from core.plugins import PointSummary, point_directory, withdrawn_points

from .models import ConsultationTask, TaskAssignment
from .workflow import BOARD_LATE, AssignmentState, board_state, is_late

__all__ = ["Board", "CHIP_STATES", "build_board"]

S = AssignmentState
# The chips the office filters by, in the order shown.
CHIP_STATES = [S.NOT_STARTED, S.IN_PROGRESS, S.REPORTED, S.RETURNED, BOARD_LATE, S.APPLIED]


@dataclass
class Board:
    tasks: list
    points: list[PointSummary]
    cells: dict = field(default_factory=dict)  # (task id, point id) -> (chip, assignment id)
    totals: dict = field(default_factory=dict)  # task id -> {chip: count}
    types: list = field(default_factory=list)
    districts: list = field(default_factory=list)

    def rows(self):
        """Per point: the point and its cell for every task (None: not part of it)."""
        for point in self.points:
            yield point, [self.cells.get((task.pk, point.id)) for task in self.tasks]


def build_board(task_state="", point_type="", district="", chip="") -> Board:
    tasks = ConsultationTask.objects.exclude(state=ConsultationTask.State.DRAFT)
    if task_state in (ConsultationTask.State.SENT, ConsultationTask.State.CLOSED):
        tasks = tasks.filter(state=task_state)
    tasks = list(tasks.order_by("due_date", "pk")[:50])
    # A point taken out of the network (撤销) is not followed any more, nor counted in totals.
    withdrawn = withdrawn_points()
    directory = [p for p in point_directory() if p.id not in withdrawn]
    types = sorted({(p.point_type, p.point_type_label) for p in directory})
    districts = sorted({p.district for p in directory if p.district})
    points = [
        p
        for p in directory
        if (not point_type or p.point_type == point_type)
        and (not district or p.district == district)
    ]
    today = timezone.localdate()
    due = {task.pk: task.due_date for task in tasks}
    board = Board(tasks=tasks, points=points, types=types, districts=districts)
    wanted = {p.id for p in points}
    rows = (
        TaskAssignment.objects.filter(task__in=[t.pk for t in tasks])
        .exclude(state=S.DECLINED)
        .values_list("pk", "task_id", "point_id", "state", "reported_at")
    )
    for pk, task_id, point_id, state, reported_at in rows:
        if point_id in withdrawn:
            continue
        reported_on = timezone.localdate(reported_at) if reported_at else None
        late = is_late(state, due[task_id], reported_on, today)
        cell_chip = board_state(state, late)
        counts = board.totals.setdefault(task_id, {})
        counts[cell_chip] = counts.get(cell_chip, 0) + 1
        if point_id in wanted:
            board.cells[(task_id, point_id)] = (cell_chip, pk, late)
    if chip:
        keep = {pid for (_t, pid), cell in board.cells.items() if cell[0] == chip}
        board.points = [p for p in board.points if p.id in keep]
    return board
