"""Permission-scoped reads of the partnership, and the access rules they apply.

Who may see what (roles spec; each rule on its own line where it is applied):
- a SEND manager sees and runs the board of their own local authority (membership rules,
  meetings, actions, the inclusion plan);
- a member of LA staff who sits on the board now (their term has started and not ended) sees the
  board, its meetings, papers, actions and plan drafts, and updates the actions they own;
- everyone else (families, coordinators who are not members, partner keys, other LAs) sees
  nothing of it: forbidden looks the same as missing (404);
- the public (no sign-in) sees published versions of inclusion plans only.

These rules extend ``sendcpp.access`` for a body that is not a case; they ask it for the roles.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from partnerships.compliance import Quorum, SeatCompliance, check_quorum, membership_compliance
from partnerships.models import (
    AttendanceStatus,
    BoardAction,
    BoardActionStatus,
    BoardMember,
    EngagementActivity,
    InclusionPlan,
    Meeting,
    MeetingPaper,
    MeetingStatus,
    PartnershipBoard,
    PlanVersion,
    PlanVersionStatus,
)
from sendcpp import access
from sendcpp.access import Action as Can
from sendcpp.access import Actor

_LOOKUP_ERRORS = (ValueError, TypeError, ValidationError)


# Who may see and run a board is decided by the access policy (the board's clause is this app's
# ``partnerships/access.py``); these name the questions this app's views and services ask.


def boards_for(user: Actor, *, today: date) -> QuerySet[PartnershipBoard]:
    """The boards ``user`` may see."""
    return access.records_for(user, PartnershipBoard.objects.all(), today=today)


def can_manage(user: Actor, board: PartnershipBoard) -> bool:
    """Whether ``user`` runs ``board`` (configures it, its meetings, decisions and plan)."""
    return access.can(user, Can.EDIT, board)


def can_set_up_board(user: Actor) -> bool:
    """Whether ``user`` may set up their local authority's board."""
    return access.may_create(user, PartnershipBoard)


def can_update_action(user: Actor, action: BoardAction) -> bool:
    """Whether ``user`` may record progress on one of the board's actions."""
    return access.can(user, Can.EDIT, action)


def get_board_or_404(user: Actor, *, today: date, manage: bool = False) -> PartnershipBoard:
    """The board ``user`` works with (their own LA's first), or Http404."""
    board = boards_for(user, today=today).select_related("local_authority").order_by("id").first()
    if board is None or (manage and not can_manage(user, board)):
        raise Http404("No partnership board")
    return board


def _get_or_404(queryset: QuerySet[Any], public_id: UUID | str) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, *_LOOKUP_ERRORS) as error:
        raise Http404("Not found") from error


def _require_manager(user: Actor, board: PartnershipBoard, manage: bool) -> None:
    if manage and not can_manage(user, board):
        raise Http404("Not found")


def members_of(board: PartnershipBoard) -> QuerySet[BoardMember]:
    return BoardMember.objects.filter(board=board).select_related("organisation", "user")


def get_member_or_404(
    user: Actor, public_id: UUID | str, *, today: date, manage: bool = False
) -> BoardMember:
    member = _get_or_404(
        BoardMember.objects.filter(board__in=boards_for(user, today=today)).select_related(
            "board", "organisation", "user"
        ),
        public_id,
    )
    _require_manager(user, member.board, manage)
    return member


def seat_compliance(board: PartnershipBoard, *, today: date) -> list[SeatCompliance]:
    """Each required seat of the board: filled, lapsed or vacant today (two queries)."""
    return membership_compliance(
        list(board.required_roles.all()),
        list(BoardMember.objects.filter(board=board).only("role", "starts_on", "ends_on")),
        today,
    )


def meetings_for(user: Actor, *, today: date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(board__in=boards_for(user, today=today))


def board_meetings(board: PartnershipBoard) -> QuerySet[Meeting]:
    return Meeting.objects.filter(board=board).annotate(
        decision_count=Count("decisions", distinct=True),
        paper_count=Count("papers", distinct=True),
    )


def get_meeting_or_404(
    user: Actor, public_id: UUID | str, *, today: date, manage: bool = False
) -> Meeting:
    meeting = _get_or_404(
        meetings_for(user, today=today).select_related("board", "minutes_updated_by"), public_id
    )
    _require_manager(user, meeting.board, manage)
    return meeting


def get_paper_or_404(user: Actor, public_id: UUID | str, *, today: date) -> MeetingPaper:
    return _get_or_404(
        MeetingPaper.objects.filter(meeting__board__in=boards_for(user, today=today)), public_id
    )


def meeting_quorum(meeting: Meeting) -> Quorum:
    """Whether the meeting was quorate, from its recorded attendance (two queries)."""
    present_roles = list(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "member__role", flat=True
        )
    )
    roles_needed = list(
        meeting.board.required_roles.filter(required_for_quorum=True).values_list("role", flat=True)
    )
    return check_quorum(
        present_roles=present_roles,
        minimum=meeting.board.quorum_minimum,
        roles_needed=roles_needed,
    )


def upcoming_meetings(board: PartnershipBoard, *, today: date) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        board=board, meets_on__gte=today, status=MeetingStatus.SCHEDULED
    ).order_by("meets_on", "id")


def actions_for(user: Actor, *, today: date) -> QuerySet[BoardAction]:
    return BoardAction.objects.filter(board__in=boards_for(user, today=today))


def board_actions(board: PartnershipBoard) -> QuerySet[BoardAction]:
    return BoardAction.objects.filter(board=board).select_related("owner", "meeting", "plan")


