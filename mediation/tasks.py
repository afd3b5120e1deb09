"""Background tasks for mediation and appeals: call a service, nothing more."""

from __future__ import annotations

from django.utils import timezone

from mediation import services
from sendcpp.celery import app


@app.task(acks_late=True)
def close_expired_appeal_windows() -> int:
    """Stop the family's clocks on appeal windows whose time has passed (safe to run again)."""
    return services.close_expired_appeal_windows(today=timezone.localdate())
