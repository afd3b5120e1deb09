"""The shared workflow abstraction, and every app's transition table through it.

The first part checks ``Workflow`` on a small table written here. The second part runs over
``registry()``, so a table added in any app's ``workflow.py`` is tested without touching this
file: for every (from, to) pair of states exactly the moves in the table pass ``check``, every
state is described in its ``TextChoices`` docstring, and every state can be reached and left
towards an end. Each app's own ``tests/test_workflow.py`` pins its table to the moves written out
independently there."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import models

from sendcpp import workflow
from sendcpp.exceptions import TransitionNotAllowed
from sendcpp.workflow import Workflow, registry


class Letter(models.TextChoices):
    """Where a letter is.

    - drafted: being written.
    - approved: a manager approved it.
    - sent: posted to the family.
    - returned: came back undelivered.
    - cancelled: not needed after all.
    """

    DRAFTED = "drafted", "Being written"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"
    RETURNED = "returned", "Returned undelivered"
    CANCELLED = "cancelled", "Cancelled"


L = Letter

LETTER_MOVES = {
    L.DRAFTED: {L.APPROVED, L.CANCELLED},
    L.APPROVED: {L.SENT, L.DRAFTED},
    L.SENT: {L.RETURNED},
    L.RETURNED: {L.SENT, L.CANCELLED},
    L.CANCELLED: set(),
}


@pytest.fixture
def letters(monkeypatch):
    """A workflow built into a fresh registry, so the real one is left as it was."""
    monkeypatch.setattr(workflow, "_REGISTRY", {})
    return Workflow("test.letter", Letter, LETTER_MOVES, noun="letter", start={L.DRAFTED})


def test_check_returns_the_target_state_for_an_allowed_move(letters):
    assert letters.check(L.DRAFTED, L.APPROVED) is L.APPROVED
    # Statuses read from the database are plain strings.
    assert letters.check("approved", "sent") is L.SENT
    assert letters.allows("returned", L.SENT)


def test_a_refused_move_names_both_states_in_plain_english(letters):
    with pytest.raises(TransitionNotAllowed) as refused:
        letters.check(L.SENT, L.DRAFTED)
    assert refused.value.message == "A letter at “Sent” cannot move to “Being written”."
    assert refused.value.status_code == 409
    assert not letters.allows(L.SENT, L.DRAFTED)


def test_the_article_follows_the_noun(monkeypatch):
    monkeypatch.setattr(workflow, "_REGISTRY", {})
    appeals = Workflow("test.appeal", Letter, LETTER_MOVES, noun="appeal", start={L.DRAFTED})
    with pytest.raises(TransitionNotAllowed, match=r"^An appeal at “Cancelled” cannot move"):
        appeals.check(L.CANCELLED, L.SENT)


def test_a_service_may_word_the_refusal_for_its_page(letters):
    with pytest.raises(TransitionNotAllowed, match=r"^The letter has gone$"):
        letters.check(L.SENT, L.APPROVED, refusal="The letter has gone")
    assert letters.check(L.DRAFTED, L.APPROVED, refusal="unused") is L.APPROVED


def test_a_move_to_an_unknown_state_is_refused_not_crashed(letters):
    assert not letters.allows(L.DRAFTED, "shredded")
    with pytest.raises(TransitionNotAllowed, match="cannot move to “shredded”"):
        letters.check(L.DRAFTED, "shredded")


def test_a_record_in_an_unknown_state_is_a_programming_error(letters):
    with pytest.raises(ValueError, match="not a valid Letter"):
        letters.check("lost", L.SENT)


def test_groupings_are_derived_from_the_table(letters):
    assert letters.terminal == {L.CANCELLED}
    assert letters.live == {L.DRAFTED, L.APPROVED, L.SENT, L.RETURNED}
    assert [s for s in Letter if letters.is_terminal(s)] == [L.CANCELLED]
    assert letters.allowed_from("approved") == {L.SENT, L.DRAFTED}
    assert letters.sources(L.SENT) == {L.APPROVED, L.RETURNED}
    assert letters.sources(L.DRAFTED) == {L.APPROVED}
    assert letters.pairs == {(a, b) for a, targets in LETTER_MOVES.items() for b in targets}
    assert letters.label("returned") == "Returned undelivered"
    assert letters.reachable == set(Letter)


def test_reachable_states_follow_the_moves_from_the_start(monkeypatch):
    monkeypatch.setattr(workflow, "_REGISTRY", {})
    late = Workflow("test.late", Letter, LETTER_MOVES, noun="letter", start={L.SENT})
    assert late.reachable == {L.SENT, L.RETURNED, L.CANCELLED}
    assert late.reachable_from("approved", L.CANCELLED) == {
        L.APPROVED,
        L.DRAFTED,
        L.SENT,
        L.RETURNED,
        L.CANCELLED,
    }


@pytest.mark.parametrize(
    ("moves", "start", "problem"),
    [
        ({**LETTER_MOVES, L.SENT: {L.SENT}}, {L.DRAFTED}, "moves sent to itself"),
        (
            {s: t for s, t in LETTER_MOVES.items() if s != L.RETURNED},
            {L.DRAFTED},
            "does not give the moves of returned",
        ),
        ({**LETTER_MOVES, L.SENT: {"posted"}}, {L.DRAFTED}, "'posted' is not a valid Letter"),
        ({**LETTER_MOVES, "posted": set()}, {L.DRAFTED}, "'posted' is not a valid Letter"),
        (LETTER_MOVES, set(), "has no start state"),
    ],
    ids=["loop", "missing state", "unknown target", "unknown state", "no start"],
)
def test_a_badly_formed_table_is_refused_when_built(monkeypatch, moves, start, problem):
    monkeypatch.setattr(workflow, "_REGISTRY", {})
    with pytest.raises(ValueError, match=problem):
        Workflow("test.bad", Letter, moves, noun="letter", start=start)
    assert "test.bad" not in workflow._REGISTRY


def test_two_workflows_cannot_share_a_name(letters):
    with pytest.raises(ValueError, match=r"already a workflow called 'test\.letter'"):
        Workflow("test.letter", Letter, LETTER_MOVES, noun="letter", start={L.DRAFTED})


def test_the_table_cannot_be_changed_after_it_is_built(letters):
    with pytest.raises(TypeError):
        letters.moves[L.CANCELLED] = frozenset({L.DRAFTED})  # type: ignore[index]
    with pytest.raises(AttributeError):
        letters.moves[L.DRAFTED].add(L.SENT)  # type: ignore[attr-defined]


# --- Every app's table --------------------------------------------------------------------------

WORKFLOWS = registry()


def test_every_app_registers_its_workflows():
    assert set(WORKFLOWS) >= {
        "ehcp.case",
        "mediation.appeal",
        "mediation.mediation",
        "panels.agenda_item",
        "panels.meeting",
        "partnerships.action",
        "partnerships.meeting",
        "partnerships.plan_version",
        "placements.consultation",
    }


PAIRS = [
    (name, current, target)
    for name, flow in WORKFLOWS.items()
    for current, target in itertools.product(flow.states, flow.states)
]


@pytest.mark.parametrize(
    ("name", "current", "target"),
    PAIRS,
    ids=[f"{name}:{current}->{target}" for name, current, target in PAIRS],
)
def test_exactly_the_moves_in_the_table_pass(name, current, target):
    flow = WORKFLOWS[name]
    allowed = target in flow.moves[current]
    assert flow.allows(current.value, target.value) is allowed
    if allowed:
        assert flow.check(current.value, target.value) is target
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            flow.check(current.value, target.value)
        assert f"“{current.label}” cannot move to “{target.label}”" in refused.value.message


@pytest.mark.parametrize("name", list(WORKFLOWS))
def test_every_state_is_described_for_reviewers(name):
    flow = WORKFLOWS[name]
    doc = flow.states.__doc__ or ""
    undescribed = [
        state.value
        for state in flow.states
        if not re.search(rf"^\s*- {re.escape(state.value)}\b", doc, re.MULTILINE)
    ]
    assert undescribed == [], f"{flow.states.__name__}'s docstring does not describe these"


@pytest.mark.parametrize("name", list(WORKFLOWS))
def test_every_state_can_be_reached_and_every_live_state_can_still_end(name):
    flow = WORKFLOWS[name]
    assert flow.reachable == set(flow.states)
    assert flow.terminal, "a process that can never end"
    for state in flow.live:
        assert flow.reachable_from(state) & flow.terminal, f"{state} can never reach an end"
