"""The transition tables, pinned to the moves written out here (the shared test in
``sendcpp/tests/test_workflow.py`` checks every (from, to) pair), and the services that move a
status: every move the table allows works from every status it allows it from, and every other
is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from mediation import services, workflow
from mediation.models import AppealStatus, MediationStatus
from mediation.tests.conftest import appeal_in, mediation_in
from sendcpp.exceptions import TransitionNotAllowed

M = MediationStatus
A = AppealStatus

# Written out independently of the table in workflow.py.
MEDIATION_ALLOWED = {
    (M.NOT_WANTED, M.CERTIFICATE_ISSUED),
    (M.NOT_WANTED, M.WITHDRAWN),
    (M.REQUESTED, M.ARRANGED),
    (M.REQUESTED, M.HELD),
    (M.REQUESTED, M.CANNOT_ARRANGE),
    (M.REQUESTED, M.WITHDRAWN),
    (M.ARRANGED, M.HELD),
    (M.ARRANGED, M.CANNOT_ARRANGE),
    (M.ARRANGED, M.WITHDRAWN),
    (M.CANNOT_ARRANGE, M.CERTIFICATE_ISSUED),
    (M.HELD, M.CERTIFICATE_ISSUED),
}

APPEAL_ALLOWED = {
    (A.REGISTERED, A.RESPONSE_SENT),
    (A.REGISTERED, A.HEARING_LISTED),
    (A.REGISTERED, A.DECIDED),
    (A.REGISTERED, A.CONCEDED),
    (A.REGISTERED, A.WITHDRAWN),
    (A.RESPONSE_SENT, A.HEARING_LISTED),
    (A.RESPONSE_SENT, A.DECIDED),
    (A.RESPONSE_SENT, A.WITHDRAWN),
    (A.HEARING_LISTED, A.DECIDED),
    (A.HEARING_LISTED, A.WITHDRAWN),
    (A.DECIDED, A.CLOSED),
    (A.CONCEDED, A.CLOSED),
}


def test_exactly_the_listed_moves_are_allowed():
    assert workflow.MEDIATION.pairs == MEDIATION_ALLOWED
    assert workflow.APPEAL.pairs == APPEAL_ALLOWED


def test_finished_states_are_derived_from_the_table():
    assert workflow.MEDIATION.terminal == {M.CERTIFICATE_ISSUED, M.WITHDRAWN}
    assert set(M) - {M.CERTIFICATE_ISSUED, M.WITHDRAWN} == workflow.MEDIATION.live
    assert workflow.APPEAL.terminal == {A.WITHDRAWN, A.CLOSED}
    assert set(A) - {A.WITHDRAWN, A.CLOSED} == workflow.APPEAL.live


def test_refusal_names_both_statuses():
    with pytest.raises(
        TransitionNotAllowed, match=r"^A mediation at “Mediation held” cannot move to “Withdrawn”"
    ):
        workflow.MEDIATION.check(M.HELD, M.WITHDRAWN)


# Each service that moves a mediation, with the status it moves to.
MEDIATION_MOVES = {
    M.ARRANGED: lambda m, by: services.arrange_mediation(
        m, mediation_on=date(2026, 11, 12), mediation_provider="Global Mediation", by=by
    ),
    M.HELD: lambda m, by: services.record_mediation_held(
        m,
        held_on=date(2026, 11, 12),
        outcome="resolved",
        attendees=["parent", "la"],
        la_attendee_had_authority=True,
        by=by,
    ),
    M.CANNOT_ARRANGE: lambda m, by: services.record_cannot_arrange(
        m, adviser_told_on=date(2026, 11, 19), by=by
    ),
    M.CERTIFICATE_ISSUED: lambda m, by: services.issue_mediation_certificate(
        m, issued_on=date(2026, 11, 20), by=by
    ),
    M.WITHDRAWN: lambda m, by: services.withdraw_mediation(
        m, withdrawn_on=date(2026, 11, 20), by=by
    ),
}


def _try_each_move(record, moves, allowed, by) -> None:
    """Try every move from the record's status, each in a savepoint rolled back afterwards."""
    current = record.status
    for target, move in moves.items():
        with transaction.atomic():
            if (current, target) in allowed:
                assert move(record, by).status == target, (current, target)
            else:
                with pytest.raises(TransitionNotAllowed):
                    move(record, by)
                record.refresh_from_db()
                assert record.status == current, (current, target)
            transaction.set_rollback(True)
        record.refresh_from_db()


@pytest.mark.parametrize("current", list(M))
def test_mediation_services_follow_the_table(world, current):
    mediation = mediation_in(world, current)
    # Arranging again moves the date without a transition.
    allowed = MEDIATION_ALLOWED | {(M.ARRANGED, M.ARRANGED)}
    _try_each_move(mediation, MEDIATION_MOVES, allowed, world.coordinator)


APPEAL_MOVES = {
    A.RESPONSE_SENT: lambda a, by: services.record_appeal_response(
        a, sent_on=date(2027, 1, 12), by=by
    ),
    A.HEARING_LISTED: lambda a, by: services.list_hearing(a, hearing_on=date(2027, 3, 1), by=by),
    A.DECIDED: lambda a, by: services.record_tribunal_decision(
        a,
        decided_on=date(2027, 3, 1),
        order_sent_on=date(2027, 3, 3),
        outcome="upheld",
        orders=["amend_contents"],
        by=by,
    ),
    A.CONCEDED: lambda a, by: services.concede_appeal(
        a, notified_on=date(2026, 12, 10), steps=["amend_contents"], by=by
    ),
    A.WITHDRAWN: lambda a, by: services.withdraw_appeal(a, withdrawn_on=date(2027, 3, 2), by=by),
}


@pytest.mark.parametrize("current", list(A))
def test_appeal_services_follow_the_table(world, current):
    appeal = appeal_in(world, current)
    # Listing the hearing again moves the date without a transition.
    allowed = APPEAL_ALLOWED | {(A.HEARING_LISTED, A.HEARING_LISTED)}
    _try_each_move(appeal, APPEAL_MOVES, allowed, world.coordinator)


def test_appeal_closes_when_the_last_order_is_carried_out(world):
    appeal = appeal_in(world, A.DECIDED)
    assert appeal.status == A.DECIDED
    services.record_order_complied(
        appeal.orders.get(), complied_on=date(2027, 4, 1), by=world.coordinator
    )
    appeal.refresh_from_db()
    assert appeal.status == A.CLOSED
    assert appeal.closed_on == date(2027, 4, 1)
