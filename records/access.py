"""Who works with the council's records (``sendcpp.access``): plan transfers, disclosures,
migrations, retention and subject access requests belong to one local authority; its
coordinators and SEND managers see them, and only its managers approve what leaves or is
destroyed. Registered from ``RecordsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from records.models import Disclosure, PlanTransfer
from sendcpp.access import (
    Action,
    RecordClause,
    cases_for,
    is_coordinator,
    is_manager,
    signed_in_person,
)


def works_on_records(user: Any) -> bool:
    """A coordinator or SEND manager of a local authority."""
    person = signed_in_person(user)
    return (
        person is not None
        and person.organisation_id is not None
        and (is_coordinator(person) or is_manager(person))
    )


def _transfers(user: Any, records: QuerySet[Any], action: Action, **context: Any) -> QuerySet[Any]:
    """A SEND manager: every plan arriving in their council; a coordinator: those for their
    own team."""
    if not works_on_records(user):
        return records.none()
    records = records.filter(local_authority_id=user.organisation_id)
    if is_manager(user):
        return records
    return records.filter(team_id=user.staff_profile.team_id)


def _disclosures(
    user: Any, records: QuerySet[Any], action: Action, **context: Any
) -> QuerySet[Any]:
    """A SEND manager: the council's whole register; a coordinator: the entries about the
    cases they work on."""
    if not works_on_records(user):
        return records.none()
    records = records.filter(local_authority_id=user.organisation_id)
    if is_manager(user):
        return records
    return records.filter(case__in=cases_for(user, Action.VIEW))


CLAUSES = [
    RecordClause(
        app="records",
        name="plan transfers",
        rule="SEND managers of the receiving council, and coordinators of the team taking the case, see and accept them",
        model=PlanTransfer,
        records=_transfers,
        creatable=works_on_records,
    ),
    RecordClause(
        app="records",
        name="disclosures",
        rule="SEND managers see the council's whole register; coordinators the entries about their cases",
        model=Disclosure,
        records=_disclosures,
        creatable=works_on_records,
    ),
]
