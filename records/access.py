"""Who works with the council's records (``sendcpp.access``): plan transfers, disclosures,
migrations, retention and subject access requests belong to one local authority; its
coordinators and SEND managers see them, and only its managers approve what leaves or is
destroyed. Registered from ``RecordsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from records.models import Disclosure, PlanTransfer
from sendcpp.access import Action, RecordClause, is_coordinator, is_manager, signed_in_person


def works_on_records(user: Any) -> bool:
    """A coordinator or SEND manager of a local authority."""
    person = signed_in_person(user)
    return (
        person is not None
        and person.organisation_id is not None
        and (is_coordinator(person) or is_manager(person))
    )


def _own_council(
    user: Any, records: QuerySet[Any], action: Action, **context: Any
) -> QuerySet[Any]:
    if not works_on_records(user):
        return records.none()
    return records.filter(local_authority_id=user.organisation_id)


CLAUSES = [
    RecordClause(
        app="records",
        name="plan transfers",
        rule="Coordinators and SEND managers of the receiving council see and accept them",
        model=PlanTransfer,
        records=_own_council,
        creatable=works_on_records,
    ),
    RecordClause(
        app="records",
        name="disclosures",
        rule="Coordinators and SEND managers of the council see and record them",
        model=Disclosure,
        records=_own_council,
        creatable=works_on_records,
    ),
]
