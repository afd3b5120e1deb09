"""Every write to the partnership: one function per use-case, atomic, with the acting user as
``by``. Each checks who may do it (``selectors.can_manage`` and friends: refused looks like
missing, Http404) and the rule it enforces (a ``DomainError`` with a message for the user).
Row history of every change is kept by pghistory triggers on the models."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Any, NotRequired, TypedDict, Unpack, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from partnerships import selectors
from partnerships.cadence import meeting_dates
from partnerships.models import (
    PLAN_SECTION_FIELDS,
    PLAN_SECTIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BoardAction,
    BoardActionStatus,
    BoardActionUpdate,
    BoardMember,
    Decision,
    EngagementActivity,
    InclusionPlan,
    Meeting,
    MeetingPaper,
    MeetingStatus,
    MemberRole,
    PartnershipBoard,
    PlanPdf,
    PlanVersion,
    PlanVersionStatus,
    RequiredRole,
)
from partnerships.workflow import ACTION, MEETING, PLAN_VERSION
from sendcpp import access, pdf
from sendcpp.calendar import bank_holidays, coverage_warning, last_covered_year, long_date
from sendcpp.documents import check_upload
from sendcpp.exceptions import DomainError, StaleEdit, TransitionNotAllowed
from sendcpp.models import Organisation, User
from sendcpp.notifications import notify

#: The mandated membership a new board starts with (domain spec 4.7: the LA's education, SEND and
#: social care services, the ICB, schools by phase including special schools, colleges, early
#: years, alternative provision and the parent carer forum). Roles marked True must have someone
#: present for the board to be quorate: the LA that leads it, health, and parents' voice.
DEFAULT_REQUIRED_ROLES: tuple[tuple[str, int, bool], ...] = (
    (MemberRole.LA_EDUCATION, 1, False),
    (MemberRole.LA_SEND, 1, True),
    (MemberRole.SOCIAL_CARE, 1, False),
    (MemberRole.HEALTH, 1, True),
    (MemberRole.PRIMARY_SCHOOLS, 1, False),
    (MemberRole.SECONDARY_SCHOOLS, 1, False),
    (MemberRole.SPECIAL_SCHOOLS, 1, False),
    (MemberRole.COLLEGES, 1, False),
    (MemberRole.EARLY_YEARS, 1, False),
    (MemberRole.ALTERNATIVE_PROVISION, 1, False),
    (MemberRole.PARENT_CARER_FORUM, 1, True),
)
DEFAULT_QUORUM_MINIMUM = 5


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _require_manager(by: User, board: PartnershipBoard) -> None:
    access.require(selectors.can_manage(by, board))


# --- The board and its membership rules -----------------------------------------------------------


@transaction.atomic
def set_up_board(*, local_authority: Organisation, name: str, by: User) -> PartnershipBoard:
    """Set up the local authority's partnership board with the default mandated membership.
    Only a manager of that LA, and only once."""
    access.require(selectors.can_set_up_board(by) and by.organisation_id == local_authority.pk)
    if not name.strip():
        raise DomainError("Enter the board's name", field="name")
    board = PartnershipBoard.objects.create(
        local_authority=local_authority, name=name.strip(), quorum_minimum=DEFAULT_QUORUM_MINIMUM
    )
    RequiredRole.objects.bulk_create(
        RequiredRole(board=board, role=role, minimum_members=minimum, required_for_quorum=quorum)
        for role, minimum, quorum in DEFAULT_REQUIRED_ROLES
    )
    return board


@transaction.atomic
def update_board_rules(
    board: PartnershipBoard,
    *,
    name: str,
    quorum_minimum: int,
    meeting_interval_weeks: int,
    reminder_days: int,
    by: User,
) -> PartnershipBoard:
    """Change the board's name, quorum, usual cadence and reminder lead time."""
    _require_manager(by, board)
    if quorum_minimum < 1:
        raise DomainError("The quorum must be at least 1 member", field="quorum_minimum")
    if not 1 <= meeting_interval_weeks <= 52:
        raise DomainError(
            "Meetings must be between 1 and 52 weeks apart", field="meeting_interval_weeks"
        )
    if reminder_days > 60:
        raise DomainError("Remind owners at most 60 days ahead", field="reminder_days")
    board.name = name.strip() or board.name
    board.quorum_minimum = quorum_minimum
    board.meeting_interval_weeks = meeting_interval_weeks
    board.reminder_days = reminder_days
    board.save(update_fields=["name", "quorum_minimum", "meeting_interval_weeks", "reminder_days"])
    return board


