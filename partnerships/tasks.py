"""Background work of the partnership: load by id, call a service, nothing more."""

from __future__ import annotations

from django.utils import timezone

from partnerships import services
from sendcpp.celery import app


@app.task(acks_late=True)
def send_action_reminders() -> int:
    """Daily: remind owners of partnership actions due soon or overdue (idempotent)."""
    return services.sweep_action_reminders(today=timezone.localdate())
