"""The ELSEC API: thin viewsets over ``selectors`` for reads, and a declared command calling one
service for a write. Forbidden and missing both answer 404; no partner key acts here (the
records are read and written by people in the pathfinder)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from elsec import selectors, services
from elsec.api.serializers import (
    ElsecChildSerializer,
    ElsecScreeningInputSerializer,
    ElsecScreeningSerializer,
    ElsecSettingSerializer,
)
from elsec.models import ChildRecord, PathfinderSetting
from sendcpp.access import Action
from sendcpp.api.commands import Call, command
from sendcpp.api.viewsets import LoadedRecordViewSet, RecordViewSet
from sendcpp.exceptions import DomainError


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
