"""Running meetings: scheduling, papers, the agenda, attendance, conflicts of interest, starting
(with the quorum check) and closing."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from panels import selectors
from panels.models import (
    WAITING_STAGES,
    AgendaItem,
    ConflictOfInterest,
    ItemStatus,
    MeetingAttendance,
    MeetingStatus,
    Panel,
    PanelMeeting,
    PanelMember,
)
from panels.services.common import (
    clean_text,
    lock_item,
    lock_meeting,
    meeting_link,
    require_runs,
)
from panels.workflow import AGENDA_ITEM, MEETING
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import Case, User
from sendcpp.notifications import notify
from sendcpp.timeline import record_case_event

# --- Meetings and agendas -------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    panel: Panel, *, starts_at: datetime, by: User, location: str = ""
) -> PanelMeeting:
    """Arrange a meeting. Its papers are published to members the panel's set number of days
    before it starts; everyone on the panel is expected until the chair records apologies."""
    require_runs(by, panel)
    if not panel.is_active:
        raise DomainError("This panel is no longer active")
    if timezone.localtime(starts_at).date() < timezone.localdate():
        raise DomainError("The meeting must be today or in the future", field="starts_at")
    meeting = PanelMeeting.objects.create(
        panel=panel,
        starts_at=starts_at,
        location=(location or "").strip(),
        papers_published_at=starts_at - timedelta(days=panel.papers_days_before),
        created_by=by,
    )
    MeetingAttendance.objects.bulk_create(
        [
            MeetingAttendance(meeting=meeting, member=member)
            for member in panel.members.filter(left_on__isnull=True)
        ]
    )
    return meeting


@transaction.atomic
def publish_papers(meeting: PanelMeeting, *, by: User) -> PanelMeeting:
    """Publish the case papers to the panel's members now, rather than at the set time."""
    meeting = lock_meeting(meeting)
    require_runs(by, meeting.panel)
    if MEETING.is_terminal(meeting.status):
        raise TransitionNotAllowed("The meeting has closed")
    now = timezone.now()
    if meeting.papers_are_published(now):
        raise DuplicateSubmission("The papers are already published")
    meeting.papers_published_at = now
    meeting.save(update_fields=["papers_published_at"])
    _tell_members_papers_are_ready(meeting)
    return meeting


def _tell_members_papers_are_ready(meeting: PanelMeeting) -> None:
    for member in meeting.panel.members.filter(left_on__isnull=True).select_related("user"):
        notify(
            key=f"panels:papers:{meeting.public_id}:{member.user_id}",
            recipient=member.user,
            subject=f"Papers for the {meeting} are ready",
            body="The case papers for the panel meeting are ready to read.",
            link=meeting_link(meeting),
        )


def _check_can_add(meeting: PanelMeeting, case: Case, decision_kind: str, by: User) -> None:
    if MEETING.is_terminal(meeting.status):
        raise TransitionNotAllowed("The meeting has closed")
    if decision_kind not in meeting.panel.decision_kinds:
        raise DomainError("This panel does not take that decision", field="decision_kind")
    if case.local_authority_id != meeting.panel.local_authority_id or not access.can(
        by, Action.VIEW, case
    ):
        raise DomainError("You cannot put this case on the agenda", field="case")
    if case.stage not in WAITING_STAGES[decision_kind] or case.closed_on is not None:
        raise TransitionNotAllowed(
            f"A case at “{case.get_stage_display()}” is not waiting for this decision"
        )
    if not Case.objects.filter(pk=case.pk).filter(selectors.decidable(decision_kind)).exists():
        raise TransitionNotAllowed(
            f"Case {case.reference} cannot be decided yet: record the request for assessment "
            "(or the assessment) on the case first"
        )
    waiting = AgendaItem.objects.filter(
        case=case,
        decision_kind=decision_kind,
        status=ItemStatus.WAITING,
        meeting__status__in=MEETING.live,
    ).select_related("meeting")
    for item in waiting:
        raise DuplicateSubmission(
            f"Case {case.reference} is already on the agenda of the meeting on "
            f"{item.meeting.meeting_date:%-d %B %Y} for this decision"
        )


@transaction.atomic
def add_to_agenda(
    meeting: PanelMeeting, *, case: Case, decision_kind: str, by: User, summary: str = ""
) -> AgendaItem:
    """Put a case waiting for a decision on a meeting's agenda (the chair or a SEND manager)."""
    meeting = lock_meeting(meeting)
    require_runs(by, meeting.panel)
    _check_can_add(meeting, case, decision_kind, by)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        decision_kind=decision_kind,
        position=last + 1,
        summary=(summary or "").strip(),
        added_by=by,
    )
    record_case_event(
        case=case,
        kind="panel_agenda_added",
        by=by,
        summary=f"Added to the agenda of the {meeting}: {item.get_decision_kind_display().lower()}",
        item=str(item.public_id),
    )
    return item


@transaction.atomic
def add_cases_to_agenda(
    meeting: PanelMeeting, *, cases: Sequence[Case], decision_kind: str, by: User
) -> list[AgendaItem]:
    """Put several waiting cases on the agenda at once (all or none)."""
    if not cases:
        raise DomainError("Choose at least one case", field="cases")
    return [add_to_agenda(meeting, case=case, decision_kind=decision_kind, by=by) for case in cases]