def overdue_actions(board: PartnershipBoard, *, today: date) -> QuerySet[BoardAction]:
    """Open actions whose due date has passed, most overdue first."""
    return board_actions(board).filter(status=BoardActionStatus.OPEN, due_on__lt=today)


def get_action_or_404(user: Actor, public_id: UUID | str, *, today: date) -> BoardAction:
    return _get_or_404(
        actions_for(user, today=today).select_related(
            "board", "owner", "owner__user", "meeting", "plan", "created_by"
        ),
        public_id,
    )


def engagement_of(board: PartnershipBoard) -> QuerySet[EngagementActivity]:
    return EngagementActivity.objects.filter(board=board)


def plans_for(user: Actor, *, today: date) -> QuerySet[InclusionPlan]:
    return InclusionPlan.objects.filter(board__in=boards_for(user, today=today))


def get_plan_or_404(
    user: Actor, public_id: UUID | str, *, today: date, manage: bool = False
) -> InclusionPlan:
    plan = _get_or_404(plans_for(user, today=today).select_related("board"), public_id)
    _require_manager(user, plan.board, manage)
    return plan


def plan_versions(plan: InclusionPlan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).select_related("updated_by", "approval__meeting")


def get_version_or_404(
    user: Actor, public_id: UUID | str, *, today: date, manage: bool = False
) -> PlanVersion:
    version = _get_or_404(
        PlanVersion.objects.filter(plan__board__in=boards_for(user, today=today)).select_related(
            "plan", "plan__board", "plan__board__local_authority", "updated_by", "approval__meeting"
        ),
        public_id,
    )
    _require_manager(user, version.plan.board, manage)
    return version


def held_meetings_for_approval(board: PartnershipBoard) -> QuerySet[Meeting]:
    """Meetings at which the board could have approved a plan: those held (quorum is checked when
    the decision is recorded)."""
    return Meeting.objects.filter(board=board, status=MeetingStatus.HELD).order_by("-meets_on")


# --- Public reads: published plans only --------------------------------------------------------


def published_plans() -> QuerySet[InclusionPlan]:
    """Plans with at least one published version, for the public list (no sign-in)."""
    return (
        InclusionPlan.objects.filter(versions__status=PlanVersionStatus.PUBLISHED)
        .annotate(
            latest_published=Max(
                "versions__number", filter=Q(versions__status=PlanVersionStatus.PUBLISHED)
            ),
            last_published_at=Max(
                "versions__published_at", filter=Q(versions__status=PlanVersionStatus.PUBLISHED)
            ),
        )
        .select_related("board__local_authority")
        .order_by("board__local_authority__name", "-covers_from", "id")
    )


def published_versions() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(status=PlanVersionStatus.PUBLISHED)


def get_published_version_or_404(plan_id: UUID | str, number: int | None = None) -> PlanVersion:
    """A published version of a plan (the latest if ``number`` is None), else Http404: drafts
    and approved-but-unpublished versions do not exist for the public."""
    versions = published_versions().filter(plan__public_id=plan_id)
    if number is not None:
        versions = versions.filter(number=number)
    try:
        version = (
            versions.select_related("plan", "plan__board", "plan__board__local_authority", "pdf")
            .order_by("-number")
            .first()
        )
    except _LOOKUP_ERRORS as error:
        raise Http404("No such plan") from error
    if version is None:
        raise Http404("No such plan")
    return version


def get_published_version_by_id_or_404(public_id: UUID | str) -> PlanVersion:
    return _get_or_404(
        published_versions().select_related("plan", "plan__board", "plan__board__local_authority"),
        public_id,
    )


# --- What the plan lists: its actions and the engagement behind it -------------------------------
# The same rows are shown live on a draft and frozen into a version when the board approves it.


def plan_action_rows(plan: InclusionPlan) -> list[dict[str, str]]:
    """The plan's actions (not cancelled) as plain data: what, who, by when, and the measure."""
    return [
        {
            "description": action.description,
            "owner": action.owner.full_name,
            "organisation": action.owner.organisation_label,
            "role": action.owner.get_role_display(),
            "due_on": action.due_on.isoformat(),
            "measure": action.measure,
        }
        for action in BoardAction.objects.filter(plan=plan)
        .exclude(status=BoardActionStatus.CANCELLED)
        .select_related("owner__organisation")
        .order_by("due_on", "id")
    ]


def engagement_rows(board: PartnershipBoard, *, until: date) -> list[dict[str, Any]]:
    """The board's engagement activities held by ``until``, newest first, as plain data."""
    return [
        {
            "held_on": activity.held_on.isoformat(),
            "title": activity.title,
            "participants_count": activity.participants_count,
            "groups": activity.groups,
            "what_was_asked": activity.what_was_asked,
            "what_changed": activity.what_changed,
        }
        for activity in EngagementActivity.objects.filter(board=board, held_on__lte=until)
    ]


def plan_progress(plan: InclusionPlan, *, today: date) -> dict[str, Any]:
    """Live progress on a plan's actions for the public page: status only (never progress notes,
    which are working text), and counts."""
    actions = list(
        BoardAction.objects.filter(plan=plan)
        .exclude(status=BoardActionStatus.CANCELLED)
        .select_related("owner__organisation")
        .order_by("due_on", "id")
    )
    done = sum(1 for a in actions if a.status == BoardActionStatus.DONE)
    overdue = sum(1 for a in actions if a.is_overdue_on(today))
    return {
        "actions": actions,
        "done": done,
        "overdue": overdue,
        "open": len(actions) - done,
        "total": len(actions),
    }
