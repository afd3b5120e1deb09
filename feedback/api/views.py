"""The feedback API, read-only: questionnaires and their reports for the council's officers and
the parent carer forum's representatives (aggregates only, never an answer), and the public
"You said, we did" entries. Forbidden and missing both answer 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from feedback import selectors
from feedback.api.serializers import (
    FeedbackEntrySerializer,
    FeedbackQuestionnaireSerializer,
    FeedbackReportSerializer,
)
from feedback.models import Questionnaire, YouSaidWeDid
from feedback.services import is_officer
from sendcpp.api.viewsets import RecordViewSet


def _date(request: Request, name: str, default: date) -> date:
    text = request.query_params.get(name)
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: "Enter a date as YYYY-MM-DD"}) from None


class QuestionnaireViewSet(RecordViewSet):
    """The questionnaires whose reports the caller reads (officers: drafts too)."""

    serializer_class = FeedbackQuestionnaireSerializer

    def get_queryset(self) -> QuerySet[Questionnaire]:
        user = self.request.user
        queryset = (
            selectors.questionnaires_for(user)
            if is_officer(user)
            else selectors.reportable_for(user)
        )
        return queryset.prefetch_related("questions").order_by("-created_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("starts_on", OpenApiTypes.DATE, description="Start of the period"),
            OpenApiParameter("ends_on", OpenApiTypes.DATE, description="End of the period"),
        ],
        responses=FeedbackReportSerializer,
    )
    @action(detail=True, methods=["get"])
    def report(self, request: Request, public_id: str | None = None) -> Response:
        """The evaluation report in the export's layout: every figure, hidden ones as "c"."""
        questionnaire = selectors.get_reportable_or_404(request.user, public_id or "")
        today = timezone.localdate()
        starts_on = _date(request, "starts_on", today - timedelta(days=365))
        ends_on = _date(request, "ends_on", today)
        if ends_on < starts_on:
            raise ValidationError(
                {"ends_on": "The end of the period must be on or after its start"}
            )
        result = selectors.report(questionnaire, starts_on=starts_on, ends_on=ends_on)
        rows = selectors.export_rows(result)[1:]
        figures: list[dict[str, Any]] = [
            {
                "measure": row[5],
                "question": row[6],
                "answer": row[7],
                "count": str(row[8]),
                "value": str(row[9]),
            }
            for row in rows
        ]
        return Response(
            FeedbackReportSerializer(
                {
                    "reform": questionnaire.reform,
                    "touchpoint": questionnaire.touchpoint,
                    "period_start": starts_on,
                    "period_end": ends_on,
                    "figures": figures,
                }
            ).data
        )


class EntryViewSet(RecordViewSet):
    """Published "You said, we did" entries. Public: no sign-in, read-only."""

    serializer_class = FeedbackEntrySerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> QuerySet[YouSaidWeDid]:
        return (
            selectors.you_said_we_did()
            .select_related("local_authority")
            .order_by("-published_at", "-id")
        )
