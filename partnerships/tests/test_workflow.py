"""The partnership's transition tables, pinned to the moves written out here (the shared test in
``sendcpp/tests/test_workflow.py`` checks every (from, to) pair of every table)."""

from __future__ import annotations

import pytest

from partnerships.models import BoardActionStatus, MeetingStatus, PlanVersionStatus
from partnerships.workflow import ACTION, MEETING, PLAN_VERSION
from sendcpp.exceptions import TransitionNotAllowed

M, A, V = MeetingStatus, BoardActionStatus, PlanVersionStatus


@pytest.mark.parametrize(
    ("flow", "allowed", "terminal"),
    [
        (MEETING, {(M.SCHEDULED, M.HELD), (M.SCHEDULED, M.CANCELLED)}, {M.HELD, M.CANCELLED}),
        (
            ACTION,
            {(A.OPEN, A.DONE), (A.OPEN, A.CANCELLED), (A.DONE, A.OPEN)},
            {A.CANCELLED},
        ),
        (
            PLAN_VERSION,
            {(V.DRAFT, V.APPROVED), (V.APPROVED, V.PUBLISHED), (V.APPROVED, V.DRAFT)},
            {V.PUBLISHED},
        ),
    ],
    ids=["meeting", "action", "plan version"],
)
def test_exactly_the_listed_moves_are_allowed(flow, allowed, terminal):
    assert flow.pairs == allowed
    assert flow.terminal == terminal


def test_a_refusal_names_both_states():
    with pytest.raises(
        TransitionNotAllowed, match=r"^A board meeting at “Held” cannot move to “Cancelled”\.$"
    ):
        MEETING.check(M.HELD, M.CANCELLED)
