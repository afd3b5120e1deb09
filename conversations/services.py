"""Every write on the case's messages: send a message, ask for a call back, mark it done, and
the family's choice to let the SENCO join. Each checks who may act, records a timeline event and
tells the other side through the outbox, with no personal details in the notification."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conversations.access import thread
from conversations.models import CallBack, Message, Sharing
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.calendar import add_working_days, bank_holidays
from sendcpp.exceptions import DomainError
from sendcpp.models import Audience, Case, Relationship, User
from sendcpp.notifications import notify, notify_family
from sendcpp.timeline import record_case_event

EVENT_KINDS: dict[str, str] = {
    "message_sent": "Message sent",
    "call_back_requested": "Call back asked for",
    "call_back_done": "Call back made",
    "message_sharing_changed": "Who can read the messages changed",
}

#: The longest message, in characters.
MAX_MESSAGE = 5000


def thread_link(case: Case) -> str:
    return reverse("conversations:thread", kwargs={"case_id": case.public_id})


def role_on(user: Actor, case: Case, action: Action = Action.VIEW) -> str | None:
    """Who ``user`` speaks for in the case's messages, or None if they may not read them
    (``VIEW``) or write one (``CONTRIBUTE``). Whether they may is the access policy's
    (``conversations.access``); this only names the side: the family, the council or the school
    or college."""
    if not access.can(user, action, thread(case)):
        return None
    if access.is_family(user):
        return Message.From.FAMILY
    if access.is_la_staff(user):
        return Message.From.COUNCIL
    return Message.From.SETTING


def reply_due_on(sent_on: date) -> date:
    """The day the family can expect a reply by: ``MESSAGE_REPLY_WORKING_DAYS`` working days."""
    return add_working_days(sent_on, settings.MESSAGE_REPLY_WORKING_DAYS, bank_holidays())


def _person(by: Actor) -> User:
    # Only a person takes part in messages (no partner key); ``role_on`` has said so already.
    if not isinstance(by, User):
        raise DomainError("Only a person can do this")
    return by


def _tell(users: list[User], *, key: str, subject: str, case: Case) -> None:
    for user in users:
        notify(
            key=f"{key}:{user.pk}",
            recipient=user,
            subject=subject,
            body="Sign in to read it.",
            case=case,
            link=thread_link(case),
        )


@transaction.atomic
def send_message(case: Case, *, body: str, by: Actor) -> Message:
    """Send a message on ``case``. The family's goes to the coordinator; the council's or the
    SENCO's goes to the family (and a SENCO's to the coordinator too)."""
    role = role_on(by, case, Action.CONTRIBUTE)
    if role is None:
        raise DomainError("You cannot send messages on this case")
    body = (body or "").strip()
    if not body:
        raise DomainError("Enter your message", field="body")
    if len(body) > MAX_MESSAGE:
        raise DomainError(f"Your message must be {MAX_MESSAGE} characters or fewer", field="body")
    by = _person(by)
    message = Message.objects.create(case=case, author=by, sent_from=role, body=body)
    record_case_event(
        case=case,
        kind="message_sent",
        by=by,
        summary=f"Message from {Message.From(role).label.lower()}",
        audience=Audience.FAMILY,
    )
    key = f"conversations:message:{message.pk}"
    coordinator = [case.coordinator] if case.coordinator_id is not None else []
    if role == Message.From.FAMILY:
        _tell(coordinator, key=key, subject="A family has sent you a message", case=case)
    else:
        notify_family(
            case,
            "message",
            on=timezone.localtime(message.created_at).date(),
            key=key,
            link=thread_link(case),
            sender=Message.From(role).label,
        )
        if role == Message.From.SETTING:
            _tell(coordinator, key=key, subject="A school or college sent a message", case=case)
    return message


@transaction.atomic
def request_call_back(
    case: Case, *, phone: str, by: Actor, best_time: str = "", about: str = ""
) -> CallBack:
    """The family asks the SEND team to ring them; the coordinator is told."""
    if role_on(by, case) != Message.From.FAMILY:
        raise DomainError("Only the family can ask for a call back")
    phone = (phone or "").strip()
    digits = [character for character in phone if character.isdigit()]
    if not 10 <= len(digits) <= 13 or any(c not in "0123456789 +()-" for c in phone):
        raise DomainError(
            "Enter a phone number, like 01632 960 001 or 07700 900 982", field="phone"
        )
    by = _person(by)
    call_back = CallBack.objects.create(
        case=case,
        requested_by=by,
        phone=phone,
        best_time=(best_time or "").strip(),
        about=(about or "").strip(),
    )
    record_case_event(
        case=case,
        kind="call_back_requested",
        by=by,
        summary="Call back asked for",
        audience=Audience.FAMILY,
    )
    if case.coordinator_id is not None:
        _tell(
            [case.coordinator],
            key=f"conversations:callback:{call_back.pk}",
            subject="A family has asked you to call them",
            case=case,
        )
    return call_back


@transaction.atomic
def mark_call_back_done(call_back: CallBack, *, by: Actor) -> CallBack:
    call_back = CallBack.objects.select_for_update().get(pk=call_back.pk)
    if role_on(by, call_back.case) != Message.From.COUNCIL:
        raise DomainError("Only the SEND team can mark a call back as made")
    if call_back.done_at is not None:
        return call_back  # a second click changes nothing
    by = _person(by)
    call_back.done_at = timezone.now()
    call_back.done_by = by
    call_back.save(update_fields=["done_at", "done_by"])
    record_case_event(
        case=call_back.case,
        kind="call_back_done",
        by=by,
        summary="Call back made",
        audience=Audience.FAMILY,
    )
    return call_back


@transaction.atomic
def set_senco_sharing(case: Case, *, allowed: bool, by: Actor) -> Sharing:
    """The family lets the SENCO of the child's school or college join the messages, or not.
    Only someone who makes the case's decisions (a young person 16+ for themself) may choose."""
    if role_on(by, case) != Message.From.FAMILY:
        raise DomainError("Only the family can choose who reads the messages")
    relationship = Relationship.objects.filter(child_id=case.child_id, user=by).first()
    if relationship is not None and not relationship.is_decision_maker:
        raise DomainError("Only the person who makes decisions on the case can choose this")
    by = _person(by)
    sharing, _ = Sharing.objects.update_or_create(
        case=case,
        defaults={"senco_may_join": allowed, "changed_by": by, "changed_at": timezone.now()},
    )
    record_case_event(
        case=case,
        kind="message_sharing_changed",
        by=by,
        summary=(
            "The school or college's SENCO can now read the messages"
            if allowed
            else "The school or college's SENCO can no longer read the messages"
        ),
        audience=Audience.FAMILY,
    )
    return sharing
