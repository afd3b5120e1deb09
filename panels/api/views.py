"""The panels API. Thin viewsets: records come from ``panels.selectors`` (which ask
``sendcpp.access``); every workflow move is an explicit POST action calling the same service as
the HTML pages. What the caller may not see or do answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from panels import selectors, services
from panels.api import serializers as s
from panels.models import AgendaItem, FundingBand, Panel, PanelDecision, PanelMeeting, PanelMember
from sendcpp import access
from sendcpp.api.views import AuditedMixin


class _ReadViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def _input(self, serializer: type[Any]) -> dict[str, Any]:
        data = serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def _given(self, name: str) -> str:
        """One field of the request body as sent, before validation (for the access check)."""
        data = self.request.data
        return str(data.get(name, "")) if isinstance(data, dict) else ""

    def _answer(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        # A record the caller no longer sees (an item taken off the agenda) answers as it is.
        fresh = self.get_queryset().filter(pk=record.pk).first() or record
        return Response(self.get_serializer(fresh).data, status=code)


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


class PanelViewSet(_ReadViewSet):
    """Panels the caller sits on (or, for managers and administrators, every panel of their LA),
    with their current members."""

    serializer_class = s.PanelSerializer

    def get_queryset(self) -> QuerySet[Panel]:
        return _with_members(selectors.panels_for(self.request.user))

    def get_object(self) -> Panel:
        return _with_members(selectors.panels_for(self.request.user)).get(
            pk=selectors.get_panel_or_404(self.request.user, self.kwargs["public_id"]).pk
        )

    @extend_schema(request=s.PanelInput, responses={201: s.PanelSerializer})
    def create(self, request: Request) -> Response:
        access.require(
            selectors.may_configure(request.user, getattr(request.user, "organisation_id", None))
        )
        panel = services.create_panel(
            local_authority=request.user.organisation, by=request.user, **self._input(s.PanelInput)
        )
        return self._answer(panel, status.HTTP_201_CREATED)

    @extend_schema(request=s.MemberInput, responses={201: s.PanelSerializer})
    @action(detail=True, methods=["post"], url_path="members")
    def add_member(self, request: Request, public_id: str) -> Response:
        panel = self.get_object()
        access.require(selectors.may_configure(request.user, panel.local_authority_id))
        services.add_panel_member(panel, by=request.user, **self._input(s.MemberInput))
        return self._answer(panel, status.HTTP_201_CREATED)


class MeetingViewSet(_ReadViewSet):
    """Meetings of the panels the caller may see."""

    serializer_class = s.MeetingSerializer

    def get_queryset(self) -> QuerySet[PanelMeeting]:
        return (
            selectors.meetings_for(self.request.user)
            .select_related("panel")
            .order_by("-starts_at", "-id")
        )

    def get_object(self) -> PanelMeeting:
        return selectors.get_meeting_or_404(self.request.user, self.kwargs["public_id"])

    def _run(self) -> PanelMeeting:
        return selectors.get_meeting_or_404(self.request.user, self.kwargs["public_id"], run=True)

    @extend_schema(request=s.MeetingInput, responses={201: s.MeetingSerializer})
    def create(self, request: Request) -> Response:
        # Who may schedule is checked before the input, so that a refusal is always a 404.
        panel = selectors.get_panel_or_404(request.user, self._given("panel"))
        access.require(selectors.runs_panel(request.user, panel))
        values = self._input(s.MeetingInput)
        values.pop("panel")
        return self._answer(
            services.schedule_meeting(panel, by=request.user, **values), status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, public_id: str) -> Response:
        return self._answer(services.publish_papers(self._run(), by=request.user))

    @extend_schema(request=s.AttendanceInput, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, public_id: str) -> Response:
        meeting = self._run()
        wanted = set(self._input(s.AttendanceInput)["present"])
        members = dict(selectors.current_members(meeting.panel).values_list("public_id", "pk"))
        unknown = wanted - set(members)
        if unknown:
            return Response(
                {"detail": "Choose members of this panel", "field": "present"}, status=400
            )
        services.record_attendance(
            meeting, present_member_ids={members[m] for m in wanted}, by=request.user
        )
        return self._answer(meeting)

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, public_id: str) -> Response:
        return self._answer(services.start_meeting(self._run(), by=request.user))

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, public_id: str) -> Response:
        return self._answer(services.close_meeting(self._run(), by=request.user))


class AgendaItemViewSet(_ReadViewSet):
    """Agenda items the caller may see: a member sees them from the papers' publication, and
    never one on which they declared a conflict of interest."""

    serializer_class = s.AgendaItemSerializer

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return selectors.with_papers(selectors.agenda_items_for(self.request.user)).order_by(
            "meeting_id", "position", "id"
        )

    def get_object(self) -> AgendaItem:
        return selectors.get_item_or_404(self.request.user, self.kwargs["public_id"])

    def _run(self) -> AgendaItem:
        return selectors.get_item_or_404(self.request.user, self.kwargs["public_id"], run=True)

    @extend_schema(request=s.AgendaItemInput, responses={201: s.AgendaItemSerializer})
    def create(self, request: Request) -> Response:
        # Who may add which case is checked before the input, so that a refusal is always a 404.
        meeting = selectors.get_meeting_or_404(request.user, self._given("meeting"), run=True)
        case = access.get_case_or_404(request.user, self._given("case"))
        values = self._input(s.AgendaItemInput)
        values.pop("meeting")
        values.pop("case")
        item = services.add_to_agenda(meeting, case=case, by=request.user, **values)
        return self._answer(item, status.HTTP_201_CREATED)

    @extend_schema(request=s.ReasonInput, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        return self._answer(
            services.withdraw_from_agenda(
                self._run(), by=request.user, **self._input(s.ReasonInput)
            )
        )

    @extend_schema(request=s.ReasonInput, responses=s.AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def defer(self, request: Request, public_id: str) -> Response:
        return self._answer(
            services.defer_item(self._run(), by=request.user, **self._input(s.ReasonInput))
        )

    @extend_schema(request=s.ConflictInput, responses={201: None})
    @action(detail=True, methods=["post"])
    def conflict(self, request: Request, public_id: str) -> Response:
        item = self.get_object()
        values = self._input(s.ConflictInput)
        members = selectors.current_members(item.meeting.panel)
        wanted = values.get("member")
        member = (
            members.filter(public_id=wanted).first()
            if wanted
            else members.filter(user=request.user).first()
        )
        if member is None:
            raise Http404("No such member")
        services.declare_conflict(item, member=member, reason=values["reason"], by=request.user)
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DecisionInput, responses={201: s.DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, public_id: str) -> Response:
        decision = services.record_panel_decision(
            self._run(), by=request.user, **self._input(s.DecisionInput)
        )
        fresh = (
            selectors.decisions_for(request.user)
            .prefetch_related("amendments__letter")
            .get(pk=decision.pk)
        )
        return Response(s.DecisionSerializer(fresh).data, status=status.HTTP_201_CREATED)


class DecisionViewSet(_ReadViewSet):
    """Recorded panel decisions on the agenda items the caller may see, with corrections."""

    serializer_class = s.DecisionSerializer

    def get_queryset(self) -> QuerySet[PanelDecision]:
        return (
            selectors.decisions_for(self.request.user)
            .prefetch_related("amendments__letter")
            .order_by("-decided_on", "-id")
        )

    def get_object(self) -> PanelDecision:
        decision = selectors.get_decision_or_404(self.request.user, self.kwargs["public_id"])
        return self.get_queryset().get(pk=decision.pk)

    @extend_schema(request=s.AmendmentInput, responses={201: s.DecisionSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, public_id: str) -> Response:
        decision = selectors.get_decision_or_404(request.user, public_id, run=True)
        services.amend_panel_decision(decision, by=request.user, **self._input(s.AmendmentInput))
        return self._answer(decision, status.HTTP_201_CREATED)


class BandViewSet(_ReadViewSet):
    """The funding bands of the caller's LA (LA staff); managers and administrators add them."""

    serializer_class = s.BandSerializer

    def get_queryset(self) -> QuerySet[FundingBand]:
        return selectors.bands_for(self.request.user).order_by("name", "effective_from", "id")

    def get_object(self) -> FundingBand:
        return selectors.get_band_or_404(self.request.user, self.kwargs["public_id"])

    @extend_schema(request=s.BandInput, responses={201: s.BandSerializer})
    def create(self, request: Request) -> Response:
        access.require(
            selectors.may_configure(request.user, getattr(request.user, "organisation_id", None))
        )
        band = services.create_funding_band(
            local_authority=request.user.organisation, by=request.user, **self._input(s.BandInput)
        )
        return self._answer(band, status.HTTP_201_CREATED)

    @extend_schema(request=s.EndBandInput, responses=s.BandSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, public_id: str) -> Response:
        band = self.get_object()
        access.require(selectors.may_configure(request.user, band.local_authority_id))
        return self._answer(
            services.end_funding_band(band, by=request.user, **self._input(s.EndBandInput))
        )
