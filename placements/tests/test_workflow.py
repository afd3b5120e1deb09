"""The consultation transition table, exhaustively."""

from __future__ import annotations

import pytest

from placements import workflow
from placements.models import ConsultationStatus as S
from sendcpp.exceptions import TransitionNotAllowed

ALLOWED = {
    (S.SENT, S.ANSWERED),
    (S.SENT, S.DECIDED),
    (S.SENT, S.WITHDRAWN),
    (S.ANSWERED, S.DECIDED),
    (S.ANSWERED, S.WITHDRAWN),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_transition_table(current, target):
    allowed = (current, target) in ALLOWED
    assert workflow.can_transition(current, target) is allowed
    if allowed:
        workflow.check_transition(current, target)
    else:
        with pytest.raises(TransitionNotAllowed):
            workflow.check_transition(current, target)


def test_open_and_terminal_states_come_from_the_table():
    assert {S.SENT, S.ANSWERED} == workflow.OPEN_STATUSES
    assert workflow.is_terminal(S.DECIDED)
    assert workflow.is_terminal(S.WITHDRAWN)
    assert not workflow.is_terminal(S.SENT)


def test_the_message_names_both_states():
    with pytest.raises(TransitionNotAllowed, match="“council has decided” cannot move to"):
        workflow.check_transition(S.DECIDED, S.ANSWERED)
