"""Permission-scoped reads of panels, meetings, agendas, decisions and bands. Which cases a person
may see is decided by ``sendcpp.access`` (including its panel-agenda clause); these add who may
see and run which panel. Anything a person may not see answers Http404, like a missing record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from ehcp.models import Assessment, AssessmentRequest
from panels import quorum
from panels.analytics import DecisionFact, FundingFact
from panels.models import (
    DEADLINE_RULES,
    WAITING_STAGES,
    AgendaItem,
    ConflictOfInterest,
    DecisionAmendment,
    DecisionCriterion,
    DecisionKind,
    FundingBand,
    ItemStatus,
    MeetingAttendance,
    Panel,
    PanelDecision,
    PanelMeeting,
    PanelMember,
)
from panels.workflow import MEETING
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.models import Case, Deadline, StaffProfile, User
from sendcpp.shapes import Shapes

_MISSING = (ValueError, TypeError, ValidationError)


# --- Who may do what ------------------------------------------------------------------------------


def _person(user: Actor) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def may_configure(user: Actor, local_authority_id: int | None) -> bool:
    """Managers and administrators configure their own LA's panels, bands and criteria."""
    person = _person(user)
    return (
        person is not None
        and access.can_configure(person)
        and person.organisation_id is not None
        and person.organisation_id == local_authority_id
    )


def is_la_manager(user: Actor, local_authority_id: int | None) -> bool:
    person = _person(user)
    return (
        person is not None
        and access.is_manager(person)
        and person.organisation_id == local_authority_id
    )


# A meeting's page reads the meeting, the reader's seat on its panel and who attends, each
# compiled once per shape of the reader's access (``sendcpp.shapes``).
_MEETING_PAGE = Shapes("a meeting's page")


def current_membership(user: Actor, panel: Panel) -> PanelMember | None:
    person = _person(user)
    if person is None or not access.is_la_staff(person):
        return None
    return _MEETING_PAGE.first(
        "seat",
        lambda given: PanelMember.objects.filter(
            panel_id=given["panel"], user_id=given["person"], left_on__isnull=True
        ).order_by("pk")[:1],
        {"panel": panel.pk, "person": person.pk},
    )


def chairs(user: Actor, panel: Panel) -> bool:
    member = current_membership(user, panel)
    return member is not None and member.is_chair


def runs_panel(user: Actor, panel: Panel) -> bool:
    """The panel's chair, or a SEND manager of its LA, runs its meetings: schedules them, builds
    the agenda, records attendance and decisions."""
    return is_la_manager(user, panel.local_authority_id) or chairs(user, panel)


# --- Panels and members ---------------------------------------------------------------------------


def panels_for(user: Actor) -> QuerySet[Panel]:
    """Panels ``user`` may see: every panel of their LA for those who configure them; otherwise
    the panels they sit on now."""
    person = _person(user)
    if person is None or not access.is_la_staff(person):
        return Panel.objects.none()
    if access.can_configure(person):
        return Panel.objects.filter(local_authority_id=person.organisation_id)
    return Panel.objects.filter(
        Exists(PanelMember.objects.filter(panel=OuterRef("pk"), user=person, left_on=None))
    )


def get_panel_or_404(user: Actor, public_id: UUID | str) -> Panel:
    try:
        return panels_for(user).select_related("local_authority").get(public_id=public_id)
    except (Panel.DoesNotExist, *_MISSING) as error:
        raise Http404("No such panel") from error


def current_members(panel: Panel) -> QuerySet[PanelMember]:
    return panel.members.filter(left_on__isnull=True).select_related("user", "organisation")


def get_member_or_404(user: Actor, panel: Panel, public_id: UUID | str) -> PanelMember:
    try:
        return current_members(panel).get(public_id=public_id)
    except (PanelMember.DoesNotExist, *_MISSING) as error:
        raise Http404("No such member") from error


def eligible_members(panel: Panel) -> QuerySet[User]:
    """LA staff who can sit on ``panel``: panel members and SEND managers of its LA who are not
    on it already."""
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=panel.local_authority_id,
            staff_profile__role__in=[StaffProfile.Role.PANEL_MEMBER, StaffProfile.Role.MANAGER],
        )
        .exclude(panel_memberships__panel=panel, panel_memberships__left_on__isnull=True)
        .order_by("last_name", "first_name", "id")
    )


# --- Meetings -------------------------------------------------------------------------------------


