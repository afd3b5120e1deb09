"""Background work of the records app: load by id, call a service, nothing more."""

from __future__ import annotations

from records import services
from sendcpp.celery import app


@app.task(acks_late=True)
def import_caseload(run_id: int) -> str:
    """Import a checked caseload file (idempotent: only a queued run is imported)."""
    return str(services.import_caseload(run_id).status)
