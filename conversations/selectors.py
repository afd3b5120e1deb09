"""Reads of a case's messages, for the people who take part in them."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from conversations.access import thread
from conversations.models import CallBack, Message
from conversations.services import role_on
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.audit import record_read
from sendcpp.models import Case


def get_thread_case_or_404(user: Actor, case_id: UUID | str) -> Case:
    """The case whose messages ``user`` takes part in (``conversations.access``); 404 for a
    missing case and for one whose messages they may not read, alike. The read is logged."""
    try:
        case = Case.objects.select_related("child", "coordinator").get(public_id=case_id)
    except (Case.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    if not access.can(user, Action.VIEW, thread(case)):
        raise Http404
    # Those who see the case read it here; the SENCO reads only its messages.
    what = "case" if access.is_family(user) or access.is_la_staff(user) else "messages"
    record_read(user, child_id=case.child_id, case=case, what=what)
    return case


def messages_on(user: Actor, case: Case) -> QuerySet[Message]:
    """The messages on ``case`` that ``user`` may read, oldest first."""
    return (
        access.records_for(user, Message.objects.filter(case=case))
        .select_related("author")
        .order_by("created_at", "id")
    )


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
