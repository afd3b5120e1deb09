"""Background work of support plans: load by id (or nothing), call a service, nothing more."""

from __future__ import annotations

from django.utils import timezone

from sendcpp.celery import app
from support import services


@app.task(acks_late=True)
def send_review_reminders() -> int:
    """Daily: remind settings of support plan reviews due soon or overdue (idempotent)."""
    return services.review_reminders(timezone.localdate())
