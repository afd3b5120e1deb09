"""The journey's transition table, exhaustively: every (from, to) pair of stages, and exactly the
moves in the table are allowed."""

from __future__ import annotations

import itertools

import pytest

from ehcp.workflow import (
    CLOSABLE_STAGES,
    PLAN_IN_FORCE_STAGES,
    TRANSITIONS,
    can_transition,
    check_transition,
    is_terminal,
)
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.models import Stage

ALLOWED = {
    (Stage.REQUEST, Stage.ASSESSMENT),
    (Stage.REQUEST, Stage.NOT_ASSESSED),
    (Stage.REQUEST, Stage.CLOSED),
    (Stage.ASSESSMENT, Stage.DRAFTING),
    (Stage.ASSESSMENT, Stage.NOT_ISSUED),
    (Stage.ASSESSMENT, Stage.MAINTAINED),
    (Stage.ASSESSMENT, Stage.CLOSED),
    (Stage.DRAFTING, Stage.DRAFT_ISSUED),
    (Stage.DRAFTING, Stage.CLOSED),
    (Stage.DRAFT_ISSUED, Stage.CONSULTATION),
    (Stage.DRAFT_ISSUED, Stage.PLAN_ISSUED),
    (Stage.DRAFT_ISSUED, Stage.CLOSED),
    (Stage.CONSULTATION, Stage.PLAN_ISSUED),
    (Stage.CONSULTATION, Stage.CLOSED),
    (Stage.PLAN_ISSUED, Stage.ANNUAL_REVIEW),
    (Stage.PLAN_ISSUED, Stage.ASSESSMENT),
    (Stage.PLAN_ISSUED, Stage.CEASED),
    (Stage.MAINTAINED, Stage.ANNUAL_REVIEW),
    (Stage.MAINTAINED, Stage.ASSESSMENT),
    (Stage.MAINTAINED, Stage.CEASED),
    (Stage.ANNUAL_REVIEW, Stage.MAINTAINED),
    (Stage.ANNUAL_REVIEW, Stage.PLAN_ISSUED),
    (Stage.ANNUAL_REVIEW, Stage.CEASED),
    (Stage.NOT_ASSESSED, Stage.ASSESSMENT),
    (Stage.NOT_ASSESSED, Stage.CLOSED),
    (Stage.NOT_ISSUED, Stage.DRAFTING),
    (Stage.NOT_ISSUED, Stage.CLOSED),
    (Stage.CEASED, Stage.MAINTAINED),
    (Stage.CEASED, Stage.CLOSED),
}

PAIRS = list(itertools.product(Stage, Stage))


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_exactly_the_moves_in_the_table_are_allowed(current, target):
    allowed = (current, target) in ALLOWED
    assert can_transition(current, target) is allowed
    if allowed:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionNotAllowed, match="cannot move to"):
            check_transition(current, target)


def test_the_table_covers_every_stage():
    assert set(TRANSITIONS) == set(Stage)


def test_closed_is_the_only_terminal_stage():
    assert [stage for stage in Stage if is_terminal(stage)] == [Stage.CLOSED]


def test_groupings_are_derived_from_the_table():
    assert {Stage.PLAN_ISSUED, Stage.MAINTAINED, Stage.ANNUAL_REVIEW} == PLAN_IN_FORCE_STAGES
    assert Stage.REQUEST in CLOSABLE_STAGES
    assert Stage.PLAN_ISSUED not in CLOSABLE_STAGES


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="not a valid"):
        check_transition("nowhere", Stage.CLOSED)