def meetings_for(user: Actor) -> QuerySet[PanelMeeting]:
    """Meetings ``user`` may see: those of every panel of their LA for a SEND manager, otherwise
    those of the panels they sit on now. (An administrator configures panels but reads no
    agendas, which name children.)"""
    person = _person(user)
    if person is None or not access.is_la_staff(person):
        return PanelMeeting.objects.none()
    if access.is_manager(person):
        return PanelMeeting.objects.filter(panel__local_authority_id=person.organisation_id)
    return PanelMeeting.objects.filter(
        Exists(PanelMember.objects.filter(panel=OuterRef("panel"), user=person, left_on=None))
    )


def get_meeting_or_404(user: Actor, public_id: UUID | str, *, run: bool = False) -> PanelMeeting:
    """A meeting ``user`` may see (``run``: and run), else Http404."""
    key = access.public_id_or_404(public_id, "No such meeting")
    scope, ids = access.scope_values(user)

    def build(given: Mapping[str, Any]) -> QuerySet[PanelMeeting]:
        who = access.scoped(user, given)
        return meetings_for(who).select_related("panel").filter(public_id=given["meeting"])

    # Without a shape (a panel member: their meetings are by their seats) it is built afresh.
    shape = None if scope is None else ("meeting", scope)
    found = _MEETING_PAGE.objects(shape, build, {**ids, "meeting": key})
    if not found:
        raise Http404("No such meeting")
    meeting: PanelMeeting = found[0]
    if run and not runs_panel(user, meeting.panel):
        raise Http404("No such meeting")
    return meeting


def attendance(meeting: PanelMeeting) -> QuerySet[MeetingAttendance]:
    return _attendance_of({"meeting": meeting.pk})


def _attendance_of(given: Mapping[str, Any]) -> QuerySet[MeetingAttendance]:
    return MeetingAttendance.objects.filter(
        meeting_id=given["meeting"], member__left_on__isnull=True
    ).select_related("member__user", "member__organisation")


def attendance_list(meeting: PanelMeeting) -> list[MeetingAttendance]:
    """``attendance``, read through a query compiled once (the meeting's page)."""
    return _MEETING_PAGE.objects("attendance", _attendance_of, {"meeting": meeting.pk})


def seats(
    meeting: PanelMeeting, rows: Iterable[MeetingAttendance] | None = None
) -> list[quorum.Seat]:
    """The current members present at ``meeting``, as the quorum rules see them (from ``rows``,
    its ``attendance`` already read, if given)."""
    if rows is None:
        rows = attendance(meeting).filter(present=True)
    return [
        quorum.Seat(member_id=a.member_id, role=a.member.role, is_chair=a.member.is_chair)
        for a in rows
        if a.present
    ]


def check_meeting_quorum(
    meeting: PanelMeeting, rows: Iterable[MeetingAttendance] | None = None
) -> quorum.QuorumCheck:
    return quorum.check_quorum(meeting.panel.kind, seats(meeting, rows))


# --- Agenda items ---------------------------------------------------------------------------------


def _open_deadlines(*columns: str) -> Prefetch:
    """Each item's case's open deadlines, soonest first (only ``columns`` of them, if named)."""
    deadlines = Deadline.objects.filter(met_on__isnull=True, cancelled_on__isnull=True)
    if columns:
        deadlines = deadlines.only("id", "case_id", *columns)
    return Prefetch(
        "case__deadlines", queryset=deadlines.order_by("due_on", "id"), to_attr="open_deadlines"
    )


def agenda_items_for(user: Actor) -> QuerySet[AgendaItem]:
    """Agenda items ``user`` may see: on meetings they may see, for cases ``sendcpp.access``
    lets them see (a member: from the papers' publication), and never an item on which they
    declared a conflict of interest."""
    person = _person(user)
    if person is None:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(
            meeting__in=meetings_for(person), case__in=access.cases_for(person, Action.VIEW)
        )
        .exclude(conflicts__member__user=person)
        .select_related("meeting__panel", "case__child", "case__coordinator")
    )


