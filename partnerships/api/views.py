"""The partnership API: thin viewsets over ``selectors`` for reads, explicit POST actions calling
one service for every write. Forbidden and missing both answer 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

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
    BoardAction,
    BoardMember,
    InclusionPlan,
    Meeting,
    PartnershipBoard,
    PlanVersion,
)
from sendcpp.access import Action
from sendcpp.api.commands import Call, calls, command
from sendcpp.api.viewsets import RecordViewSet
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


class _BoardRecordViewSet(RecordViewSet):
    # The partnership API has always matched any id in its URLs, published as the model's UUID
    # (DRF's default pattern), and a missing or malformed one answers 404 from the selectors.
    lookup_value_regex = "[^/.]+"
    # A board's records are changed by its managers (``_manage``), never by a partner key.
    command_needs = Action.EDIT
    command_scope = None

    def boards(self) -> QuerySet[PartnershipBoard]:
        """The boards the caller may see today."""
        return selectors.boards_for(self.request.user, today=_today())


class BoardViewSet(_BoardRecordViewSet):
    """The partnership boards the caller may see (their own LA's, as manager or member)."""

    serializer_class = PartnershipBoardSerializer

    def get_queryset(self) -> QuerySet[PartnershipBoard]:
        return self.boards().select_related("local_authority").order_by("id")

    @extend_schema(responses=PartnershipSeatSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def seats(self, request: Request, public_id: str) -> Response:
        """Each required seat: filled, lapsed or vacant today."""
        board = self.get_object()
        seats = selectors.seat_compliance(board, today=_today())
        return Response(PartnershipSeatSerializer(seats, many=True).data)


def _manage(needs: Action) -> bool:
    """Reading a board's records needs a seat or the manager's role; changing them, the
    manager's role (``sendcpp.access``: the board rules)."""
    return needs != Action.VIEW


def _board(view: viewsets.GenericViewSet, needs: Action) -> PartnershipBoard:
    return selectors.get_board_or_404(view.request.user, today=_today(), manage=_manage(needs))


def _create_on_board(
    description: str, given: type[Serializer[Any]], run: Callable[[Call], Any]
) -> Any:
    """The viewset's ``create``: a new record on the caller's board (``_board``), loaded with
    the manager's role before the input is read."""
    return command(description, load=_board, given=given, created=True, detail=None, run=run)


class _ManagedRecordViewSet(_BoardRecordViewSet):
    """A board's record, loaded by ``get_record`` (the selector), with the manager's role when
    changing it (``_manage``)."""

    get_record: Callable[..., Any]

    def load(self, needs: Action) -> Any:
        return type(self).get_record(
            self.request.user, self.kwargs["public_id"], today=_today(), manage=_manage(needs)
        )


def _member_fields(data: dict[str, Any], board: PartnershipBoard) -> dict[str, Any]:
    data = dict(data)
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


class MemberViewSet(_ManagedRecordViewSet):
    """Members of the caller's boards. Managers appoint members and change their terms."""

    serializer_class = PartnershipMemberSerializer
    get_record = staticmethod(selectors.get_member_or_404)
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[BoardMember]:
        return (
            BoardMember.objects.filter(board__in=self.boards())
            .select_related("organisation")
            .order_by("full_name", "id")
        )

    create = _create_on_board(
        "Appoint a member to the board.",
        PartnershipMemberInputSerializer,
        lambda call: services.add_member(
            call.record, by=call.by, **_member_fields(call.data, call.record)
        ),
    )
    update = command(
        "Change a member's seat or term.",
        given=PartnershipMemberInputSerializer,
        detail=None,
        run=lambda call: services.update_member(
            call.record, by=call.by, **_member_fields(call.data, call.record.board)
        ),
    )


def _record_attendance(call: Call) -> dict[str, Any]:
    meeting, entries = call.record, call.data["attendance"]
    members = {
        m.public_id: m.pk
        for m in BoardMember.objects.filter(
            board=meeting.board, public_id__in=[e["member"] for e in entries]
        )
    }
    if len(members) != len({e["member"] for e in entries}):
        raise DomainError("Every member must be a member of this board", field="attendance")
    services.record_attendance(
        meeting, statuses={members[e["member"]]: e["status"] for e in entries}, by=call.by
    )
    quorum = selectors.meeting_quorum(meeting)
    return {
        "is_quorate": quorum.is_quorate,
        "present": quorum.present,
        "minimum": quorum.minimum,
        "missing_roles": list(quorum.missing_roles),
        "explanation": quorum.explanation,
    }


class MeetingViewSet(_ManagedRecordViewSet):
    """Meetings of the caller's boards; managers schedule them and record what happened."""

    serializer_class = PartnershipMeetingSerializer
    get_record = staticmethod(selectors.get_meeting_or_404)

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_for(self.request.user, today=_today()).order_by("meets_on", "id")

    schedule = command(
        "Schedule a series on the cadence; weekend and bank-holiday dates move to the next "
        "working day (``moved_reason`` says so).",
        load=_board,
        given=PartnershipScheduleInputSerializer,
        many=True,
        created=True,
        detail=False,
        run=calls(services.schedule_meetings),
    )
    record_attendance = command(
        "Record who was present; members left out were absent. Answers with the quorum.",
        given=PartnershipAttendanceInputSerializer,
        answer=PartnershipQuorumSerializer,
        url_path="record-attendance",
        run=_record_attendance,
    )
    decisions = command(
        "Record a decision (the meeting must be held and quorate).",
        given=PartnershipDecisionInputSerializer,
        answer=PartnershipDecisionSerializer,
        created=True,
        run=lambda call: services.record_decision(call.record, text=call.data["text"], by=call.by),
    )
    cancel = command(
        "Cancel the meeting.",
        run=calls(services.cancel_meeting),
    )


def _add_action(call: Call) -> BoardAction:
    board, data = call.record, call.data
    return services.add_action(
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
        by=call.by,
    )


def _record_progress(call: Call) -> BoardAction:
    services.update_action_progress(call.record, by=call.by, **call.data)
    return selectors.get_action_or_404(call.by, call.record.public_id, today=_today())


class ActionViewSet(_BoardRecordViewSet):
    """Actions of the caller's boards. Managers add them; owners and managers record progress."""

    serializer_class = PartnershipActionSerializer

    def get_queryset(self) -> QuerySet[BoardAction]:
        return (
            selectors.actions_for(self.request.user, today=_today())
            .select_related("owner", "meeting", "plan")
            .order_by("due_on", "id")
        )

    def get_object(self) -> BoardAction:
        return self.load(Action.VIEW)

    def load(self, needs: Action) -> BoardAction:
        # Who may record progress (the owner or a manager) is the service's rule.
        return selectors.get_action_or_404(
            self.request.user, self.kwargs["public_id"], today=_today()
        )

    create = _create_on_board(
        "Add an action to the board's plan of work.", PartnershipActionInputSerializer, _add_action
    )
    progress = command(
        "Record progress, optionally marking the action done, cancelled or reopened.",
        given=PartnershipActionProgressInputSerializer,
        run=_record_progress,
    )


def _save_draft(call: Call) -> PlanVersion:
    data = dict(call.data)
    revision = data.pop("revision")
    return services.save_plan_draft(call.record, sections=data, revision=revision, by=call.by)


def _approve(call: Call) -> PlanVersion:
    version = call.record
    meeting = _resolve(
        Meeting.objects.filter(board=version.plan.board),
        call.data["meeting"],
        field="meeting",
        message="No meeting of this board has that id",
    )
    return services.approve_plan_version(version, meeting=meeting, by=call.by)


class PlanVersionViewSet(_ManagedRecordViewSet):
    """Versions of the caller's boards' inclusion plans, drafts included."""

    serializer_class = PartnershipPlanVersionSerializer
    get_record = staticmethod(selectors.get_version_or_404)

    def get_queryset(self) -> QuerySet[PlanVersion]:
        return (
            PlanVersion.objects.filter(plan__board__in=self.boards())
            .select_related("plan")
            .order_by("plan_id", "number")
        )

    save_draft = command(
        "Save the sections sent. Refused with 409 if someone saved since ``revision``.",
        given=PartnershipPlanDraftInputSerializer,
        url_path="save-draft",
        run=_save_draft,
    )
    approve = command(
        "Record the board's approval at a held, quorate meeting.",
        given=PartnershipApproveInputSerializer,
        run=_approve,
    )
    publish = command(
        "Publish an approved version; it can never change afterwards.",
        run=calls(services.publish_plan_version),
    )
    return_to_draft = command(
        "Return the version to draft.",
        url_path="return-to-draft",
        run=calls(services.return_to_draft),
    )


class PublishedPlanViewSet(_BoardRecordViewSet):
    """Published versions of Local Area Inclusion Plans. Public: no sign-in, read-only."""

    serializer_class = PartnershipPublishedPlanSerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> QuerySet[PlanVersion]:
        return (
            selectors.published_versions()
            .select_related("plan__board__local_authority")
            .order_by("plan_id", "-number")
        )
