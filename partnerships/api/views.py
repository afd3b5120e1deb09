"""The partnership API: thin viewsets over ``selectors`` for reads, explicit POST actions calling
one service for every write. Forbidden and missing both answer 404."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from partnerships import selectors, services
from partnerships.api.serializers import (
    PartnershipActionInputSerializer,
    PartnershipActionProgressInputSerializer,
    PartnershipActionSerializer,
    PartnershipApproveInputSerializer,
    PartnershipAttendanceInputSerializer,
    PartnershipBoardSerializer,
    PartnershipDecisionInputSerializer,
    PartnershipDecisionSerializer,
    PartnershipMeetingSerializer,
    PartnershipMemberInputSerializer,
    PartnershipMemberSerializer,
    PartnershipPlanDraftInputSerializer,
    PartnershipPlanVersionSerializer,
    PartnershipPublishedPlanSerializer,
    PartnershipQuorumSerializer,
    PartnershipScheduleInputSerializer,
    PartnershipSeatSerializer,
)
from partnerships.models import (
    Action,
    BoardMember,
    InclusionPlan,
    Meeting,
    PartnershipBoard,
    PlanVersion,
)
from sendcpp.api.views import AuditedMixin
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation, User


def _today() -> date:
    return timezone.localdate()


def _resolve(queryset: QuerySet[Any], public_id: UUID | None, *, field: str, message: str) -> Any:
    """The row with this id in ``queryset`` (None for None), else a 400 naming the field."""
    if public_id is None:
        return None
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise DomainError(message, field=field)
    return found


def _valid(serializer_class: Any, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class BoardViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The partnership boards the caller may see (their own LA's, as manager or member)."""

    serializer_class = PartnershipBoardSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[PartnershipBoard]:
        return (
            selectors.boards_for(self.request.user, today=_today())
            .select_related("local_authority")
            .order_by("id")
        )

    @extend_schema(responses=PartnershipSeatSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def seats(self, request: Request, public_id: str) -> Response:
        """Each required seat: filled, lapsed or vacant today."""
        board = self.get_object()
        seats = selectors.seat_compliance(board, today=_today())
        return Response(PartnershipSeatSerializer(seats, many=True).data)


class MemberViewSet(
    AuditedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the caller's boards. Managers appoint members and change their terms."""

    serializer_class = PartnershipMemberSerializer
    lookup_field = "public_id"
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[BoardMember]:
        boards = selectors.boards_for(self.request.user, today=_today())
        return (
            BoardMember.objects.filter(board__in=boards)
            .select_related("organisation")
            .order_by("full_name", "id")
        )

    def _fields(self, request: Request, board: PartnershipBoard) -> dict[str, Any]:
        data = _valid(PartnershipMemberInputSerializer, request)
        data["organisation"] = _resolve(
            Organisation.objects.all(),
            data.get("organisation"),
            field="organisation",
            message="No organisation has that id",
        )
        data["user"] = _resolve(
            User.objects.filter(organisation=board.local_authority),
            data.get("user"),
            field="user",
            message="No staff account of this local authority has that id",
        )
        return data

    @extend_schema(
        request=PartnershipMemberInputSerializer, responses={201: PartnershipMemberSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
        member = services.add_member(board, by=request.user, **self._fields(request, board))
        return Response(PartnershipMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartnershipMemberInputSerializer, responses=PartnershipMemberSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = selectors.get_member_or_404(
            request.user, kwargs["public_id"], today=_today(), manage=True
        )
        member = services.update_member(
            member, by=request.user, **self._fields(request, member.board)
        )
        return Response(PartnershipMemberSerializer(member).data)


class MeetingViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Meetings of the caller's boards; managers schedule them and record what happened."""

    serializer_class = PartnershipMeetingSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_for(self.request.user, today=_today()).order_by("meets_on", "id")

    def _managed(self, request: Request, public_id: str) -> Meeting:
        return selectors.get_meeting_or_404(request.user, public_id, today=_today(), manage=True)

    @extend_schema(
        request=PartnershipScheduleInputSerializer,
        responses={201: PartnershipMeetingSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], pagination_class=None)
    def schedule(self, request: Request) -> Response:
        """Schedule a series on the cadence; weekend and bank-holiday dates move to the next
        working day (``moved_reason`` says so)."""
        board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
        meetings = services.schedule_meetings(
            board, by=request.user, **_valid(PartnershipScheduleInputSerializer, request)
        )
        return Response(PartnershipMeetingSerializer(meetings, many=True).data, status=201)

    @extend_schema(
        request=PartnershipAttendanceInputSerializer, responses=PartnershipQuorumSerializer
    )
    @action(detail=True, methods=["post"], url_path="record-attendance")
    def record_attendance(self, request: Request, public_id: str) -> Response:
        """Record who was present; members left out were absent. Answers with the quorum."""
        meeting = self._managed(request, public_id)
        entries = _valid(PartnershipAttendanceInputSerializer, request)["attendance"]
        members = {
            m.public_id: m.pk
            for m in BoardMember.objects.filter(
                board=meeting.board, public_id__in=[e["member"] for e in entries]
            )
        }
        if len(members) != len({e["member"] for e in entries}):
            raise DomainError("Every member must be a member of this board", field="attendance")
        services.record_attendance(
            meeting,
            statuses={members[e["member"]]: e["status"] for e in entries},
            by=request.user,
        )
        quorum = selectors.meeting_quorum(meeting)
        return Response(
            PartnershipQuorumSerializer(
                {
                    "is_quorate": quorum.is_quorate,
                    "present": quorum.present,
                    "minimum": quorum.minimum,
                    "missing_roles": list(quorum.missing_roles),
                    "explanation": quorum.explanation,
                }
            ).data
        )

    @extend_schema(
        request=PartnershipDecisionInputSerializer, responses={201: PartnershipDecisionSerializer}
    )
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, public_id: str) -> Response:
        """Record a decision (the meeting must be held and quorate)."""
        meeting = self._managed(request, public_id)
        decision = services.record_decision(
            meeting,
            text=_valid(PartnershipDecisionInputSerializer, request)["text"],
            by=request.user,
        )
        return Response(PartnershipDecisionSerializer(decision).data, status=201)

    @extend_schema(request=None, responses=PartnershipMeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        meeting = services.cancel_meeting(self._managed(request, public_id), by=request.user)
        return Response(PartnershipMeetingSerializer(meeting).data)


class ActionViewSet(
    AuditedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Actions of the caller's boards. Managers add them; owners and managers record progress."""

    serializer_class = PartnershipActionSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Action]:
        return (
            selectors.actions_for(self.request.user, today=_today())
            .select_related("owner", "meeting", "plan")
            .order_by("due_on", "id")
        )

    def get_object(self) -> Action:
        return selectors.get_action_or_404(
            self.request.user, self.kwargs["public_id"], today=_today()
        )

    @extend_schema(
        request=PartnershipActionInputSerializer, responses={201: PartnershipActionSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        board = selectors.get_board_or_404(request.user, today=_today(), manage=True)
        data = _valid(PartnershipActionInputSerializer, request)
        action_ = services.add_action(
            board,
            description=data["description"],
            measure=data.get("measure", ""),
            due_on=data["due_on"],
            owner=_resolve(
                BoardMember.objects.filter(board=board),
                data["owner"],
                field="owner",
                message="Choose a member of this board as the owner",
            ),
            meeting=_resolve(
                Meeting.objects.filter(board=board),
                data.get("meeting"),
                field="meeting",
                message="No meeting of this board has that id",
            ),
            plan=_resolve(
                InclusionPlan.objects.filter(board=board),
                data.get("plan"),
                field="plan",
                message="No plan of this board has that id",
            ),
            by=request.user,
        )
        return Response(PartnershipActionSerializer(action_).data, status=201)

    @extend_schema(
        request=PartnershipActionProgressInputSerializer, responses=PartnershipActionSerializer
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, public_id: str) -> Response:
        """Record progress, optionally marking the action done, cancelled or reopened."""
        action_ = self.get_object()
        services.update_action_progress(
            action_, by=request.user, **_valid(PartnershipActionProgressInputSerializer, request)
        )
        return Response(PartnershipActionSerializer(self.get_object()).data)


class PlanVersionViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Versions of the caller's boards' inclusion plans, drafts included."""

    serializer_class = PartnershipPlanVersionSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[PlanVersion]:
        boards = selectors.boards_for(self.request.user, today=_today())
        return (
            PlanVersion.objects.filter(plan__board__in=boards)
            .select_related("plan")
            .order_by("plan_id", "number")
        )

    def _managed(self, request: Request, public_id: str) -> PlanVersion:
        return selectors.get_version_or_404(request.user, public_id, today=_today(), manage=True)

    @extend_schema(
        request=PartnershipPlanDraftInputSerializer, responses=PartnershipPlanVersionSerializer
    )
    @action(detail=True, methods=["post"], url_path="save-draft")
    def save_draft(self, request: Request, public_id: str) -> Response:
        """Save the sections sent. Refused with 409 if someone saved since ``revision``."""
        version = self._managed(request, public_id)
        data = _valid(PartnershipPlanDraftInputSerializer, request)
        revision = data.pop("revision")
        version = services.save_plan_draft(
            version, sections=data, revision=revision, by=request.user
        )
        return Response(PartnershipPlanVersionSerializer(version).data)

    @extend_schema(
        request=PartnershipApproveInputSerializer, responses=PartnershipPlanVersionSerializer
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, public_id: str) -> Response:
        """Record the board's approval at a held, quorate meeting."""
        version = self._managed(request, public_id)
        meeting = _resolve(
            Meeting.objects.filter(board=version.plan.board),
            _valid(PartnershipApproveInputSerializer, request)["meeting"],
            field="meeting",
            message="No meeting of this board has that id",
        )
        version = services.approve_plan_version(version, meeting=meeting, by=request.user)
        return Response(PartnershipPlanVersionSerializer(version).data)

    @extend_schema(request=None, responses=PartnershipPlanVersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, public_id: str) -> Response:
        """Publish an approved version; it can never change afterwards."""
        version = services.publish_plan_version(self._managed(request, public_id), by=request.user)
        return Response(PartnershipPlanVersionSerializer(version).data)

    @extend_schema(request=None, responses=PartnershipPlanVersionSerializer)
    @action(detail=True, methods=["post"], url_path="return-to-draft")
    def return_to_draft(self, request: Request, public_id: str) -> Response:
        version = services.return_to_draft(self._managed(request, public_id), by=request.user)
        return Response(PartnershipPlanVersionSerializer(version).data)


class PublishedPlanViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published versions of Local Area Inclusion Plans. Public: no sign-in, read-only."""

    serializer_class = PartnershipPublishedPlanSerializer
    lookup_field = "public_id"
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> QuerySet[PlanVersion]:
        return (
            selectors.published_versions()
            .select_related("plan__board__local_authority")
            .order_by("plan_id", "-number")
        )
