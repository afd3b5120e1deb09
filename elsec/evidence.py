"""ELSEC's panel on a case's page (``sendcpp.evidence``): when an EHC needs assessment is asked
for a child with an ELSEC record, the council's staff on the case see the child's speech,
language and communication history as evidence, if the family agreed to share it."""

from __future__ import annotations

from typing import Any

from elsec import selectors
from elsec.models import ChildRecord
from sendcpp import access
from sendcpp.access import Action
from sendcpp.audit import record_read
from sendcpp.evidence import EvidencePanel
from sendcpp.models import Case


def slcn_history(user: Any, case: Case, page: str) -> EvidencePanel | None:
    """The child's ELSEC records shared with the SEND service, for council staff on the case
    page."""
    if page != "case":
        return None
    # Only council staff working on the case see it as evidence; the family has its own page.
    if not access.is_la_staff(user):
        return None
    records, matches = selectors.shared_or_possible(case.child)
    if not records:
        return _possible_match(user, case, matches)
    record_read(user, child_id=case.child_id, case=case, what="early language record")
    return EvidencePanel(
        title="Early language support",
        template="elsec/evidence_panel.html",
        context={"records": [(record, selectors.history(record)) for record in records]},
    )


def _possible_match(user: Any, case: Case, matches: list[ChildRecord]) -> EvidencePanel | None:
    """A record a setting started for a child of the same names and date of birth: staff who
    work on the case may confirm it is this child. Nothing of the record is shown before."""
    # Matches first: there are almost never any, and then the right to confirm one need not be
    # asked (a query on every case page). Nothing of a match is shown without that right.
    if not matches or not access.can(user, Action.EDIT, case):
        return None
    return EvidencePanel(
        title="Early language support",
        template="elsec/evidence_match.html",
        context={"matches": matches, "case": case},
    )


PANELS = [slcn_history]
