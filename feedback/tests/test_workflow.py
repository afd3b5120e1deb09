"""Feedback's transition tables, pinned to the moves written out here (the shared test in
``sendcpp/tests/test_workflow.py`` checks every (from, to) pair of every table)."""

from __future__ import annotations

import pytest

from feedback.models import InvitationStatus, QuestionnaireStatus
from feedback.workflow import INVITATION, QUESTIONNAIRE
from sendcpp.exceptions import TransitionNotAllowed

Q, I = QuestionnaireStatus, InvitationStatus  # noqa: E741


@pytest.mark.parametrize(
    ("flow", "allowed", "terminal"),
    [
        (QUESTIONNAIRE, {(Q.DRAFT, Q.PUBLISHED), (Q.PUBLISHED, Q.RETIRED)}, {Q.RETIRED}),
        (
            INVITATION,
            {(I.SENT, I.ANSWERED), (I.SENT, I.DECLINED), (I.SENT, I.EXPIRED)},
            {I.ANSWERED, I.DECLINED, I.EXPIRED},
        ),
    ],
    ids=["questionnaire", "invitation"],
)
def test_exactly_the_listed_moves_are_allowed(flow, allowed, terminal):
    assert flow.pairs == allowed
    assert flow.terminal == terminal


def test_a_refusal_names_both_states():
    with pytest.raises(
        TransitionNotAllowed, match=r"^A questionnaire at “Retired” cannot move to “Published”\.$"
    ):
        QUESTIONNAIRE.check(Q.RETIRED, Q.PUBLISHED)
