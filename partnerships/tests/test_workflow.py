"""The transition tables, tested exhaustively: exactly the listed moves are allowed."""

from __future__ import annotations

import itertools

import pytest

from partnerships.models import ActionStatus, MeetingStatus, PlanVersionStatus
from partnerships.workflow import (
    ACTION_TRANSITIONS,
    MEETING_TRANSITIONS,
    PLAN_VERSION_TRANSITIONS,
    check_transition,
    is_terminal,
)
from sendcpp.exceptions import TransitionNotAllowed

ALLOWED = {
    "meeting": {("scheduled", "held"), ("scheduled", "cancelled")},
    "action": {("open", "done"), ("open", "cancelled"), ("done", "open")},
    "plan version": {("draft", "approved"), ("approved", "published"), ("approved", "draft")},
}
TABLES = {
    "meeting": (MEETING_TRANSITIONS, MeetingStatus),
    "action": (ACTION_TRANSITIONS, ActionStatus),
    "plan version": (PLAN_VERSION_TRANSITIONS, PlanVersionStatus),
}
CASES = [
    (name, current, target)
    for name, (_table, states) in TABLES.items()
    for current, target in itertools.product(states.values, repeat=2)
]


@pytest.mark.parametrize(
    ("name", "current", "target"), CASES, ids=[f"_case {n}: {c}->{t}" for n, c, t in CASES]
)
def test_exactly_the_listed_moves_are_allowed(name, current, target):
    table, _states = TABLES[name]
    if (current, target) in ALLOWED[name]:
        check_transition(table, current, target)
    else:
        with pytest.raises(TransitionNotAllowed, match=f"This {name} cannot move"):
            check_transition(table, current, target)


def test_terminal_states_come_from_the_tables():
    assert is_terminal(PLAN_VERSION_TRANSITIONS, PlanVersionStatus.PUBLISHED)
    assert is_terminal(MEETING_TRANSITIONS, MeetingStatus.HELD)
    assert is_terminal(ACTION_TRANSITIONS, ActionStatus.CANCELLED)
    assert not is_terminal(ACTION_TRANSITIONS, ActionStatus.DONE)