@transaction.atomic
def save_required_role(
    board: PartnershipBoard,
    *,
    role: str,
    minimum_members: int,
    required_for_quorum: bool,
    by: User,
) -> RequiredRole:
    """Add a seat to the mandated membership, or change how many people it needs and whether it
    counts for quorum."""
    _require_manager(by, board)
    if role not in MemberRole.values:
        raise DomainError("Choose a role from the list", field="role")
    if minimum_members < 1:
        raise DomainError("A required role needs at least 1 member", field="minimum_members")
    required, _created = RequiredRole.objects.update_or_create(
        board=board,
        role=role,
        defaults={"minimum_members": minimum_members, "required_for_quorum": required_for_quorum},
    )
    return required


@transaction.atomic
def remove_required_role(required: RequiredRole, *, by: User) -> None:
    """Take a seat off the mandated membership (its members stay on the board)."""
    _require_manager(by, required.board)
    required.delete()


class MemberDetails(TypedDict):
    """Who sits on the board and for which term (the same for appointing and for changing)."""

    full_name: str
    role: str
    starts_on: date
    organisation: NotRequired[Organisation | None]
    organisation_name: NotRequired[str]
    job_title: NotRequired[str]
    user: NotRequired[User | None]
    is_chair: NotRequired[bool]
    ends_on: NotRequired[date | None]


def _member_values(board: PartnershipBoard, details: MemberDetails) -> dict[str, Any]:
    """Check a member's details for ``board`` and return the fields to store."""
    full_name, role, starts_on = details["full_name"], details["role"], details["starts_on"]
    organisation = details.get("organisation")
    organisation_name = details.get("organisation_name", "")
    user, ends_on = details.get("user"), details.get("ends_on")
    if not full_name.strip():
        raise DomainError("Enter the member's name", field="full_name")
    if role not in MemberRole.values:
        raise DomainError("Choose the member's role", field="role")
    if organisation is None and not organisation_name.strip():
        raise DomainError(
            "Choose the organisation, or enter its name if it is not listed", field="organisation"
        )
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The term must end on or after the day it starts", field="ends_on")
    # Only the LA's own staff accounts can be linked: they are who can sign in to see the board.
    if user is not None and (
        user.organisation_id != board.local_authority_id or not access.is_la_staff(user)
    ):
        raise DomainError("Choose a staff account of this local authority", field="user")
    return {
        "full_name": full_name.strip(),
        "role": role,
        "organisation": organisation,
        "organisation_name": "" if organisation else organisation_name.strip(),
        "job_title": details.get("job_title", "").strip(),
        "user": user,
        "is_chair": details.get("is_chair", False),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def add_member(
    board: PartnershipBoard, *, by: User, **details: Unpack[MemberDetails]
) -> BoardMember:
    """Appoint a member to the board for a term."""
    _require_manager(by, board)
    return BoardMember.objects.create(board=board, **_member_values(board, details))


@transaction.atomic
def update_member(
    member: BoardMember, *, by: User, **details: Unpack[MemberDetails]
) -> BoardMember:
    """Change a member's details or term (setting an end date ends their membership)."""
    member = BoardMember.objects.select_for_update().select_related("board").get(pk=member.pk)
    _require_manager(by, member.board)
    for field, value in _member_values(member.board, details).items():
        setattr(member, field, value)
    member.save()
    return member


# --- Meetings -------------------------------------------------------------------------------------


@transaction.atomic
def schedule_meetings(
    board: PartnershipBoard,
    *,
    first_on: date,
    count: int,
    by: User,
    interval_weeks: int | None = None,
    starts_at: time = time(10, 0),
    location: str = "",
) -> list[Meeting]:
    """Schedule a series of meetings on the board's cadence. A date that falls on a weekend or a
    bank holiday moves to the next working day and the meeting records why. Past dates are
    allowed, to record meetings held before the board used this service."""
    _require_manager(by, board)
    interval = interval_weeks or board.meeting_interval_weeks
    holidays = bank_holidays()
    try:
        dates = meeting_dates(first_on, interval_weeks=interval, count=count, holidays=holidays)
    except ValueError as error:
        raise DomainError(str(error), field="count") from error
    # A date past the loaded bank holidays could land on one (Christmas Day of a year not yet
    # loaded): schedule only as far as they reach.
    beyond = [d.meets_on for d in dates if coverage_warning(d.meets_on, holidays)]
    if beyond:
        raise DomainError(
            f"Bank holidays are loaded only to the end of {last_covered_year(holidays)}, so a "
            f"meeting on {long_date(beyond[0], weekday=True)} could fall on one. Schedule fewer meetings, or "
            "ask an administrator to load the next years' bank holidays.",
            field="count",
        )
    taken = set(
        Meeting.objects.filter(
            board=board,
            meets_on__in=[d.meets_on for d in dates],
            status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD],
        ).values_list("meets_on", flat=True)
    )
    if taken:
        clash = min(taken)
        raise DomainError(
            f"The board already meets on {long_date(clash, weekday=True)}. Choose other dates.",
            field="first_on",
        )
    return Meeting.objects.bulk_create(
        Meeting(
            board=board,
            meets_on=d.meets_on,
            planned_on=d.planned_on,
            moved_reason=d.moved_reason,
            starts_at=starts_at,
            location=location.strip(),
        )
        for d in dates
    )


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("board").get(pk=meeting.pk)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User) -> Meeting:
    """Cancel a scheduled meeting."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    MEETING.check(meeting.status, MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def add_agenda_item(
    meeting: Meeting, *, title: str, by: User, presenter: str = "", description: str = ""
) -> AgendaItem:
    """Add an item to the end of a meeting's agenda."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    if meeting.status == MeetingStatus.CANCELLED:
        raise TransitionNotAllowed("This meeting was cancelled")
    if not title.strip():
        raise DomainError("Enter the agenda item", field="title")
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title.strip(),
        presenter=presenter.strip(),
        description=description.strip(),
    )


