"""Reads of a case's messages, for the people who take part in them."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from conversations.models import CallBack, Message
from conversations.services import role_on
from sendcpp import access
from sendcpp.access import Actor
from sendcpp.audit import record_read
from sendcpp.models import Case


def get_thread_case_or_404(user: Actor, case_id: UUID | str) -> Case:
    """The case whose messages ``user`` takes part in; 404 for a missing case and for one whose
    messages they may not read, alike. The read is logged."""
    try:
        case = access.get_case_or_404(user, case_id)
    except Http404:
        # A SENCO reads the messages (only) while the family allows it.
        try:
            case = Case.objects.select_related("child").get(public_id=case_id)
        except (Case.DoesNotExist, ValidationError, ValueError) as error:
            raise Http404 from error
        if role_on(user, case) is None:
            raise Http404 from None
        record_read(user, child_id=case.child_id, case=case, what="messages")
        return case
    if role_on(user, case) is None:
        raise Http404
    return case


def messages_on(case: Case) -> QuerySet[Message]:
    return Message.objects.filter(case=case).select_related("author").order_by("created_at", "id")


def open_call_backs(case: Case) -> QuerySet[CallBack]:
    return CallBack.objects.filter(case=case, done_at__isnull=True).select_related("requested_by")


def get_call_back_or_404(user: Actor, call_back_id: UUID | str) -> CallBack:
    try:
        call_back = CallBack.objects.select_related("case", "case__child").get(
            public_id=call_back_id
        )
    except (CallBack.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if role_on(user, call_back.case) is None or not access.is_la_staff(user):
        raise Http404
    return call_back
