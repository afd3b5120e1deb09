"""The shared outbox: every reminder or message to a person goes through ``notify``.

- ``notify`` creates the in-app notification once per ``key`` (a unique constraint; a second call
  with the same key, even from a concurrent sweep, changes nothing and returns None) and queues
  the email after the transaction commits.
- ``deliver_email`` sends one notification's email at most once at a time (row lock, skip locked),
  records the result, and is safe to run again; ``pending_email_ids`` lets a periodic job pick up
  emails whose worker died before sending.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sendcpp.celery import enqueue_on_commit
from sendcpp.models import Case, Notification, User

MAX_EMAIL_ATTEMPTS = 5


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
                    Notification.EmailStatus.PENDING
                    if recipient.email
                    else Notification.EmailStatus.NOT_NEEDED
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
            send_mail(
                subject=notification.subject,
                message=f"{notification.body}\n\nSign in to see it: {notification.link or '/'}",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
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
