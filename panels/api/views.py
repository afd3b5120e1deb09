"""The panels API. Thin viewsets: records come from ``panels.selectors`` (which ask
``sendcpp.access``); every workflow move is an explicit POST action calling the same service as
the HTML pages. What the caller may not see or do answers 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from rest_framework import viewsets
from rest_framework.serializers import Serializer

from panels import selectors, services
from panels.api import serializers as s
from panels.models import AgendaItem, FundingBand, Panel, PanelDecision, PanelMeeting, PanelMember
from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.commands import NO_BODY, Call, calls, changes, command, without
from sendcpp.api.viewsets import AnswerAsListedMixin, LoadedRecordViewSet
from sendcpp.exceptions import DomainError


def _runs(needs: Action) -> bool:
    """Changing a panel's records needs the chair's or manager's right to run it (panels'
    selectors ask ``sendcpp.access``); reading needs a seat or the manager's role."""
    return needs != Action.VIEW


def _given(view: viewsets.GenericViewSet, name: str) -> str:
    """One field of the request body as sent, before validation (for the access check)."""
    data = view.request.data
    return str(data.get(name, "")) if isinstance(data, dict) else ""


def _configures(view: viewsets.GenericViewSet, local_authority_id: int | None) -> None:
    """Only those who configure the LA's panels (managers, administrators) may, else 404."""
    access.require(selectors.may_configure(view.request.user, local_authority_id))


class _ReadViewSet(AnswerAsListedMixin, LoadedRecordViewSet):
    # A panel's records are changed by the people who run it (``_runs``), never by a partner key.
    command_needs = Action.EDIT
    command_scope = None


class _RunRecordViewSet(_ReadViewSet):
    """A meeting's records, loaded by ``get_record`` (the selector), with the right to run the
    panel when changing them (``_runs``)."""

    get_record: Callable[..., Any]

    def load(self, needs: Action) -> Any:
        return type(self).get_record(self.request.user, self.kwargs["public_id"], run=_runs(needs))


def _with_members(panels: QuerySet[Panel]) -> QuerySet[Panel]:
    return panels.prefetch_related(
        Prefetch(
            "members",
            queryset=PanelMember.objects.filter(left_on__isnull=True).select_related(
                "user", "organisation"
            ),
            to_attr="current_members",
        )
    ).order_by("name", "id")


def _own_la(view: viewsets.GenericViewSet, needs: Action) -> Any:
    """The caller's local authority, if they configure its panels (else 404)."""
    organisation_id = getattr(view.request.user, "organisation_id", None)
    _configures(view, organisation_id)
    return view.request.user.organisation


class _ConfigurationViewSet(_ReadViewSet):
    """The LA's panel configuration (its panels, its funding bands): read by those who may see
    it; changed, or added to, only by those who configure the LA's panels (else 404)."""

    def load(self, needs: Action) -> Any:
        record = self.get_object()
        if _runs(needs):
            _configures(self, record.local_authority_id)
        return record


def _create_in_own_la(
    description: str, given: type[Serializer], service: Callable[..., Any]
) -> Any:
    """The viewset's ``create``: ``service`` adds the record to the caller's local authority."""
    return command(
        description,
        load=_own_la,
        given=given,
        created=True,
        detail=None,
        run=lambda call: service(local_authority=call.record, by=call.by, **call.data),
    )


class PanelViewSet(_ConfigurationViewSet):
    """Panels the caller sits on (or, for managers and administrators, every panel of their LA),
    with their current members."""

    serializer_class = s.PanelSerializer

    def get_queryset(self) -> QuerySet[Panel]:
        return _with_members(selectors.panels_for(self.request.user))

    def get_object(self) -> Panel:
        return _with_members(selectors.panels_for(self.request.user)).get(
            pk=selectors.get_panel_or_404(self.request.user, self.kwargs["public_id"]).pk
        )

    create = _create_in_own_la(
        "Set up a panel of the caller's local authority.", s.PanelInput, services.create_panel
    )
    add_member = command(
        "Add a member to the panel.",
        given=s.MemberInput,
        created=True,
        url_path="members",
        run=changes(services.add_panel_member),
    )


def _panel_from_body(view: viewsets.GenericViewSet, needs: Action) -> Panel:
    # Who may schedule is checked before the input, so that a refusal is always a 404.
    panel = selectors.get_panel_or_404(view.request.user, _given(view, "panel"))
    access.require(selectors.runs_panel(view.request.user, panel))
    return panel


def _record_attendance(call: Call) -> PanelMeeting:
    meeting = call.record
    wanted = set(call.data["present"])
    members = dict(selectors.current_members(meeting.panel).values_list("public_id", "pk"))
    if wanted - set(members):
        raise DomainError("Choose members of this panel", field="present")
    services.record_attendance(meeting, present_member_ids={members[m] for m in wanted}, by=call.by)
    return meeting


