"""The journey's transition table, pinned to the statutory moves written out here (the shared
test in ``sendcpp/tests/test_workflow.py`` checks every (from, to) pair of stages)."""

from __future__ import annotations

import pytest

from ehcp.workflow import CASE, PLAN_IN_FORCE_STAGES
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


def test_exactly_the_moves_in_the_table_are_allowed():
    assert CASE.pairs == ALLOWED


def test_closed_is_the_only_terminal_stage():
    assert CASE.terminal == {Stage.CLOSED}


def test_groupings_are_derived_from_the_table():
    assert {Stage.PLAN_ISSUED, Stage.MAINTAINED, Stage.ANNUAL_REVIEW} == PLAN_IN_FORCE_STAGES


def test_a_refusal_names_both_stages():
    with pytest.raises(
        TransitionNotAllowed,
        match=r"^A case at “Plan ceased” cannot move to “Drafting the plan”\.$",
    ):
        CASE.check(Stage.CEASED, Stage.DRAFTING)


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="not a valid"):
        CASE.check("nowhere", Stage.CLOSED)
