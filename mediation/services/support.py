"""Disagreement resolution meetings (CoP 11.6-11.10) and the family's independent information,
advice and support (SENDIASS, IPSEA)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from mediation.models import (
    AdviceService,
    AdviceServiceInvolvement,
    DisagreementResolution,
    Outcome,
)
from mediation.services.checks import (
    day_text,
    not_before,
    not_future,
    person,
    require,
)
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, User
from sendcpp.timeline import record_family_event


@transaction.atomic
def record_disagreement_resolution(
    case: Case,
    *,
    held_on: date,
    about: str,
    parties: str,
    facilitator: str = "",
    outcome: str = "",
    staff_notes: str = "",
    by: User,
) -> DisagreementResolution:
    """Record a disagreement resolution meeting (CoP 11.6-11.10)."""
    require(by, Action.EDIT, case, "You cannot add to this case")
    if not about.strip():
        raise DomainError("Enter what the disagreement was about", field="about")
    if not parties.strip():
        raise DomainError("Enter who took part", field="parties")
    if outcome and outcome not in Outcome.values:
        raise DomainError("Choose the outcome", field="outcome")
    not_future(held_on, "held_on", "The date of the meeting")
    meeting = DisagreementResolution.objects.create(
        case=case,
        held_on=held_on,
        about=about.strip(),
        parties=parties.strip(),
        facilitator=facilitator.strip(),
        outcome=outcome,
        staff_notes=staff_notes.strip(),
        recorded_by=person(by),
    )
    result = f": {Outcome(outcome).label.lower()}" if outcome else ""
    record_family_event(
        meeting,
        "meeting",
        kind="disagreement_resolution_recorded",
        by=by,
        summary=f"Disagreement resolution meeting on {day_text(held_on)}{result}.",
    )
    return meeting


@transaction.atomic
def record_advice_service(
    case: Case,
    *,
    service: str,
    started_on: date,
    service_name: str = "",
    ended_on: date | None = None,
    support: str = "",
    by: User,
) -> AdviceServiceInvolvement:
    """Record that the family is getting independent information, advice and support."""
    require(by, Action.EDIT, case, "You cannot add to this case")
    if service not in AdviceService.values:
        raise DomainError("Choose the service", field="service")
    if service == AdviceService.OTHER and not service_name.strip():
        raise DomainError("Enter the name of the service", field="service_name")
    not_future(started_on, "started_on", "The date it started")
    if ended_on is not None:
        not_before(ended_on, started_on, "ended_on", "The end cannot be before the start")
    involvement = AdviceServiceInvolvement.objects.create(
        case=case,
        service=service,
        service_name=service_name.strip(),
        started_on=started_on,
        ended_on=ended_on,
        support=support.strip(),
        recorded_by=person(by),
    )
    record_family_event(
        involvement,
        "involvement",
        kind="advice_service_recorded",
        by=by,
        summary=f"Independent advice: {involvement} (from {day_text(started_on)}).",
    )
    return involvement
