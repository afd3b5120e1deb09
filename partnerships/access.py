"""The partnership board's rules in the access policy (``sendcpp.access``): who sees a local
area's board, its meetings, actions and plan drafts, and who runs it. Boards are not cases.
Registered from ``PartnershipsConfig.ready()``; written with this app's own models."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from partnerships.models import BoardAction, BoardMember, PartnershipBoard
from sendcpp.access import Action, RecordClause, is_la_staff, is_manager, signed_in_person
from sendcpp.models import User


def active_memberships(user: User, today: date) -> QuerySet[BoardMember]:
    """The board seats ``user`` holds today."""
    return BoardMember.objects.filter(user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def boards_for(
    user: Any,
    boards: QuerySet[PartnershipBoard],
    action: Action = Action.VIEW,
    *,
    today: date | None = None,
) -> QuerySet[PartnershipBoard]:
    """Of ``boards``, those ``user`` may see (``VIEW``) or run (any other action)."""
    person = signed_in_person(user)
    if person is None:
        return boards.none()
    # Only a SEND manager of the board's own local authority configures and runs the board and
    # writes the plan.
    if action != Action.VIEW:
        if not is_manager(person):
            return boards.none()
        return boards.filter(local_authority_id=person.organisation_id)
    condition = Q(pk__in=[])
    # A SEND manager sees their own local authority's board.
    if is_manager(person):
        condition |= Q(local_authority_id=person.organisation_id)
    # LA staff who sit on the board now see it (a lapsed member no longer does).
    if is_la_staff(person):
        seats = active_memberships(person, today or timezone.localdate())
        condition |= Q(pk__in=seats.values("board_id"))
    return boards.filter(condition)


def runs_board(user: Any, action: Action, board: PartnershipBoard) -> bool | None:
    """For one board: whether ``user`` runs it (only a SEND manager of its own local authority),
    answered from the row; who sees it needs the seats, so ``boards_for`` answers that."""
    if action == Action.VIEW:
        return None
    person = signed_in_person(user)
    return (
        person is not None
        and is_manager(person)
        and person.organisation_id == board.local_authority_id
    )


def updates_action(user: Any, action: Action, board_action: BoardAction) -> bool | None:
    """For one action the caller already sees: a manager of its board, or its owner through
    their own account, records progress."""
    if action == Action.VIEW:
        return None
    person = signed_in_person(user)
    if person is None:
        return False
    if runs_board(person, Action.EDIT, board_action.board):
        return True
    return board_action.owner.user_id == person.pk


def may_set_up_board(user: Any) -> bool:
    """A SEND manager may set up their local authority's board if it has none yet."""
    person = signed_in_person(user)
    return (
        person is not None
        and is_manager(person)
        and person.organisation_id is not None
        and not PartnershipBoard.objects.filter(local_authority_id=person.organisation_id).exists()
    )


def actions_for(
    user: Any, actions: QuerySet[BoardAction], action: Action = Action.VIEW, **context: Any
) -> QuerySet[BoardAction]:
    """Of the board's ``actions``, those ``user`` may see (on a board they see) or record
    progress on (``EDIT``: a manager of the board, or the action's owner themself)."""
    visible = actions.filter(board__in=boards_for(user, PartnershipBoard.objects.all(), **context))
    if action == Action.VIEW:
        return visible
    person = signed_in_person(user)
    if person is None:
        return actions.none()
    managed = boards_for(person, PartnershipBoard.objects.all(), Action.EDIT)
    # A manager of the board, or the owner through their own account, records progress.
    return visible.filter(Q(board__in=managed) | Q(owner__user=person))


CLAUSES = [
    RecordClause(
        app="partnerships",
        name="partnership board",
        rule=(
            "A SEND manager sees their local authority's board and runs it (members, meetings, "
            "decisions, the plan); LA staff who sit on the board now see it. Only a manager sets "
            "up their authority's board, once."
        ),
        model=PartnershipBoard,
        records=boards_for,
        creatable=may_set_up_board,
        allows=runs_board,
    ),
    RecordClause(
        app="partnerships",
        name="board action",
        rule=(
            "Those who see a board see its actions; a manager of the board, or the action's "
            "owner through their own account, records progress."
        ),
        model=BoardAction,
        records=actions_for,
        allows=updates_action,
    ),
]
