"""The records API: plans moving between councils on the exchange format, and the disclosure
register. Reads come from the app's selectors; every write is a declared command calling one
service. Forbidden and missing both answer 404; partner keys may not use it."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ehcp import exchange
from ehcp.models import Plan, PlanVersion
from records import selectors, services
from records.access import works_on_records
from records.api.serializers import (
    DisclosureInput,
    DisclosureSerializer,
    DisposalBatchSerializer,
    MigrationRunSerializer,
    PlanTransferInput,
    PlanTransferSerializer,
    SubjectAccessRequestSerializer,
)
from records.models import (
    Disclosure,
    DisposalBatch,
    MigrationRun,
    PlanTransfer,
    SubjectAccessRequest,
)
from sendcpp import access, audit
from sendcpp.access import Action
from sendcpp.api.commands import Call, command, load_from_body, without
from sendcpp.api.views import AuditedMixin
from sendcpp.api.viewsets import LoadedRecordViewSet
from sendcpp.exceptions import DomainError


def _staff(view: viewsets.GenericViewSet, needs: Action) -> Any:
    """The person acting, if they work on the council's records (else 404)."""
    if not works_on_records(view.request.user):
        raise Http404
    return view.request.user


def _upload(call: Call) -> PlanTransfer:
    raw = json.dumps(call.data["document"]).encode()
    try:
        return services.upload_plan_transfer(
            raw, transferred_on=call.data["transferred_on"], by=call.by
        )
    except services.DocumentRefused as refused:
        detail = "; ".join(f"{path}: {message}" for path, message in refused.problems[:50])
        raise DomainError(f"{refused.message}: {detail}", field="document") from refused


class PlanTransferViewSet(LoadedRecordViewSet):
    """Plans exported by another council, uploaded on a transfer-in and waiting for (or given)
    a coordinator's acceptance."""

    serializer_class = PlanTransferSerializer
    command_needs = Action.EDIT
    command_scope = None

    def get_queryset(self) -> QuerySet[PlanTransfer]:
        return selectors.transfers_for(self.request.user).order_by("-created_at", "-id")

    def load(self, needs: Action) -> PlanTransfer:
        return selectors.get_transfer_or_404(self.request.user, self.kwargs["public_id"], needs)

    create = command(
        "Upload an exchange document from another council: checked against the schema (every "
        "problem by path, nothing kept), then waiting for acceptance.",
        load=_staff,
        given=PlanTransferInput,
        created=True,
        detail=None,
        run=_upload,
    )
    accept = command(
        "Accept the plan: open the case at plan maintained, fill the plan, start the deadlines.",
        run=lambda call: services.accept_plan_transfer(call.record, by=call.by),
    )
    decline = command(
        "Decline the plan: nothing is created.",
        run=lambda call: services.decline_plan_transfer(call.record, by=call.by),
    )


class DisclosureViewSet(LoadedRecordViewSet):
    """The disclosure register: every release of a plan or record outside the council."""

    serializer_class = DisclosureSerializer
    command_needs = Action.VIEW
    command_scope = None

    def get_queryset(self) -> QuerySet[Disclosure]:
        return selectors.disclosures_for(self.request.user).order_by("-disclosed_on", "-id")

    def load(self, needs: Action) -> Disclosure:
        found = self.get_queryset().filter(public_id=self.kwargs["public_id"]).first()
        if found is None:
            raise Http404
        return found

    create = command(
        "Record a disclosure: to whom, what, why (consent or a purpose regulation 17 lists) and "
        "on what lawful basis.",
        load=load_from_body("case"),
        given=DisclosureInput,
        created=True,
        detail=None,
        run=lambda call: services.record_disclosure(
            call.record, by=call.by, **without(call.data, "case")
        ),
    )


class PlanExportViewSet(AuditedMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A case's plan on the open exchange format (JSON Schema at the schema's stable URL)."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    queryset = Plan.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version",
                int,
                description="An issued version's number; without it, the plan "
                "in force as it stands",
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        """The exchange document of the case's plan (or of one issued version)."""
        if not works_on_records(request.user):
            raise Http404
        case = access.get_case_or_404(request.user, public_id, Action.VIEW)
        plan = Plan.objects.filter(case=case, made_on__isnull=False).first()
        if plan is None:
            raise Http404
        version = None
        if request.query_params.get("version"):
            version = (
                PlanVersion.objects.filter(
                    plan=plan, number=int(request.query_params["version"])
                ).first()
                if request.query_params["version"].isdigit()
                else None
            )
            if version is None:
                raise Http404
        try:
            document = exchange.export_document(
                plan,
                version=version,
                exported_by=case.local_authority.name,
                exported_on=timezone.localdate(),
                earlier=services.earlier_history(case),
            )
        except DomainError as error:
            raise Http404 from error
        audit.record_read(
            request.user, child_id=case.child_id, case=case, what="plan exchange document"
        )
        return Response(document)


class SubjectAccessRequestViewSet(LoadedRecordViewSet):
    """Requests for a copy of the records, on the cases the caller works on (read only: the
    bundle is checked and released on its page)."""

    serializer_class = SubjectAccessRequestSerializer

    def get_queryset(self) -> QuerySet[SubjectAccessRequest]:
        if not works_on_records(self.request.user):
            return SubjectAccessRequest.objects.none()
        return (
            SubjectAccessRequest.objects.filter(
                local_authority_id=self.request.user.organisation_id,
                case__in=access.cases_for(self.request.user, Action.VIEW),
            )
            .select_related("case")
            .order_by("-received_on", "-id")
        )

    def load(self, needs: Action) -> SubjectAccessRequest:
        found = self.get_queryset().filter(public_id=self.kwargs["public_id"]).first()
        if found is None:
            raise Http404
        return found


class _ManagersOwnViewSet(LoadedRecordViewSet):
    """A council's own records that only its SEND managers read."""

    model: Any = None

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user
        if not (works_on_records(user) and access.is_manager(user)):
            return self.model.objects.none()
        return self.model.objects.filter(local_authority_id=user.organisation_id).order_by(
            "-created_at", "-id"
        )

    def load(self, needs: Action) -> Any:
        found = self.get_queryset().filter(public_id=self.kwargs["public_id"]).first()
        if found is None:
            raise Http404
        return found


class DisposalBatchViewSet(_ManagersOwnViewSet):
    """The monthly lists of records due for disposal and, once destroyed, their certificates.
    Approval is a named officer's act on the page, never through a key."""

    serializer_class = DisposalBatchSerializer
    model = DisposalBatch


class MigrationRunViewSet(_ManagersOwnViewSet):
    """Caseload files checked and imported: problems by row and column, or the dry run."""

    serializer_class = MigrationRunSerializer
    model = MigrationRun

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("content")
