"""The partner API for the shared case model. Thin viewsets: querysets come from ``access``."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sendcpp import access, audit, children
from sendcpp.access import Action
from sendcpp.api.commands import Call, command
from sendcpp.api.filters import UtcIsoDateTimeFilter
from sendcpp.api.serializers import (
    CaseEventSerializer,
    CaseSerializer,
    ChildCorrectionSerializer,
    ChildSerializer,
    ContactChangeSerializer,
    DeadlineSerializer,
    DocumentSerializer,
)
from sendcpp.exceptions import DomainError
from sendcpp.models import ApiClient, ApiRequestLog, Case, Child, Relationship, Stage


def _children_read(page: list[Any]) -> list[tuple[int, int | None]]:
    """(child, case) of each record on a page of a list: a child, a case, or a record of a case."""
    reads: list[tuple[int, int | None]] = []
    case_ids = []
    for record in page:
        if isinstance(record, Child):
            reads.append((record.pk, None))
        elif isinstance(record, Case):
            reads.append((record.child_id, record.pk))
        elif "case" in record._state.fields_cache and record.case is not None:
            reads.append((record.case.child_id, record.case_id))  # loaded with the record
        elif getattr(record, "case_id", None) is not None:
            case_ids.append(record.case_id)
    if case_ids:
        children = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "child_id"))
        reads.extend((children[case_id], case_id) for case_id in case_ids if case_id in children)
    return reads


class AuditedMixin:
    """Records every call a partner system makes, and every child's record a list shows (the
    read-access log: who saw which child's record, through the API as through the pages)."""

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        if page is not None and getattr(self, "action", "") == "list":
            what = f"{queryset.model._meta.verbose_name} list"
            for child_id, case_id in _children_read(page):
                audit.record_read_ids(
                    self.request.user, child_id=child_id, case_id=case_id, what=what
                )
        return page

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
            access.children_for(self.request.user)
            .select_related("responsible_la")
            .prefetch_related("relationships")
            .order_by("id")
        )

    def get_object(self) -> Child:
        return access.get_child_or_404(self.request.user, self.kwargs["public_id"])

    def load(self, needs: Action) -> Child:
        """The child, if the caller may ``needs`` it (for commands), else 404."""
        child = self.get_object()
        if needs != Action.VIEW and not (
            access.children_for(self.request.user, needs).filter(pk=child.pk).exists()
        ):
            raise Http404("No such child")
        return child

    correct = command(
        "Change the child's record (names, date of birth, sex, ethnicity, first language, UPN, "
        "ULN, why the UPN is not known, NHS number, address, postcode). Only the fields given "
        "change; a correction needs a reason. The family is told their details changed.",
        needs=Action.EDIT,
        scope=ApiClient.Scope.CHILDREN_WRITE,
        given=ChildCorrectionSerializer,
        answer=ChildSerializer,
        run=lambda call: _correct_child(call),
    )
    contact = command(
        "Add a contact for the child, or change one (``contact``: its id): a person with "
        "parental responsibility, or the young person themself from 16.",
        needs=Action.EDIT,
        scope=ApiClient.Scope.CHILDREN_WRITE,
        given=ContactChangeSerializer,
        answer=ChildSerializer,
        run=lambda call: _change_contact(call),
    )


def _correct_child(call: Call) -> Child:
    data = dict(call.data)
    version = data.pop("version")
    reason = data.pop("reason", "")
    return children.update_child(
        call.record,
        by=call.by,
        version=version,
        reason=reason,
        values=data,
        today=timezone.localdate(),
    )


def _change_contact(call: Call) -> Child:
    data = dict(call.data)
    version = data.pop("version")
    contact_id = data.pop("contact", None)
    contact = None
    if contact_id is not None:
        contact = Relationship.objects.filter(child=call.record, pk=contact_id).first()
        if contact is None:
            raise DomainError("The child has no contact with that id", field="contact")
    children.save_contact(
        call.record,
        by=call.by,
        version=version,
        values=data,
        today=timezone.localdate(),
        contact=contact,
    )
    return Child.objects.prefetch_related("relationships").get(pk=call.record.pk)


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