@transaction.atomic
def add_paper(meeting: Meeting, *, upload: UploadedFile, title: str, by: User) -> MeetingPaper:
    """Attach a paper to a meeting after checking its type and size."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    if meeting.status == MeetingStatus.CANCELLED:
        raise TransitionNotAllowed("This meeting was cancelled")
    if not title.strip():
        raise DomainError("Enter a title for the paper", field="title")
    checked = check_upload(upload)
    paper = MeetingPaper(
        meeting=meeting,
        title=title.strip(),
        original_filename=checked.safe_name,
        content_type=checked.content_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    paper.file.save(checked.safe_name, upload, save=False)
    paper.save()
    return paper


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    *,
    statuses: Mapping[int, str],
    by: User,
    today: date | None = None,
) -> Meeting:
    """Record who was at a meeting (member id -> present, apologies or absent; members left out
    were absent). The meeting is then held; attendance can be corrected later."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    if meeting.meets_on > _today(today):
        raise DomainError("Record attendance on or after the day of the meeting")
    if meeting.status != MeetingStatus.HELD:
        MEETING.check(meeting.status, MeetingStatus.HELD)
    members = {
        m.pk: m
        for m in BoardMember.objects.filter(board=meeting.board, starts_on__lte=meeting.meets_on)
        if m.ends_on is None or m.ends_on >= meeting.meets_on
    }
    unknown = set(statuses) - set(members)
    if unknown:
        raise DomainError("Attendance can only be recorded for members of the board on that day")
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise DomainError("Choose present, sent apologies or absent for each member")
    for member_id, member in members.items():
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={"status": statuses.get(member_id, AttendanceStatus.ABSENT)},
        )
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def save_minutes(meeting: Meeting, *, text: str, revision: int, by: User) -> Meeting:
    """Save a meeting's minutes. A save made on an out-of-date copy is refused (StaleEdit), so
    nobody's minutes are overwritten."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    if meeting.status != MeetingStatus.HELD:
        raise TransitionNotAllowed("Record the attendance before writing the minutes")
    if revision != meeting.minutes_revision:
        who = meeting.minutes_updated_by.display_name if meeting.minutes_updated_by else "Someone"
        raise StaleEdit(
            f"{who} saved the minutes while you were editing them. Your text has not been saved "
            "and is still in the box below: compare it with theirs, then save again."
        )
    meeting.minutes = text.strip()
    meeting.minutes_revision += 1
    meeting.minutes_updated_at = timezone.now()
    meeting.minutes_updated_by = by
    meeting.save(
        update_fields=["minutes", "minutes_revision", "minutes_updated_at", "minutes_updated_by"]
    )
    return meeting


@transaction.atomic
def record_decision(meeting: Meeting, *, text: str, by: User) -> Decision:
    """Record a decision of the board. Only at a held meeting that was quorate; final once
    recorded."""
    meeting = _lock_meeting(meeting)
    _require_manager(by, meeting.board)
    if not text.strip():
        raise DomainError("Enter the decision", field="text")
    if meeting.status != MeetingStatus.HELD:
        raise TransitionNotAllowed("Record the attendance before recording decisions")
    quorum = selectors.meeting_quorum(meeting)
    if not quorum.is_quorate:
        raise DomainError(f"The board cannot decide at this meeting. {quorum.explanation}")
    return Decision.objects.create(meeting=meeting, text=text.strip(), recorded_by=by)


# --- Actions --------------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    board: PartnershipBoard,
    *,
    description: str,
    owner: BoardMember,
    due_on: date,
    by: User,
    measure: str = "",
    meeting: Meeting | None = None,
    plan: InclusionPlan | None = None,
    today: date | None = None,
) -> BoardAction:
    """Give a current member of the board an action, by a date, raised at a meeting or as one of
    the inclusion plan's actions."""
    _require_manager(by, board)
    if not description.strip():
        raise DomainError("Enter the action", field="description")
    if owner.board_id != board.pk or not owner.is_active_on(_today(today)):
        raise DomainError("Choose a current member of the board as the owner", field="owner")
    if meeting is not None and meeting.board_id != board.pk:
        raise DomainError("Choose a meeting of this board", field="meeting")
    if plan is not None and plan.board_id != board.pk:
        raise DomainError("Choose a plan of this board", field="plan")
    return BoardAction.objects.create(
        board=board,
        description=description.strip(),
        measure=measure.strip(),
        owner=owner,
        due_on=due_on,
        meeting=meeting,
        plan=plan,
        created_by=by,
    )


