"""ELSEC's panel on a case's page (``sendcpp.evidence``): when an EHC needs assessment is asked
for a child with an ELSEC record, the council's staff on the case see the child's speech,
language and communication history as evidence, if the family agreed to share it."""

from __future__ import annotations

from typing import Any

from elsec import selectors
from sendcpp import access
from sendcpp.audit import record_read
from sendcpp.evidence import EvidencePanel
from sendcpp.models import Case


def slcn_history(user: Any, case: Case) -> EvidencePanel | None:
    """The child's ELSEC records shared with the SEND service, for council staff on the case."""
    # Only council staff working on the case see it as evidence; the family has its own page.
    if not access.is_la_staff(user):
        return None
    records = list(selectors.shared_with_send_service(case.child_id))
    if not records:
        return None
    record_read(user, child_id=case.child_id, case=case, what="early language record")
    return EvidencePanel(
        title="Early language support",
        template="elsec/evidence_panel.html",
        context={"records": [(record, selectors.history(record)) for record in records]},
    )


PANELS = [slcn_history]
