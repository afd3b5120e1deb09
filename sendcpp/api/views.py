"""The partner API for the shared case model. Thin viewsets: querysets come from ``access``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sendcpp import access
from sendcpp.api.filters import UtcIsoDateTimeFilter
from sendcpp.api.serializers import (
    CaseEventSerializer,
    CaseSerializer,
    ChildSerializer,
    DeadlineSerializer,
    DocumentSerializer,
)
from sendcpp.models import ApiClient, ApiRequestLog, Case, Child, Stage


class AuditedMixin:
    """Records every call a partner system makes."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if isinstance(request.user, ApiClient):
            match = request.resolver_match
            ApiRequestLog.objects.create(
                api_client=request.user,
                method=request.method or "",
                endpoint=(match.view_name if match else "")[:100],
                status_code=response.status_code,
            )
        return response


class CaseFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    overdue_on = django_filters.DateFilter(
        field_name="next_due_on", lookup_expr="lt", label="Deadline before"
    )
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Case
        fields = ["stage"]


class ChildViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Children whose records the caller may see."""

    serializer_class = ChildSerializer
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Child]:
        return (
            access.children_for(self.request.user).select_related("responsible_la").order_by("id")
        )

    def get_object(self) -> Child:
        return access.get_child_or_404(self.request.user, self.kwargs["public_id"])


class CaseViewSet(
    AuditedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Cases the caller may see, with their timeline and documents."""

    serializer_class = CaseSerializer
    lookup_field = "public_id"
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return (
            access.cases_for(self.request.user)
            .select_related("child", "team", "coordinator")
            .order_by("id")
        )

    def get_object(self) -> Case:
        return access.get_case_or_404(self.request.user, self.kwargs["public_id"])

    @extend_schema(responses=CaseEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, public_id: str) -> Response:
        case = self.get_object()
        page = self.paginate_queryset(access.timeline_for(request.user, case))
        return self.get_paginated_response(CaseEventSerializer(page, many=True).data)

    @extend_schema(responses=DeadlineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def deadlines(self, request: Request, public_id: str) -> Response:
        """The case's statutory deadlines with their legal basis and status."""
        case = self.get_object()
        page = self.paginate_queryset(case.deadlines.order_by("due_on", "id"))
        return self.get_paginated_response(DeadlineSerializer(page, many=True).data)

    @extend_schema(responses=DocumentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def documents(self, request: Request, public_id: str) -> Response:
        case = self.get_object()
        page = self.paginate_queryset(access.documents_for(request.user, case))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)


class DocumentDownloadView(AuditedMixin, APIView):
    """The file of one document, if the caller may open it."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, public_id: str) -> FileResponse:
        document = access.get_document_or_404(request.user, public_id)
        if not document.file:
            raise Http404("The document has not been generated")
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_filename or "document",
            content_type=document.content_type or "application/octet-stream",
        )
