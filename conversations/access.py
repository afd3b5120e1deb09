"""The relationship the messages add to the access policy (``sendcpp.access``): who reads and
writes the messages on a case. Registered from ``ConversationsConfig.ready()``; written with this
app's own models.

A case's thread is asked about as an unsaved message on it (``thread(case)``), so a case with no
messages yet is answered the same way: ``access.can(user, Action.VIEW, thread(case))``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from conversations.models import Message, Sharing
from sendcpp import access
from sendcpp.access import Action, Actor, RecordClause
from sendcpp.models import Case, User

#: Reading the messages (VIEW) and writing one (CONTRIBUTE) go together.
TAKING_PART = frozenset({Action.VIEW, Action.CONTRIBUTE})


def thread(case: Case) -> Message:
    """The case's messages, as one (unsaved) message to ask ``access.can`` about."""
    return Message(case=case)


def thread_cases(user: Actor, action: Action = Action.VIEW) -> QuerySet[Case]:
    """The cases whose messages ``user`` may read (``VIEW``) and write (``CONTRIBUTE``)."""
    # Only a person takes part, never a partner system; and only to read and write messages.
    if not isinstance(user, User) or not user.is_active or action not in TAKING_PART:
        return Case.objects.none()
    # The family (a parent, carer or young person) and the council's staff take part in the
    # messages of every case they may see.
    if access.is_family(user) or access.is_la_staff(user):
        return access.cases_for(user, Action.VIEW)
    # A school or college's SENCO (a person who signs in for the setting) takes part in the
    # messages of the children at their setting now, and only while the family allows it.
    if user.account_type == User.AccountType.SETTING and user.organisation_id is not None:
        allowed = Sharing.objects.filter(senco_may_join=True).values("case_id")
        return Case.objects.filter(child__setting_id=user.organisation_id, pk__in=allowed)
    return Case.objects.none()


def messages_for(
    user: Actor, messages: QuerySet[Message], action: Action = Action.VIEW
) -> QuerySet[Message]:
    """Of ``messages``, those on the cases whose messages ``user`` takes part in."""
    return messages.filter(case__in=thread_cases(user, action))


def allows(user: Actor, action: Action, message: Any) -> bool:
    """For one message, saved or not (``thread(case)``): whether ``user`` may ``action`` it."""
    return thread_cases(user, action).filter(pk=message.case_id).exists()


CLAUSES = [
    RecordClause(
        app="conversations",
        name="messages on a case",
        rule=(
            "The family and the council's staff read and write the messages on the cases they "
            "may see. The SENCO (a person who signs in for the child's school or college now) "
            "reads and writes them only while the family allows it; never the rest of the case."
        ),
        model=Message,
        records=messages_for,
        allows=allows,
    )
]
