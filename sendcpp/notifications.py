"""The shared outbox: every reminder or message to a person goes through ``notify``.

- ``notify`` creates the in-app notification once per ``key`` (a unique constraint; a second call
  with the same key, even from a concurrent sweep, changes nothing and returns None) and queues
  the email after the transaction commits.
- ``deliver_email`` sends one notification's email at most once at a time (row lock, skip locked),
  records the result, and is safe to run again; ``pending_email_ids`` lets a periodic job pick up
  emails whose worker died before sending.
- Delivery: GOV.UK Notify when ``NOTIFY_API_KEY`` is set (the official client, templates by id
  from settings, the outbox row's id as Notify's reference: nothing personal), otherwise Django's
  ``EMAIL_BACKEND`` (the console in development). A family member who asked to be contacted by
  phone also gets a text through Notify (``NOTIFY_SMS_TEMPLATE_ID``), once, when the email is sent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sendcpp.celery import enqueue_on_commit
from sendcpp.models import Case, Notification, Relationship, User

MAX_EMAIL_ATTEMPTS = 5
log = logging.getLogger(__name__)


def notify_client():
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20
    )


def _personalisation(notification: Notification) -> dict[str, str]:
    return {
        "subject": notification.subject,
        "body": notification.body,
        "link": notification.link or "/",
    }


def send_email(notification: Notification) -> None:
    """Send one outbox row's email through Notify or the configured email backend; raises on
    failure (the caller records it and retries)."""
    if settings.NOTIFY_API_KEY:
        notify_client().send_email_notification(
            email_address=notification.recipient.email,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation=_personalisation(notification),
            reference=f"notification-{notification.pk}",
            email_reply_to_id=settings.NOTIFY_EMAIL_REPLY_TO_ID or None,
        )
        return
    send_mail(
        subject=notification.subject,
        message=f"{notification.body}\n\nSign in to see it: {notification.link or '/'}",
        from_email=None,
        recipient_list=[notification.recipient.email],
    )


def text_number(recipient: User) -> str:
    """The phone number of a family member who chose to be contacted by phone, or ''."""
    relationship = (
        Relationship.objects.filter(user=recipient, contact_format=Relationship.ContactFormat.PHONE)
        .exclude(phone="")
        .only("phone")
        .first()
    )
    return relationship.phone if relationship else ""


def send_text(notification: Notification) -> bool:
    """Text the family member too, when they chose phone and Notify's SMS is configured. A text
    that fails is logged (by outbox id only) and not retried: the email and the in-service
    message have already reached them."""
    if not (settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID):
        return False
    number = text_number(notification.recipient)
    if not number:
        return False
    try:
        notify_client().send_sms_notification(
            phone_number=number,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation=_personalisation(notification),
            reference=f"notification-{notification.pk}",
        )
    except Exception as error:
        log.warning(
            "text message not sent",
            extra={"notification": notification.pk, "error": type(error).__name__},
        )
        return False
    return True


def notify(
    *,
    key: str,
    recipient: User,
    subject: str,
    body: str,
    case: Case | None = None,
    link: str = "",
) -> Notification | None:
    """Create a notification for ``recipient`` unless one with ``key`` exists. Returns the new
    notification, or None when it was already there."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key,
                recipient=recipient,
                case=case,
                subject=subject[:200],
                body=body,
                link=link,
                email_status=(
                    Notification.EmailStatus.NOT_NEEDED
                    if not recipient.email
                    else Notification.EmailStatus.IN_DIGEST
                    if recipient.wants_digest
                    else Notification.EmailStatus.PENDING
                ),
            )
    except IntegrityError:
        return None
    if notification.email_status == Notification.EmailStatus.PENDING:
        enqueue_on_commit("sendcpp.tasks.send_notification_email", notification.pk)
    return notification


def deliver_email(notification_id: int) -> str:
    """Send one notification's email if it is still pending. Returns the resulting status."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        Notification.objects.filter(pk=notification.pk).update(
            email_attempts=F("email_attempts") + 1
        )
        try:
            send_email(notification)
        except Exception as error:
            failed = notification.email_attempts + 1 >= MAX_EMAIL_ATTEMPTS
            Notification.objects.filter(pk=notification.pk).update(
                email_status=Notification.EmailStatus.FAILED
                if failed
                else Notification.EmailStatus.PENDING,
                email_error=type(error).__name__[:300],
            )
            return "failed" if failed else "retry"
        Notification.objects.filter(pk=notification.pk).update(
            email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now(), email_error=""
        )
    send_text(notification)
    return "sent"


def pending_email_ids(*, older_than: timedelta = timedelta(minutes=10)) -> list[int]:
    """Emails still waiting after ``older_than``: their worker died or the send failed."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING, created_at__lte=cutoff
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("case")


def mark_read(user: User, notification_id: int) -> None:
    Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


#: The daily summary's words: how many updates, never what they are about (no personal data).
DIGEST_SUBJECT = "Updates about your child's plan"


def send_digests() -> int:
    """Email each person who chose a daily summary one email saying how many updates wait for
    them, naming no child and nothing about the case; their notifications are then marked sent.
    Safe to run again: rows are taken under a lock (skip locked), and a failed email leaves them
    waiting for the next run. Returns how many emails were sent."""
    sent = 0
    recipients = (
        Notification.objects.filter(email_status=Notification.EmailStatus.IN_DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_status=Notification.EmailStatus.IN_DIGEST)
            )
            if not rows:
                continue
            recipient = rows[0].recipient
            count = len(rows)
            # Sent as the first row's outbox entry (its id is the reference), through Notify or
            # the email backend like every other email.
            summary = Notification(
                pk=rows[0].pk,
                recipient=recipient,
                subject=DIGEST_SUBJECT,
                body=(
                    f"You have {count} new update{'s' if count != 1 else ''} about your child's "
                    "plan."
                ),
                link="/",
            )
            try:
                send_email(summary)
            except Exception as error:
                log.warning("digest not sent", extra={"error": type(error).__name__})
                continue
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now()
            )
            sent += 1
    return sent
