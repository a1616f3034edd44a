"""The life of one point's part in a consultation task (``TaskAssignment.state``), as an explicit
state machine: every change goes through ``transition()``, which refuses what the table does not
allow, so a view, the demo and a test can never put an assignment somewhere it cannot be.

    交办 (the office sends the task)          申办 (the point applies)
              │                                        │
              │                                   applied ──decline──▶ declined
              │                                        │ accept
              ▼                                        ▼
         not_started ──first step recorded──▶ in_progress ──report submitted──▶ reported
                                                     ▲                                  │
                                                     └── returned ◀──office sends back──┘
                                                          (re-submitted)

"Late" is not a state: it is read from the due date and when (or whether) the report came
(``is_late``), so that moving a due date moves lateness with it.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "ACTIVE",
    "OPEN",
    "STEPS",
    "AssignmentState",
    "Origin",
    "Step",
    "TransitionError",
    "allowed",
    "board_state",
    "is_late",
    "transition",
]


class Origin(models.TextChoices):
    ASSIGNED = "assigned", _("交办")
    APPLIED = "applied", _("申办")


class AssignmentState(models.TextChoices):
    APPLIED = "applied", _("申办待审")
    DECLINED = "declined", _("申办未通过")
    NOT_STARTED = "not_started", pgettext_lazy("task progress", "未开始")
    IN_PROGRESS = "in_progress", pgettext_lazy("task progress", "进行中")
    REPORTED = "reported", pgettext_lazy("task progress", "已报送")
    # 退回补充: the office sent the report back with a reason; the point edits and re-submits.
    RETURNED = "returned", _("退回补充")


class Step(models.TextChoices):
    """The five steps of a consultation (“发布公告—实地调研—座谈讨论—梳理汇总—反馈采纳”)."""

    NOTICE = "notice", _("发布公告")
    RESEARCH = "research", _("实地调研")
    DISCUSSION = "discussion", _("座谈讨论")
    SUMMARY = "summary", _("梳理汇总")
    FEEDBACK = "feedback", _("反馈采纳")


STEPS = list(Step)

S = AssignmentState
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.NOT_STARTED, S.DECLINED},
    S.DECLINED: set(),
    S.NOT_STARTED: {S.IN_PROGRESS},
    S.IN_PROGRESS: {S.REPORTED},
    S.REPORTED: {S.RETURNED},
    S.RETURNED: {S.REPORTED},
}
# Assignments a point is working on: they get reminders and count for the scorecard.
ACTIVE = frozenset({S.NOT_STARTED, S.IN_PROGRESS})
# Assignments that are the point's task (not an application still waiting or refused).
TAKEN = frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.REPORTED, S.RETURNED})
# Assignments the point may still record steps and a report for.
OPEN = frozenset({S.NOT_STARTED, S.IN_PROGRESS, S.RETURNED})


class TransitionError(ValueError):
    pass


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def transition(assignment, target: str) -> None:
    """Move ``assignment`` to ``target`` (not saved), or raise ``TransitionError``."""
    if not allowed(assignment.state, target):
        raise TransitionError(f"{assignment.state} → {target}")
    assignment.state = target


def is_late(state: str, due: date | None, reported_on: date | None, today: date) -> bool:
    """Late: reported after the due date, or not reported and the due date has passed."""
    if due is None or state not in TAKEN:
        return False
    if state == S.REPORTED:
        return reported_on is not None and reported_on > due
    return today > due


# The board's chips: the four states the office follows (申办 rows show as what they are).
BOARD_LATE = "late"


def board_state(state: str, late: bool) -> str:
    if late and state in ACTIVE:
        return BOARD_LATE
    return state
