"""The assignment's state machine and lateness, without a database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from consultations.workflow import (
    BOARD_LATE,
    TransitionError,
    board_state,
    is_late,
    transition,
)
from consultations.workflow import (
    AssignmentState as S,
)

DUE = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.APPLIED, S.NOT_STARTED),
        (S.APPLIED, S.DECLINED),
        (S.NOT_STARTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.REPORTED),
    ],
)
def test_allowed_transitions(start, target):
    item = SimpleNamespace(state=start)
    transition(item, target)
    assert item.state == target


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.DECLINED, S.NOT_STARTED),
        (S.REPORTED, S.IN_PROGRESS),
        (S.APPLIED, S.REPORTED),
        (S.NOT_STARTED, S.REPORTED),  # a report goes through in_progress (reports.submit)
        (S.NOT_STARTED, S.DECLINED),
    ],
)
def test_refused_transitions(start, target):
    item = SimpleNamespace(state=start)
    with pytest.raises(TransitionError):
        transition(item, target)
    assert item.state == start


def test_lateness_reads_the_due_date_and_the_report():
    after = DUE + dt.timedelta(days=1)
    assert not is_late(S.IN_PROGRESS, DUE, None, DUE)  # due today: not late yet
    assert is_late(S.IN_PROGRESS, DUE, None, after)
    assert is_late(S.NOT_STARTED, DUE, None, after)
    assert not is_late(S.REPORTED, DUE, DUE, after)  # reported on the day: on time
    assert is_late(S.REPORTED, DUE, after, after)
    assert not is_late(S.APPLIED, DUE, None, after)  # an application is not a task yet
    assert not is_late(S.DECLINED, DUE, None, after)


def test_board_shows_late_only_for_work_not_reported():
    assert board_state(S.IN_PROGRESS, True) == BOARD_LATE
    assert board_state(S.NOT_STARTED, True) == BOARD_LATE
    assert board_state(S.REPORTED, True) == S.REPORTED
    assert board_state(S.IN_PROGRESS, False) == S.IN_PROGRESS
