"""The support API: support plans (read, and a review recorded by the setting), delivery
records and the standards. Forbidden and missing both answer 404; no partner key acts for a
setting's SENCO."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, viewsets

from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.commands import calls, command
from sendcpp.api.views import AuditedMixin
from sendcpp.api.viewsets import LoadedRecordViewSet, RecordViewSet
from support import selectors, services
from support.api.serializers import (
    SupportDeliveryReturnSerializer,
    SupportPlanReviewSerializer,
    SupportPlanSerializer,
    SupportReviewInputSerializer,
    SupportStandardSerializer,
)
from support.models import DeliveryReturn, Standard, SupportPlan


class SupportPlanViewSet(LoadedRecordViewSet):
    """The support plans the caller may read: their setting's, their child's, or (LA staff)
    those of the children they see."""

    serializer_class = SupportPlanSerializer
    command_needs = Action.EDIT
    command_scope = None

    def get_queryset(self) -> QuerySet[SupportPlan]:
        return (
            access.records_for(self.request.user, SupportPlan.objects.all())
            .select_related("child", "setting")
            .prefetch_related("rows__standard", "reviews")
            .order_by("id")
        )

    def load(self, needs: Action) -> Any:
        return selectors.get_plan_or_404(self.request.user, self.kwargs["public_id"], needs)

    review = command(
        "Record a review of the plan (assess, plan, do, review) and the next review's date.",
        given=SupportReviewInputSerializer,
        answer=SupportPlanReviewSerializer,
        created=True,
        run=calls(services.record_review),
    )


class SupportDeliveryViewSet(RecordViewSet):
    """Termly records of whether the provision in section F was delivered, on the cases the
    caller sees (and, for a setting, the ones it made)."""

    serializer_class = SupportDeliveryReturnSerializer

    def get_queryset(self) -> QuerySet[DeliveryReturn]:
        return (
            access.records_for(self.request.user, DeliveryReturn.objects.all())
            .select_related("case", "setting")
            .prefetch_related("lines")
            .order_by("id")
        )


class SupportStandardViewSet(AuditedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The standards of ordinarily available provision now offered (an illustrative set unless
    the local authority loaded its own: see ``source``)."""

    serializer_class = SupportStandardSerializer

    def get_queryset(self) -> QuerySet[Standard]:
        return Standard.objects.filter(retired=False).order_by("area", "position", "id")