@transaction.atomic
def update_action_progress(
    action: BoardAction, *, note: str, status: str, by: User, today: date | None = None
) -> BoardActionUpdate:
    """Record progress on an action, optionally marking it done, cancelled or reopened. The
    owner or a manager may; cancelling is for managers only."""
    action = (
        BoardAction.objects.select_for_update().select_related("board", "owner").get(pk=action.pk)
    )
    access.require(selectors.can_update_action(by, action))
    if not note.strip():
        raise DomainError("Enter what has happened", field="note")
    if status != action.status:
        ACTION.check(action.status, status)
        if status == BoardActionStatus.CANCELLED and not selectors.can_manage(by, action.board):
            raise DomainError("Only a manager can cancel an action", field="status")
        action.status = status
        action.completed_on = _today(today) if status == BoardActionStatus.DONE else None
        action.save(update_fields=["status", "completed_on", "updated_at"])
    return BoardActionUpdate.objects.create(
        action=action, note=note.strip(), status_after=status, by=by
    )


def _reminder_recipient(action: BoardAction) -> User:
    owner_account = action.owner.user
    if owner_account is not None and owner_account.is_active:
        return owner_account
    # An owner without an account in the service is chased by whoever recorded the action.
    return action.created_by


def sweep_action_reminders(*, today: date | None = None) -> int:
    """Remind owners of open actions due within their board's reminder period, and of overdue
    ones, through the shared outbox. Each action, recipient and threshold ("due-soon",
    "overdue") gets exactly one notification however often or concurrently this runs (the
    outbox's unique key). Returns how many notifications were created."""
    day = _today(today)
    created = 0
    for board in PartnershipBoard.objects.all().only("pk", "reminder_days"):
        horizon = day + timedelta(days=board.reminder_days)
        actions = BoardAction.objects.filter(
            board=board, status=BoardActionStatus.OPEN, due_on__lte=horizon
        ).select_related("owner__user", "created_by")
        for action in actions.iterator(chunk_size=500):
            created += _remind(action, today=day)
    return created


