"""Background tasks for the shared core: load by id, call a function, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from sendcpp import notifications, reminders


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_jitter=True, acks_late=True)
def send_notification_email(self, notification_id: int) -> str:
    result = notifications.deliver_email(notification_id)
    if result == "retry":
        raise self.retry(countdown=60 * (self.request.retries + 1))
    return result


@shared_task
def resend_pending_emails() -> int:
    """Picks up emails whose worker died or whose send failed, so nothing is lost."""
    ids = notifications.pending_email_ids()
    for notification_id in ids:
        send_notification_email.delay(notification_id)
    return len(ids)


@shared_task(acks_late=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Queue one send per notification, so one failure does not hold up the rest."""
    for notification_id in notification_ids:
        send_notification_email.delay(notification_id)
    return len(notification_ids)


@shared_task(acks_late=True)
def sweep_deadline_reminders() -> int:
    """Write the deadline reminders due today (safe to run any number of times)."""
    return len(reminders.sweep(timezone.localdate()))
