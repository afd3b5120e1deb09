"""The ELSEC API: thin viewsets over ``selectors`` for reads, and a declared command calling one
service for a write. Forbidden and missing both answer 404; no partner key acts here (the
records are read and written by people in the pathfinder)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from elsec import evaluation, selectors, services
from elsec.api.serializers import (
    ElsecChildSerializer,
    ElsecEvaluationSerializer,
    ElsecPathfinderSerializer,
    ElsecScreeningInputSerializer,
    ElsecScreeningSerializer,
    ElsecSettingSerializer,
)
from elsec.models import ChildRecord, Pathfinder, PathfinderSetting, Phase
from sendcpp.access import Action
from sendcpp.api.commands import Call, command
from sendcpp.api.viewsets import LoadedRecordViewSet, RecordViewSet
from sendcpp.exceptions import DomainError


class PathfinderViewSet(RecordViewSet):
    """The pathfinders the caller sees (as their lead or in their workforce)."""

    serializer_class = ElsecPathfinderSerializer

    def get_queryset(self) -> QuerySet[Pathfinder]:
        return (
            selectors.pathfinders_for(self.request.user)
            .select_related("local_authority")
            .order_by("id")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "starts_on", OpenApiTypes.DATE, description="Default: the pathfinder's start."
            ),
            OpenApiParameter("ends_on", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter("type_of_setting", str, enum=[p.value for p in Phase]),
            OpenApiParameter("age_group", str, enum=[key for key, _, _ in evaluation.AGE_GROUPS]),
        ],
        responses=ElsecEvaluationSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def evaluation(self, request: Request, public_id: str) -> Response:
        """The evaluation figures for publication (disclosure control applied), for the lead."""
        found = selectors.get_pathfinder_or_404(request.user, public_id, Action.EDIT)
        given = _EvaluationQuery(data=request.query_params)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        today = timezone.localdate()
        filters = evaluation.Filters(
            starts_on=data.get("starts_on") or found.starts_on,
            ends_on=data.get("ends_on") or today,
            phase=data.get("type_of_setting", ""),
            age_group=data.get("age_group", ""),
        )
        if filters.ends_on < filters.starts_on:
            raise DomainError("The end date must be on or after the start date", field="ends_on")
        published = evaluation.published(evaluation.compute(found, filters, today=today))
        body = {
            "starts_on": filters.starts_on,
            "ends_on": filters.ends_on,
            "type_of_setting": filters.phase or "all",
            "age_group": filters.age_group or "all",
            "figures": [
                {"table": table, "measure": label, "value": None if value is None else str(value)}
                for table, label, value in published.rows
            ],
        }
        return Response(ElsecEvaluationSerializer(body).data)


class _EvaluationQuery(serializers.Serializer):
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    type_of_setting = serializers.ChoiceField(choices=[p.value for p in Phase], required=False)
    age_group = serializers.ChoiceField(
        choices=[key for key, _, _ in evaluation.AGE_GROUPS], required=False
    )


class SettingViewSet(RecordViewSet):
    """The pathfinder settings the caller sees."""

    serializer_class = ElsecSettingSerializer

    def get_queryset(self) -> QuerySet[PathfinderSetting]:
        return selectors.settings_for(self.request.user).order_by("id")


def _screen(call: Call) -> Any:
    data = call.data
    tool = selectors.active_tools().filter(public_id=data["tool"]).first()
    if tool is None:
        raise DomainError("No screening measure in use has that id", field="tool")
    episode = None
    if data.get("after_episode"):
        episode = call.record.episodes.filter(public_id=data["after_episode"]).first()
        if episode is None:
            raise DomainError("The child has no episode with that id", field="after_episode")
    return services.record_screening(
        call.record,
        tool=tool,
        screened_on=data["screened_on"],
        score=data["score"],
        notes=data.get("notes", ""),
        after_episode=episode,
        by=call.by,
    )


class ChildRecordViewSet(LoadedRecordViewSet):
    """Children's early language records the caller sees, with their screenings, targeted
    episodes and specialist referrals. Every read is logged."""

    serializer_class = ElsecChildSerializer
    command_needs = Action.EDIT
    command_scope = None

    def get_queryset(self) -> QuerySet[ChildRecord]:
        return (
            selectors.records_for(self.request.user)
            .prefetch_related(
                "screenings__tool", "screenings__after_episode", "episodes", "referrals"
            )
            .order_by("id")
        )

    def load(self, needs: Action) -> ChildRecord:
        return selectors.get_record_or_404(self.request.user, self.kwargs["public_id"], needs)

    screenings = command(
        "Record a screening of the child (the parent's consent must be in force that day).",
        given=ElsecScreeningInputSerializer,
        answer=ElsecScreeningSerializer,
        created=True,
        run=_screen,
    )
