"""Background tasks for the shared core: load by id, call a function, nothing more."""

from __future__ import annotations

from django.utils import timezone

from sendcpp import health, notifications, pdf, reminders
from sendcpp.celery import app

# Every task is declared on the project's app (never ``shared_task``), so it is the same task
# object in every thread of every server.


@app.task(bind=True, max_retries=5, retry_backoff=True, retry_jitter=True, acks_late=True)
def send_notification_email(self, notification_id: int) -> str:
    result = notifications.deliver_email(notification_id)
    if result == "retry":
        raise self.retry(countdown=60 * (self.request.retries + 1))
    return result


@app.task
def resend_pending_emails() -> int:
    """Picks up emails whose worker died or whose send failed, so nothing is lost."""
    ids = notifications.pending_email_ids()
    for notification_id in ids:
        send_notification_email.delay(notification_id)
    return len(ids)


@app.task(acks_late=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Queue one send per notification, so one failure does not hold up the rest."""
    for notification_id in notification_ids:
        send_notification_email.delay(notification_id)
    return len(notification_ids)


@app.task(acks_late=True)
def send_notification_digests() -> int:
    """Email the daily summary to everyone who chose one."""
    return notifications.send_digests()


@app.task(acks_late=True)
def sweep_deadline_reminders() -> int:
    """Write the deadline reminders due today (safe to run any number of times)."""
    return len(reminders.sweep(timezone.localdate()))


#: How often a PDF is tried before it is shown as failed for staff to try again, and the delays
#: between tries (seconds): 1, 2, 4 then 8 minutes.
PDF_MAX_RETRIES = 4


@app.task(bind=True, max_retries=PDF_MAX_RETRIES, acks_late=True)
def render_pdf(self, source: str, object_id: int) -> str:
    """Make one PDF (see ``sendcpp.pdf``). Safe to run twice: a PDF already made is left alone.
    Each failure is recorded on the PDF's record, so the user sees "trying again", then
    "could not be prepared" after the last retry."""
    outcome = pdf.attempt(source, object_id, last_attempt=self.request.retries >= self.max_retries)
    if outcome == pdf.Outcome.RETRYING:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return outcome.value


@app.task(acks_late=True)
def resume_stale_pdfs() -> int:
    """Queue again the PDFs whose task was lost (safe to run any number of times)."""
    return pdf.resume_stale()


@app.task(ignore_result=True, expires=60)
def worker_heartbeat() -> None:
    """Scheduled by beat every 30 seconds: a worker that runs it shows it is alive (``/readyz``)."""
    health.write_heartbeat()