def with_papers(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Items with what an item's page and the API show of each: open deadlines, conflicts and
    the decision (the meeting's agenda reads its rows in one pass: ``agenda``)."""
    return items.prefetch_related(
        _open_deadlines(),
        Prefetch("conflicts", queryset=ConflictOfInterest.objects.select_related("member__user")),
    ).select_related("decision")


def get_item_or_404(user: Actor, public_id: UUID | str, *, run: bool = False) -> AgendaItem:
    try:
        item = with_papers(agenda_items_for(user)).get(public_id=public_id)
    except (AgendaItem.DoesNotExist, *_MISSING) as error:
        raise Http404("No such agenda item") from error
    if run and not runs_panel(user, item.meeting.panel):
        raise Http404("No such agenda item")
    return item


def item_deadline(item: AgendaItem) -> Deadline | None:
    """The statutory deadline the chair should see for the item: the one for its kind of
    decision if open, else the case's earliest open deadline (needs ``with_papers``)."""
    deadlines: list[Deadline] | None = getattr(item.case, "open_deadlines", None)
    if deadlines is None:
        deadlines = list(
            item.case.deadlines.filter(met_on__isnull=True, cancelled_on__isnull=True).order_by(
                "due_on", "id"
            )
        )
    for rule in DEADLINE_RULES.get(item.decision_kind, ()):
        for deadline in deadlines:
            if deadline.rule == rule:
                return deadline
    return deadlines[0] if deadlines else None


_AGENDA = Shapes("a meeting's agenda")


def agenda(meeting: PanelMeeting, user: Actor) -> list[AgendaItem]:
    """The meeting's agenda as ``user`` may see it, in order, each with ``deadline`` and
    ``conflict_count`` (conflicts of interest declared on it) set.

    Only what a list of the agenda shows is read: the child, the open deadlines and the
    decision, with the conflicts counted rather than loaded (the meeting is already known)."""
    conflicts = (
        ConflictOfInterest.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(n=Count("id"))
        .values("n")
    )
    # Compiled once per shape of the person's access (``sendcpp.shapes``): PostgreSQL took
    # longer to plan the query than to run it (6 ms against 2 at 50,000 cases).
    scope, ids = access.scope_values(user)

    def build(given: Mapping[str, Any]) -> QuerySet[AgendaItem]:
        who = access.scoped(user, given)
        return (
            agenda_items_for(who)
            .filter(meeting_id=given["meeting"])
            .select_related(None)
            .select_related("case__child", "decision")
            .annotate(conflict_count=Coalesce(Subquery(conflicts), 0))
            .order_by("position", "id")
        )

    items = _AGENDA.objects(scope, build, {**ids, "meeting": meeting.pk})
    # The agenda shows each item's deadline: what must happen and by when.
    prefetch_related_objects(items, _open_deadlines("rule", "due_on"))
    for item in items:
        item.meeting = meeting
        item.deadline = item_deadline(item)
    return items


def decidable(decision_kind: str) -> Q:
    """The cases a panel can actually decide ``decision_kind`` on: whether to assess needs a
    request for assessment recorded and waiting; whether to issue needs an assessment under way.
    (A case moved to a stage without its records cannot be decided: record those first.)"""
    if decision_kind == DecisionKind.ASSESS:
        return Q(
            Exists(
                AssessmentRequest.objects.filter(
                    case=OuterRef("pk"),
                    kind=AssessmentRequest.Kind.ASSESSMENT,
                    status=AssessmentRequest.Status.PENDING,
                )
            )
        )
    if decision_kind == DecisionKind.ISSUE:
        return Q(
            Exists(
                Assessment.objects.filter(case=OuterRef("pk"), outcome=Assessment.Outcome.PENDING)
            )
        )
    return Q()


def waiting_cases(user: Actor, meeting: PanelMeeting, decision_kind: str) -> QuerySet[Case]:
    """Cases waiting for ``decision_kind`` that ``user`` may put on the agenda: open cases they
    may see at the stage that waits for it, not already waiting for it at an open meeting,
    most urgent first."""
    already_waiting = AgendaItem.objects.filter(
        case=OuterRef("pk"),
        decision_kind=decision_kind,
        status=ItemStatus.WAITING,
        meeting__status__in=MEETING.live,
    )
    return (
        access.cases_for(user, Action.VIEW)
        .filter(
            local_authority_id=meeting.panel.local_authority_id,
            stage__in=WAITING_STAGES.get(decision_kind, ()),
            closed_on__isnull=True,
        )
        .filter(decidable(decision_kind))
        .exclude(Exists(already_waiting))
        .select_related("child", "coordinator")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(
                    met_on__isnull=True, cancelled_on__isnull=True
                ).order_by("due_on", "id"),
                to_attr="open_deadlines",
            )
        )
        .order_by("next_due_on", "id")
    )