def _set_item_aside(
    item: AgendaItem,
    *,
    status: str,
    allowed: bool,
    refusal: str,
    reason: str,
    reason_missing: str,
    kind: str,
    summary: str,
    by: User,
) -> AgendaItem:
    """Move a locked item waiting for a decision to ``status`` with the reason given, and note it
    on the case's timeline. ``allowed`` says whether the meeting's state permits it."""
    if not allowed:
        raise TransitionNotAllowed(refusal)
    item.status = AGENDA_ITEM.check(item.status, status, refusal=refusal)
    item.status_reason = clean_text(reason, field="reason", message=reason_missing)
    item.save(update_fields=["status", "status_reason"])
    record_case_event(case=item.case, kind=kind, by=by, summary=summary, item=str(item.public_id))
    return item


@transaction.atomic
def withdraw_from_agenda(item: AgendaItem, *, reason: str, by: User) -> AgendaItem:
    """Take a case off the agenda before it is decided (members no longer see it)."""
    item = lock_item(item)
    require_runs(by, item.meeting.panel)
    return _set_item_aside(
        item,
        status=ItemStatus.WITHDRAWN,
        allowed=not MEETING.is_terminal(item.meeting.status),
        refusal="Only an item waiting for a decision can be taken off",
        reason=reason,
        reason_missing="Enter why it is taken off",
        kind="panel_agenda_withdrawn",
        summary=f"Taken off the agenda of the {item.meeting}",
        by=by,
    )


@transaction.atomic
def defer_item(item: AgendaItem, *, reason: str, by: User) -> AgendaItem:
    """The panel does not decide now (for example it needs more information)."""
    item = lock_item(item)
    require_runs(by, item.meeting.panel)
    return _set_item_aside(
        item,
        status=ItemStatus.DEFERRED,
        allowed=item.meeting.status == MeetingStatus.IN_PROGRESS,
        refusal="Only an item waiting at a meeting in progress can be deferred",
        reason=reason,
        reason_missing="Enter why the panel deferred it",
        kind="panel_item_deferred",
        summary=f"The {item.meeting} deferred its decision",
        by=by,
    )


@transaction.atomic
def record_attendance(
    meeting: PanelMeeting, *, present_member_ids: Collection[int], by: User
) -> PanelMeeting:
    """Record who is at the meeting; everyone else on the panel sent apologies."""
    meeting = lock_meeting(meeting)
    require_runs(by, meeting.panel)
    if MEETING.is_terminal(meeting.status):
        raise TransitionNotAllowed("The meeting has closed")
    members = list(meeting.panel.members.filter(left_on__isnull=True))
    unknown = set(present_member_ids) - {m.pk for m in members}
    if unknown:
        raise DomainError("Choose members of this panel", field="present")
    for member in members:
        MeetingAttendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"present": member.pk in present_member_ids}
        )
    return meeting


@transaction.atomic
def declare_conflict(
    item: AgendaItem, *, member: PanelMember, reason: str, by: User
) -> ConflictOfInterest:
    """Record a member's conflict of interest on an item: they declare it themselves, or the chair
    or a SEND manager records it for them. From then on they do not see the item's papers and
    are not counted for its decision."""
    item = lock_item(item)
    panel = item.meeting.panel
    if member.panel_id != panel.pk or member.left_on is not None:
        raise DomainError("Choose a member of this panel", field="member")
    if member.user_id != by.pk:
        require_runs(by, panel)
    if AGENDA_ITEM.is_terminal(item.status):
        raise TransitionNotAllowed("Conflicts are declared before the item is decided")
    if ConflictOfInterest.objects.filter(item=item, member=member).exists():
        raise DuplicateSubmission("This conflict of interest is already recorded")
    conflict = ConflictOfInterest.objects.create(
        item=item,
        member=member,
        reason=clean_text(reason, field="reason", message="Enter the conflict of interest"),
        declared_by=by,
    )
    record_case_event(
        case=item.case,
        kind="panel_conflict_declared",
        by=by,
        summary=f"A member of the {panel} declared a conflict of interest",
        item=str(item.public_id),
    )
    return conflict


@transaction.atomic
def start_meeting(meeting: PanelMeeting, *, by: User) -> PanelMeeting:
    """Open the meeting for decisions, after the quorum check. A meeting without a quorum is
    flagged (and so is each decision taken without one), not stopped. Starting publishes the
    papers if they were not published yet."""
    meeting = lock_meeting(meeting)
    require_runs(by, meeting.panel)
    status = MEETING.check(
        meeting.status, MeetingStatus.IN_PROGRESS, refusal="The meeting has already started"
    )
    now = timezone.now()
    if meeting.meeting_date > timezone.localdate():
        raise TransitionNotAllowed("A meeting can only be started on the day it is held")
    check = selectors.check_meeting_quorum(meeting)
    meeting.status = status
    meeting.started_at = now
    meeting.quorate_at_start = check.is_quorate
    meeting.quorum_problems_at_start = list(check.problems)
    meeting.papers_published_at = min(meeting.papers_published_at, now)
    meeting.save(
        update_fields=[
            "status",
            "started_at",
            "quorate_at_start",
            "quorum_problems_at_start",
            "papers_published_at",
        ]
    )
    return meeting


@transaction.atomic
def close_meeting(meeting: PanelMeeting, *, by: User) -> PanelMeeting:
    """End the meeting. Items not decided are deferred (not reached) and can go on a later
    agenda."""
    meeting = lock_meeting(meeting)
    require_runs(by, meeting.panel)
    status = MEETING.check(
        meeting.status, MeetingStatus.CLOSED, refusal="Only a meeting in progress can be closed"
    )
    for item in meeting.items.filter(status=ItemStatus.WAITING).select_related("case"):
        defer_item(item, reason="Not reached at the meeting", by=by)
    meeting.status = status
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    return meeting
