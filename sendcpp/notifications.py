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
- What a family is told is worded here, once (``FAMILY_NOTICES``, ``family_words``,
  ``notify_family``): each message names the step and its date ("Your draft plan is ready. You
  can comment until 21 December 2026.") and nothing personal: no child's name, date of birth or
  case reference; the link names the record by its public id. The daily digest repeats those
  words, one line per update.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sendcpp import access
from sendcpp.calendar import long_date
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


# --- What a family is told ------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyNotice:
    """The words of one kind of notification to a family. ``{on}`` is the step's date, written
    out ("21 December 2026"); other fields are filled from ``family_words``' keyword arguments,
    which callers take from fixed wording in the code (a decision's summary, a plan's kind),
    never from what a person typed or from the child's record."""

    subject: str
    body: str


#: Every kind of notification a family receives: each names the step and its date.
FAMILY_NOTICES: dict[str, FamilyNotice] = {
    "decision": FamilyNotice(
        subject="{decision}",
        body="We made this decision on {on}. Read our letter. It explains what happens next and "
        "your rights.",
    ),
    "draft_plan": FamilyNotice(
        subject="Your draft plan is ready",
        body="Your draft plan is ready. You can comment until {on}. Tell us what you think and "
        "which school or college you would like.",
    ),
    "proposed_changes": FamilyNotice(
        subject="We want to change your child's plan",
        body="We have sent you the changes we want to make to the plan. You can comment until "
        "{on}.",
    ),
    "plan_issued": FamilyNotice(
        subject="Your {plan} is ready",
        body="We issued your {plan} on {on}. Read it with our letter. The letter explains your "
        "rights.",
    ),
    "review_meeting": FamilyNotice(
        subject="The annual review meeting is on {on}",
        body="We have arranged the annual review meeting for {on}. Tell us your views before then.",
    ),
    "tailored_list": FamilyNotice(
        subject="Your list of schools and colleges is ready",
        body="We sent you a list of schools and colleges on {on}. Read it and tell us which you "
        "would prefer.",
    ),
    "list_answer": FamilyNotice(
        subject="We answered your question about a school or college",
        body="Your coordinator answered your question about a school or college on your list on "
        "{on}.",
    ),
    "message": FamilyNotice(
        subject="You have a new message",
        body="{sender} sent you a message on {on}. Sign in to read it.",
    ),
    "details_changed": FamilyNotice(
        subject="We have updated the details we hold",
        body="We updated {what} on {on}. Sign in to check them. If anything is wrong, tell your "
        "coordinator.",
    ),
    "feedback": FamilyNotice(
        subject="Tell us what you thought",
        body="{step}: we would like to know how it went for you. It takes a few minutes. You can "
        "answer until {on}, and you can say no.",
    ),
    "feedback_reminder": FamilyNotice(
        subject="A reminder: tell us what you thought",
        body="{step}: you can still tell us how it went, until {on}. We will not remind you again.",
    ),
}


def family_words(notice: str, *, on: date, **words: str) -> tuple[str, str]:
    """The subject and body of a ``notice`` (a key of ``FAMILY_NOTICES``) about the step on
    ``on``."""
    wording = FAMILY_NOTICES[notice]
    values = {**words, "on": long_date(on)}
    subject = wording.subject.format(**values)
    return subject[:1].upper() + subject[1:], wording.body.format(**values)


def family_members(child_id: int) -> QuerySet[User]:
    """Everyone in the child's family with portal access now: not revoked, an active account."""
    return User.objects.filter(
        is_active=True,
        relationships__child_id=child_id,
        relationships__portal_access=True,
        relationships__portal_access_revoked_at__isnull=True,
    ).distinct()


def family_recipients(case: Case) -> list[User]:
    """The family members who may see ``case`` now (``family_members``, and for a parent of a
    young person of 16 or over, the young person allows it)."""
    people = family_members(case.child_id)
    return [person for person in people if access.can(person, access.Action.VIEW, case)]


def notify_family(
    case: Case, notice: str, *, on: date, key: str, link: str, **words: str
) -> list[Notification]:
    """Tell everyone in the family who may see ``case`` about the step on ``on``, in the words
    of ``notice``, once each (``key`` plus the person). Returns the new notifications."""
    subject, body = family_words(notice, on=on, **words)
    made = []
    for person in family_recipients(case):
        notification = notify(
            key=f"{key}:{person.pk}",
            recipient=person,
            subject=subject,
            body=body,
            case=case,
            link=link,
        )
        if notification is not None:
            made.append(notification)
    return made


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


def unread_count(person: int | OuterRef) -> Coalesce:
    """How many of a person's messages are unread (the menu's count on every page): an
    expression for a person's id, or for ``OuterRef("pk")`` to read it with the person's row."""
    unread = Notification.objects.filter(recipient_id=person, read_at__isnull=True)
    count = unread.values("recipient_id").annotate(unread=Count("id")).values("unread")
    return Coalesce(Subquery(count), 0)


def mark_read(user: User, notification_id: int) -> None:
    Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


#: The daily summary's subject; its body repeats each update's own words (the step and its date,
#: nothing personal: ``FAMILY_NOTICES``), at most ``DIGEST_LINES`` of them.
DIGEST_SUBJECT = "Updates about your child's plan"
DIGEST_LINES = 20


def digest_body(rows: list[Notification]) -> str:
    """The daily summary: how many updates, then each one's words, oldest first."""
    count = len(rows)
    lines = [f"You have {count} new update{'s' if count != 1 else ''} about your child's plan."]
    ordered = sorted(rows, key=lambda row: (row.created_at, row.pk))
    lines += [f"{row.subject}. {row.body}" for row in ordered[:DIGEST_LINES]]
    if count > DIGEST_LINES:
        lines.append(
            f"There {'is' if count - DIGEST_LINES == 1 else 'are'} "
            f"{count - DIGEST_LINES} more when you sign in."
        )
    return "\n\n".join(lines)


def send_digests() -> int:
    """Email each person who chose a daily summary one email with the updates that wait for
    them (each naming its step and date, no child and no case); they are then marked sent.
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
            # Sent as the first row's outbox entry (its id is the reference), through Notify or
            # the email backend like every other email.
            summary = Notification(
                pk=rows[0].pk,
                recipient=recipient,
                subject=DIGEST_SUBJECT,
                body=digest_body(rows),
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
