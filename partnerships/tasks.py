"""Background work of the partnership: load by id, call a service, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from partnerships import services


@shared_task(acks_late=True)
def send_action_reminders() -> int:
    """Daily: remind owners of partnership actions due soon or overdue (idempotent)."""
    return services.sweep_action_reminders(today=timezone.localdate())


@shared_task(bind=True, max_retries=3, acks_late=True)
def generate_plan_pdf(self, pdf_id: int) -> str:
    """Render the PDF of a published plan version; retried if rendering fails."""
    result = services.generate_plan_pdf(pdf_id)
    if result == "failed":
        raise self.retry(countdown=60 * (self.request.retries + 1))
    return result