class MeetingViewSet(_RunRecordViewSet):
    """Meetings of the panels the caller may see."""

    serializer_class = s.MeetingSerializer
    get_record = staticmethod(selectors.get_meeting_or_404)

    def get_queryset(self) -> QuerySet[PanelMeeting]:
        return (
            selectors.meetings_for(self.request.user)
            .select_related("panel")
            .order_by("-starts_at", "-id")
        )

    create = command(
        "Schedule a meeting of the panel.",
        load=_panel_from_body,
        given=s.MeetingInput,
        created=True,
        detail=None,
        run=lambda call: services.schedule_meeting(
            call.record, by=call.by, **without(call.data, "panel")
        ),
    )
    publish = command(
        "Publish the papers to the panel's members.",
        run=calls(services.publish_papers),
    )
    attendance = command(
        "Record who is present.",
        given=s.AttendanceInput,
        run=_record_attendance,
    )
    start = command(
        "Start the meeting.",
        run=calls(services.start_meeting),
    )
    close = command(
        "Close the meeting.",
        run=calls(services.close_meeting),
    )


def _meeting_and_case_from_body(view: viewsets.GenericViewSet, needs: Action) -> Any:
    # Who may add which case is checked before the input, so that a refusal is always a 404.
    meeting = selectors.get_meeting_or_404(view.request.user, _given(view, "meeting"), run=True)
    case = access.get_case_or_404(view.request.user, _given(view, "case"))
    return meeting, case


def _add_to_agenda(call: Call) -> AgendaItem:
    meeting, case = call.record
    values = without(call.data, "meeting", "case")
    return services.add_to_agenda(meeting, case=case, by=call.by, **values)


def _declare_conflict(call: Call) -> None:
    item = call.record
    members = selectors.current_members(item.meeting.panel)
    wanted = call.data.get("member")
    member = (
        members.filter(public_id=wanted).first() if wanted else members.filter(user=call.by).first()
    )
    if member is None:
        raise Http404("No such member")
    services.declare_conflict(item, member=member, reason=call.data["reason"], by=call.by)


def _decide(call: Call) -> PanelDecision:
    decision = services.record_panel_decision(call.record, by=call.by, **call.data)
    return (
        selectors.decisions_for(call.by).prefetch_related("amendments__letter").get(pk=decision.pk)
    )


class AgendaItemViewSet(_RunRecordViewSet):
    """Agenda items the caller may see: a member sees them from the papers' publication, and
    never one on which they declared a conflict of interest."""

    serializer_class = s.AgendaItemSerializer
    get_record = staticmethod(selectors.get_item_or_404)

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return selectors.with_papers(selectors.agenda_items_for(self.request.user)).order_by(
            "meeting_id", "position", "id"
        )

    create = command(
        "Put a case on the meeting's agenda.",
        load=_meeting_and_case_from_body,
        given=s.AgendaItemInput,
        created=True,
        detail=None,
        run=_add_to_agenda,
    )
    withdraw = command(
        "Take the case off the agenda.",
        given=s.ReasonInput,
        run=calls(services.withdraw_from_agenda),
    )
    defer = command(
        "Defer the case to a later meeting.",
        given=s.ReasonInput,
        run=calls(services.defer_item),
    )
    # A member declares their own conflict of interest on an item they may read.
    conflict = command(
        "Declare a conflict of interest on the item.",
        needs=Action.VIEW,
        given=s.ConflictInput,
        answer=NO_BODY,
        created=True,
        run=_declare_conflict,
    )
    decide = command(
        "Record the panel's decision on the item.",
        given=s.DecisionInput,
        answer=s.DecisionSerializer,
        created=True,
        run=_decide,
    )


class DecisionViewSet(_RunRecordViewSet):
    """Recorded panel decisions on the agenda items the caller may see, with corrections."""

    serializer_class = s.DecisionSerializer
    get_record = staticmethod(selectors.get_decision_or_404)

    def get_queryset(self) -> QuerySet[PanelDecision]:
        return (
            selectors.decisions_for(self.request.user)
            .prefetch_related("amendments__letter")
            .order_by("-decided_on", "-id")
        )

    def get_object(self) -> PanelDecision:
        decision = selectors.get_decision_or_404(self.request.user, self.kwargs["public_id"])
        return self.get_queryset().get(pk=decision.pk)

    amend = command(
        "Correct a recorded decision (a recorded amendment; the decision stays as it was).",
        given=s.AmendmentInput,
        created=True,
        run=changes(services.amend_panel_decision),
    )


class BandViewSet(_ConfigurationViewSet):
    """The funding bands of the caller's LA (LA staff); managers and administrators add them."""

    serializer_class = s.BandSerializer

    def get_queryset(self) -> QuerySet[FundingBand]:
        return selectors.bands_for(self.request.user).order_by("name", "effective_from", "id")

    def get_object(self) -> FundingBand:
        return selectors.get_band_or_404(self.request.user, self.kwargs["public_id"])

    create = _create_in_own_la("Add a funding band.", s.BandInput, services.create_funding_band)
    end = command(
        "End a funding band.",
        given=s.EndBandInput,
        run=calls(services.end_funding_band),
    )
