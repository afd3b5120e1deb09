"""API shapes of the records app: output serializers per resource, input serializers that check
shape only (the rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from records.models import (
    Disclosure,
    DisclosurePurpose,
    DisposalBatch,
    LawfulBasis,
    MigrationRun,
    PlanTransfer,
    RecipientKind,
    SubjectAccessRequest,
)
from sendcpp.api.serializers import PublicIdField, PublicRecordSerializer


class PlanTransferSerializer(PublicRecordSerializer):
    case = PublicIdField("case", allow_null=True)

    class Meta:
        model = PlanTransfer
        fields = ["id", "from_la", "transferred_on", "status", "case", "created_at", "document"]


class PlanTransferInput(serializers.Serializer):
    document = serializers.JSONField(help_text="The exchange document (the format's version 1)")
    transferred_on = serializers.DateField()


class DisclosureSerializer(PublicRecordSerializer):
    case = PublicIdField("case")

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "case",
            "recipient_kind",
            "recipient",
            "what",
            "purpose",
            "lawful_basis",
            "details",
            "disclosed_on",
        ]


class DisclosureInput(serializers.Serializer):
    case = serializers.UUIDField()
    recipient_kind = serializers.ChoiceField(RecipientKind.choices)
    recipient = serializers.CharField(max_length=200)
    what = serializers.CharField(max_length=300)
    purpose = serializers.ChoiceField(DisclosurePurpose.choices)
    lawful_basis = serializers.ChoiceField(LawfulBasis.choices)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    disclosed_on = serializers.DateField()


class SubjectAccessRequestSerializer(PublicRecordSerializer):
    case = PublicIdField("case")

    class Meta:
        model = SubjectAccessRequest
        fields = [
            "id",
            "case",
            "requester_name",
            "requester_relationship",
            "received_on",
            "status",
            "index",
            "withheld",
            "released_on",
            "release_method",
        ]


class DisposalBatchSerializer(PublicRecordSerializer):
    class Meta:
        model = DisposalBatch
        fields = [
            "id",
            "record_class",
            "month",
            "status",
            "approved_at",
            "disposed_at",
            "disposed_count",
            "held_count",
        ]


class MigrationRunSerializer(PublicRecordSerializer):
    class Meta:
        model = MigrationRun
        fields = ["id", "filename", "status", "rows", "problems", "report", "created_at"]
