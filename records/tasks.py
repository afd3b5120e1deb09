"""Background work of the records app: load by id, call a service, nothing more."""

from __future__ import annotations

from records import services
from sendcpp.celery import app


@app.task(acks_late=True)
def import_caseload(run_id: int) -> str:
    """Import a checked caseload file (idempotent: only a queued run is imported)."""
    return str(services.import_caseload(run_id).status)


@app.task(acks_late=True)
def list_due_disposals() -> int:
    """Daily, listing once a month: the records past their retention date, for approval."""
    from django.utils import timezone

    return len(services.list_due_disposals(today=timezone.localdate()))


@app.task(acks_late=True)
def dispose_batch(batch_id: int) -> str:
    """Destroy an approved batch (idempotent: only an approved batch is disposed of)."""
    return str(services.dispose_batch(batch_id).status)