def conflicted_member_ids(item: AgendaItem) -> set[int]:
    return set(item.conflicts.values_list("member_id", flat=True))


# --- Decisions ------------------------------------------------------------------------------------


def decisions_for(user: Actor) -> QuerySet[PanelDecision]:
    return PanelDecision.objects.filter(item__in=agenda_items_for(user)).select_related(
        "item__meeting__panel", "case__child", "letter", "band", "next_step_owner", "setting"
    )


def get_decision_or_404(user: Actor, public_id: UUID | str, *, run: bool = False) -> PanelDecision:
    try:
        decision = decisions_for(user).get(public_id=public_id)
    except (PanelDecision.DoesNotExist, *_MISSING) as error:
        raise Http404("No such decision") from error
    if run and not runs_panel(user, decision.item.meeting.panel):
        raise Http404("No such decision")
    return decision


def amendments(decision: PanelDecision) -> QuerySet[DecisionAmendment]:
    return decision.amendments.select_related("recorded_by", "next_step_owner", "letter")


def decision_as_it_reads(decision: PanelDecision) -> dict[str, Any]:
    """The decision's wording with its latest correction applied."""
    latest = decision.amendments.order_by("-recorded_at", "-id").first()
    source: Any = latest or decision
    return {
        "reasons": source.reasons,
        "dissent": source.dissent,
        "next_steps": source.next_steps,
        "next_step_owner": source.next_step_owner,
        "next_step_due_on": source.next_step_due_on,
        "amended": latest is not None,
    }


def criteria_for(decision_kind: str) -> QuerySet[DecisionCriterion]:
    return DecisionCriterion.objects.filter(
        is_active=True, decision_kinds__contains=[decision_kind]
    )


# --- Bands ----------------------------------------------------------------------------------------


def bands_for(user: Actor) -> QuerySet[FundingBand]:
    """The funding bands of the LA of a member of its staff."""
    person = _person(user)
    if person is None or not access.is_la_staff(person):
        return FundingBand.objects.none()
    return FundingBand.objects.filter(local_authority_id=person.organisation_id)


def get_band_or_404(user: Actor, public_id: UUID | str) -> FundingBand:
    try:
        return bands_for(user).get(public_id=public_id)
    except (FundingBand.DoesNotExist, *_MISSING) as error:
        raise Http404("No such band") from error


def bands_in_force(local_authority_id: int, on: date) -> QuerySet[FundingBand]:
    return FundingBand.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on),
        local_authority_id=local_authority_id,
        effective_from__lte=on,
    ).order_by("name", "id")


# --- Reports (SEND managers) ----------------------------------------------------------------------


def _report_decisions(user: Actor) -> QuerySet[PanelDecision]:
    person = _person(user)
    if person is None or not access.is_manager(person):
        return PanelDecision.objects.none()
    return PanelDecision.objects.filter(case__local_authority_id=person.organisation_id)


def decision_facts(user: Actor, *, start: date, end: date) -> list[DecisionFact]:
    """The decisions recorded between ``start`` and ``end`` (inclusive) as analytics facts."""
    rows = (
        _report_decisions(user)
        .filter(decided_on__gte=start, decided_on__lte=end)
        .values_list(
            "item__meeting__panel__name",
            "item__meeting__panel__kind",
            "item__meeting__public_id",
            "kind",
            "outcome",
            "decided_on",
            "request_received_on",
            "primary_need",
            "age_at_decision",
        )
        .order_by("decided_on", "id")
    )
    return [
        DecisionFact(
            panel=panel,
            panel_kind=panel_kind,
            meeting=str(meeting),
            kind=kind,
            outcome=outcome,
            decided_on=decided_on,
            request_received_on=received,
            primary_need=need,
            age=age,
        )
        for panel, panel_kind, meeting, kind, outcome, decided_on, received, need, age in rows
    ]


def funding_facts(user: Actor, *, on: date) -> list[FundingFact]:
    """Funding decisions up to ``on`` on cases whose plan has not ended, as analytics facts."""
    rows = (
        _report_decisions(user)
        .filter(kind=DecisionKind.FUNDING, decided_on__lte=on, case__closed_on__isnull=True)
        .exclude(case__stage__in=["ceased", "closed"])
        .values_list("case__public_id", "decided_on", "id", "band_name", "annual_amount")
    )
    return [
        FundingFact(
            case=str(case), decided_on=day, sequence=pk, band_name=name, annual_amount=amount
        )
        for case, day, pk, name, amount in rows
    ]