def _remind(action: BoardAction, *, today: date) -> int:
    recipient = _reminder_recipient(action)
    overdue = action.due_on < today
    threshold = "overdue" if overdue else "due-soon"
    when = long_date(action.due_on, weekday=True)
    subject = (
        f"Partnership action overdue since {when}" if overdue else f"Partnership action due {when}"
    )
    body = (
        f"The partnership board action \u201c{action.description}\u201d, owned by "
        f"{action.owner.full_name}, {'was' if overdue else 'is'} due on {when}. "
        "Record progress or mark it done."
    )
    notification = notify(
        key=f"partnership-action:{action.pk}:user:{recipient.pk}:{threshold}",
        recipient=recipient,
        subject=subject,
        body=body,
        link=reverse("partnerships:action-detail", args=[action.public_id]),
    )
    return 0 if notification is None else 1


# --- Engagement -----------------------------------------------------------------------------------


@transaction.atomic
def record_engagement(
    board: PartnershipBoard,
    *,
    held_on: date,
    title: str,
    participants_count: int,
    groups: str,
    what_was_asked: str,
    what_changed: str,
    by: User,
    today: date | None = None,
) -> EngagementActivity:
    """Record a co-production activity with families or young people: who took part as numbers
    and groups (never names), what was asked and what changed as a result."""
    _require_manager(by, board)
    if held_on > _today(today):
        raise DomainError("The activity must have taken place already", field="held_on")
    if participants_count < 1:
        raise DomainError("Enter how many people took part", field="participants_count")
    for field, value, message in (
        ("title", title, "Enter what the activity was"),
        ("groups", groups, "Enter which groups took part"),
        ("what_was_asked", what_was_asked, "Enter what people were asked"),
        ("what_changed", what_changed, "Enter what changed as a result"),
    ):
        if not value.strip():
            raise DomainError(message, field=field)
    return EngagementActivity.objects.create(
        board=board,
        held_on=held_on,
        title=title.strip(),
        participants_count=participants_count,
        groups=groups.strip(),
        what_was_asked=what_was_asked.strip(),
        what_changed=what_changed.strip(),
        recorded_by=by,
    )


# --- The Local Area Inclusion Plan ----------------------------------------------------------------


@transaction.atomic
def start_plan(
    board: PartnershipBoard, *, title: str, covers_from: date, covers_to: date, by: User
) -> InclusionPlan:
    """Start a new inclusion plan with an empty first draft on the national template."""
    _require_manager(by, board)
    if not title.strip():
        raise DomainError("Enter the plan's title", field="title")
    if covers_to <= covers_from:
        raise DomainError("The plan must end after it starts", field="covers_to")
    plan = InclusionPlan.objects.create(
        board=board,
        title=title.strip(),
        covers_from=covers_from,
        covers_to=covers_to,
        created_by=by,
    )
    PlanVersion.objects.create(plan=plan, number=1, created_by=by, updated_by=by)
    return plan


def _lock_version(version: PlanVersion) -> PlanVersion:
    return (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__board", "updated_by")
        .get(pk=version.pk)
    )


@transaction.atomic
def save_plan_draft(
    version: PlanVersion, *, sections: Mapping[str, str], revision: int, by: User
) -> PlanVersion:
    """Save the text of a draft. ``revision`` is the revision the writer started from: if anyone
    saved since, the save is refused (StaleEdit) and nothing is overwritten."""
    version = _lock_version(version)
    _require_manager(by, version.plan.board)
    if version.status != PlanVersionStatus.DRAFT:
        raise TransitionNotAllowed(
            "Only a draft can be changed. Return it to draft, or start a new version."
        )
    unknown = set(sections) - set(PLAN_SECTION_FIELDS)
    if unknown:
        raise DomainError(f"Unknown plan sections: {', '.join(sorted(unknown))}")
    if revision != version.revision:
        who = version.updated_by.display_name if version.updated_by else "Someone"
        at = timezone.localtime(version.updated_at)
        raise StaleEdit(
            f"{who} saved this draft at {at:%H:%M} on {at.day} {at:%B} while you were editing. "
            "Your changes have not been saved and are still in the form: compare them with the "
            "latest text, then save again."
        )
    for field, text in sections.items():
        setattr(version, field, text.strip())
    version.revision += 1
    version.updated_by = by
    version.updated_at = timezone.now()
    version.save(update_fields=[*sections, "revision", "updated_by", "updated_at"])
    return version


