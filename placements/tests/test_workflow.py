"""The consultation transition table, pinned to the moves written out here (the shared test in
``sendcpp/tests/test_workflow.py`` checks every (from, to) pair)."""

from __future__ import annotations

import pytest

from placements.models import ConsultationStatus as S
from placements.workflow import CONSULTATION
from sendcpp.exceptions import TransitionNotAllowed

ALLOWED = {
    (S.SENT, S.ANSWERED),
    (S.SENT, S.DECIDED),
    (S.SENT, S.WITHDRAWN),
    (S.ANSWERED, S.DECIDED),
    (S.ANSWERED, S.WITHDRAWN),
}


def test_exactly_the_listed_moves_are_allowed():
    assert CONSULTATION.pairs == ALLOWED


def test_open_and_terminal_states_come_from_the_table():
    assert {S.SENT, S.ANSWERED} == CONSULTATION.live
    assert {S.DECIDED, S.WITHDRAWN} == CONSULTATION.terminal


def test_the_message_names_both_states():
    with pytest.raises(
        TransitionNotAllowed,
        match=r"^A consultation at “Council has decided” cannot move to “Setting has answered”",
    ):
        CONSULTATION.check(S.DECIDED, S.ANSWERED)
