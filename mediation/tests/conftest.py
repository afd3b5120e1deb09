"""Fixtures for the mediation tests: the clock pinned to Wed 30 June 2027 (so every worked date
below is in the past), and builders that put a mediation or an appeal into any status through
the services, as a user would."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mediation import services
from mediation.models import (
    AppealStatus,
    AppealWindow,
    MediationCase,
    MediationStatus,
    Outcome,
    TribunalAppeal,
)

TODAY = date(2027, 6, 30)
DECISION_SENT = date(2026, 10, 1)
CONTACTED = date(2026, 10, 20)
HELD = date(2026, 11, 12)
CERTIFICATE = date(2026, 11, 16)
REGISTERED = date(2026, 12, 1)
SENT_TO_LA = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(
        datetime(2027, 6, 30, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def open_window(
    world, *, case=None, decision: str = "refuse_assess", sent_on: date = DECISION_SENT
) -> AppealWindow:
    return services.open_appeal_window(
        case or world.case, decision=decision, decision_sent_on=sent_on, by=world.coordinator
    )


def mediation_in(
    world,
    status: str,
    *,
    window: AppealWindow | None = None,
    issues: tuple[str, ...] = ("education",),
    outcome: str = Outcome.PARTLY,
) -> MediationCase:
    """A mediation case in ``status``, reached through the services."""
    window = window or open_window(world)
    by = world.coordinator
    wanted = status != MediationStatus.NOT_WANTED
    if status == MediationStatus.CERTIFICATE_ISSUED:
        mediation = mediation_in(
            world, MediationStatus.HELD, window=window, issues=issues, outcome=outcome
        )
        return services.issue_mediation_certificate(mediation, issued_on=CERTIFICATE, by=by)
    mediation = services.record_adviser_contact(
        window,
        contacted_on=CONTACTED,
        wants_mediation=wanted,
        issues=list(issues),
        issues_summary="Needs weekly speech and language therapy",
        by=by,
    )
    if status == MediationStatus.ARRANGED:
        return services.arrange_mediation(
            mediation, mediation_on=HELD, mediation_provider="Global Mediation", by=by
        )
    if status == MediationStatus.CANNOT_ARRANGE:
        return services.record_cannot_arrange(mediation, adviser_told_on=date(2026, 11, 19), by=by)
    if status == MediationStatus.HELD:
        return services.record_mediation_held(
            mediation,
            held_on=HELD,
            outcome=outcome,
            attendees=["parent", "la"],
            la_attendee_had_authority=True,
            by=by,
        )
    if status == MediationStatus.WITHDRAWN:
        return services.withdraw_mediation(mediation, withdrawn_on=date(2026, 11, 1), by=by)
    return mediation


def appeal_in(world, status: str, *, window: AppealWindow | None = None) -> TribunalAppeal:
    """A tribunal appeal in ``status`` (after a mediation and its certificate on ``window``),
    through the services."""
    by = world.coordinator
    window = window or open_window(world)
    if not window.mediations.filter(status=MediationStatus.CERTIFICATE_ISSUED).exists():
        mediation_in(world, MediationStatus.CERTIFICATE_ISSUED, window=window)
    appeal = services.register_appeal(
        window,
        registered_on=REGISTERED,
        appeal_sent_to_la_on=SENT_TO_LA,
        tribunal_reference="EH123/26/00045",
        by=by,
    )
    if status == AppealStatus.CONCEDED:
        return services.concede_appeal(
            appeal, notified_on=date(2026, 12, 10), steps=["amend_contents"], by=by
        )
    if status == AppealStatus.WITHDRAWN:
        return services.withdraw_appeal(appeal, withdrawn_on=date(2026, 12, 15), by=by)
    if status == AppealStatus.REGISTERED:
        return appeal
    appeal = services.record_appeal_response(appeal, sent_on=date(2027, 1, 12), by=by)
    if status == AppealStatus.RESPONSE_SENT:
        return appeal
    appeal = services.list_hearing(appeal, hearing_on=date(2027, 3, 1), by=by)
    if status == AppealStatus.HEARING_LISTED:
        return appeal
    appeal = services.record_tribunal_decision(
        appeal,
        decided_on=date(2027, 3, 1),
        order_sent_on=date(2027, 3, 3),
        outcome="upheld",
        orders=["amend_contents"],
        by=by,
    )
    if status == AppealStatus.DECIDED:
        return appeal
    order = appeal.orders.get()
    services.record_order_complied(order, complied_on=date(2027, 4, 1), by=by)
    appeal.refresh_from_db()
    return appeal