@transaction.atomic
def start_new_version(plan: InclusionPlan, *, by: User) -> PlanVersion:
    """Start the next version of a plan as a draft copied from the latest version. Only one
    version can be open (draft or approved) at a time."""
    plan = InclusionPlan.objects.select_for_update().select_related("board").get(pk=plan.pk)
    _require_manager(by, plan.board)
    latest = plan.versions.order_by("-number").first()
    if latest is not None and latest.status != PlanVersionStatus.PUBLISHED:
        raise TransitionNotAllowed(
            f"Version {latest.number} is still open. Publish it before starting another."
        )
    text = {field: getattr(latest, field) for field in PLAN_SECTION_FIELDS} if latest else {}
    return PlanVersion.objects.create(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        created_by=by,
        updated_by=by,
        **text,
    )


@transaction.atomic
def approve_plan_version(
    version: PlanVersion, *, meeting: Meeting, by: User, today: date | None = None
) -> PlanVersion:
    """The board approves a draft at a quorate meeting: records the decision and freezes the
    plan's actions and engagement into the version. Every section must be written."""
    version = _lock_version(version)
    board = version.plan.board
    _require_manager(by, board)
    PLAN_VERSION.check(version.status, PlanVersionStatus.APPROVED)
    if meeting.board_id != board.pk:
        raise DomainError("Choose a meeting of this board", field="meeting")
    # The board can approve only the text it had before it: a meeting held before this version
    # was last changed (or before it existed) did not see it.
    last_changed = timezone.localdate(version.updated_at)
    if meeting.meets_on < last_changed:
        raise DomainError(
            f"The meeting on {long_date(meeting.meets_on, weekday=True)} was before this version was last "
            f"changed on {long_date(last_changed, weekday=True)}. Choose a meeting held since.",
            field="meeting",
        )
    empty = [heading for field, heading, _hint in PLAN_SECTIONS if not getattr(version, field)]
    if empty:
        raise DomainError(
            "Write every section before the board approves the plan. Empty: " + ", ".join(empty)
        )
    decision = record_decision(
        meeting,
        text=f"The board approved {version.plan.title}, version {version.number}.",
        by=by,
    )
    version.status = PlanVersionStatus.APPROVED
    version.approval = decision
    version.approved_at = decision.recorded_at
    version.actions_snapshot = selectors.plan_action_rows(version.plan)
    version.engagement_snapshot = selectors.engagement_rows(board, until=_today(today))
    version.save(
        update_fields=[
            "status",
            "approval",
            "approved_at",
            "actions_snapshot",
            "engagement_snapshot",
        ]
    )
    return version


@transaction.atomic
def return_to_draft(version: PlanVersion, *, by: User) -> PlanVersion:
    """Reopen an approved (not yet published) version for changes; the board must approve it
    again. The approval decision stays on the record, and the meeting's record now also says
    that the approval no longer stands."""
    version = _lock_version(version)
    _require_manager(by, version.plan.board)
    PLAN_VERSION.check(version.status, PlanVersionStatus.DRAFT)
    if version.approval is not None:
        Decision.objects.create(
            meeting_id=version.approval.meeting_id,
            text=(
                f"The approval of {version.plan.title}, version {version.number}, no longer "
                f"stands: the plan returned to draft on {long_date(timezone.localdate(), weekday=True)}."
            ),
            recorded_by=by,
        )
    version.status = PlanVersionStatus.DRAFT
    version.approval = None
    version.approved_at = None
    version.actions_snapshot = []
    version.engagement_snapshot = []
    version.revision += 1
    version.updated_by = by
    version.updated_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def publish_plan_version(version: PlanVersion, *, by: User) -> PlanVersion:
    """Publish an approved version on the public website. From then on its row cannot change
    (a database trigger refuses); its PDF is generated in the background."""
    version = _lock_version(version)
    _require_manager(by, version.plan.board)
    if version.status == PlanVersionStatus.DRAFT:
        raise TransitionNotAllowed("The board must approve this version before it is published")
    PLAN_VERSION.check(version.status, PlanVersionStatus.PUBLISHED)
    version.status = PlanVersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    PlanPdf.objects.create(version=version)
    from partnerships.documents import LAIP_PDF

    pdf.prepare(LAIP_PDF, version.pk)
    return version


@transaction.atomic
def retry_plan_pdf(version: PlanVersion, *, by: User) -> PlanPdf:
    """Try again to make the PDF of a published version that could not be made after every
    retry."""
    from partnerships.documents import LAIP_PDF

    version = _lock_version(version)
    _require_manager(by, version.plan.board)
    return cast(PlanPdf, pdf.prepare_again(LAIP_PDF, version.pk))
