"""The transition tables of the partnership's processes (meetings, actions, plan versions) and
the one check every service makes before changing a status. Terminal states are those with no
outgoing moves."""

from __future__ import annotations

from collections.abc import Mapping

from partnerships.models import ActionStatus, MeetingStatus, PlanVersionStatus
from sendcpp.exceptions import TransitionNotAllowed

MEETING_TRANSITIONS: Mapping[str, frozenset[str]] = {
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}

ACTION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset({ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.CANCELLED: frozenset(),
}

PLAN_VERSION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    PlanVersionStatus.DRAFT: frozenset({PlanVersionStatus.APPROVED}),
    PlanVersionStatus.APPROVED: frozenset({PlanVersionStatus.PUBLISHED, PlanVersionStatus.DRAFT}),
    PlanVersionStatus.PUBLISHED: frozenset(),
}

_LABELS: Mapping[int, str] = {
    id(MEETING_TRANSITIONS): "meeting",
    id(ACTION_TRANSITIONS): "action",
    id(PLAN_VERSION_TRANSITIONS): "plan version",
}


def can_transition(table: Mapping[str, frozenset[str]], current: str, target: str) -> bool:
    return target in table.get(current, frozenset())


def check_transition(table: Mapping[str, frozenset[str]], current: str, target: str) -> None:
    """Raise TransitionNotAllowed unless ``table`` allows moving from ``current`` to ``target``."""
    if not can_transition(table, current, target):
        what = _LABELS.get(id(table), "record")
        raise TransitionNotAllowed(f"This {what} cannot move from {current} to {target}.")


def is_terminal(table: Mapping[str, frozenset[str]], status: str) -> bool:
    return not table.get(status)
