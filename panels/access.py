"""The relationship panels add to the access policy (``sendcpp.access``): a panel member sees
the cases on the agendas of the panels they sit on; a panel's chair records the panel's
decisions on them. Registered from ``PanelsConfig.ready()``; written with this app's own models,
so renaming a field here is caught here."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from panels.models import AgendaItem, ItemStatus, MeetingStatus
from sendcpp.access import Action, CaseClause
from sendcpp.models import StaffProfile, User


def agenda_cases(user: User, action: Action) -> Q:
    """The cases on the agendas of meetings of the panels ``user`` sits on now."""
    # A seat on the panel now that receives the papers (observers never do).
    seat = Q(
        meeting__panel__members__user=user,
        meeting__panel__members__left_on__isnull=True,
        meeting__panel__members__receives_papers=True,
    )
    chair = seat & Q(meeting__panel__members__is_chair=True)
    # Never an item taken off the agenda, nor one on which they declared a conflict of interest.
    items = AgendaItem.objects.exclude(status=ItemStatus.WITHDRAWN).exclude(
        conflicts__member__user=user
    )
    condition = Q(pk__in=[])
    # A panel member may VIEW a case while it is on the agenda of a meeting of a panel they sit
    # on and receive papers for, from when that meeting's papers are published.
    if action == Action.VIEW:
        published = items.filter(seat, meeting__papers_published_at__lte=timezone.now())
        condition |= Q(pk__in=published.values("case_id"))
    # A panel's chair may VIEW the cases on every agenda of the panel they chair: before the
    # papers are published (to prepare the meeting) and afterwards (the panel's history).
    if action == Action.VIEW:
        condition |= Q(pk__in=items.filter(chair).values("case_id"))
    # A panel's chair may TRANSITION a case (record the panel's decision through the EHCP
    # services) while it waits for a decision at a meeting of their panel that is in progress.
    if action == Action.TRANSITION:
        deciding = items.filter(
            chair, status=ItemStatus.WAITING, meeting__status=MeetingStatus.IN_PROGRESS
        )
        condition |= Q(pk__in=deciding.values("case_id"))
    return condition


CLAUSES = [
    CaseClause(
        app="panels",
        name="panel agenda",
        rule=(
            "A panel member sees the cases on the agendas of the panels they sit on and receive "
            "papers for, from when the papers are published; the chair sees them before that and "
            "afterwards, and records the panel's decision while the meeting is in progress. Never "
            "an item taken off the agenda, nor one they declared a conflict of interest on."
        ),
        role=StaffProfile.Role.PANEL_MEMBER,
        cases=agenda_cases,
    )
]
