"""Background tasks of the placements app: load by id, call a service, nothing more."""

from __future__ import annotations

from django.utils import timezone

from placements import services
from sendcpp.celery import app


@app.task(acks_late=True)
def follow_up_tailored_lists() -> int:
    """Tell coordinators about families without a preference (safe to run any number of times:
    each list is followed up once)."""
    return len(services.follow_up_lists_without_preference(today=timezone.localdate()))
