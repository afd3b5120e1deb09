from __future__ import annotations

from rest_framework import serializers

from sendcpp.models import Case, CaseEvent, Child, Deadline, Document
from sendcpp.validators import validate_date_of_birth


class ChildSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    responsible_la = serializers.CharField(source="responsible_la.name", read_only=True)
    primary_broad_area = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "upn",
            "uln",
            "nhs_number",
            "sex",
            "ethnicity",
            "first_language",
            "postcode",
            "responsible_la",
            "primary_need",
            "secondary_need",
            "primary_broad_area",
        ]
        # Read-only today; should the API ever take a child, nobody is born after today.
        extra_kwargs = {"date_of_birth": {"validators": [validate_date_of_birth]}}


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    child = serializers.UUIDField(source="child.public_id", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    coordinator = serializers.CharField(
        source="coordinator.display_name", read_only=True, allow_null=True
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "child",
            "team",
            "coordinator",
            "stage",
            "stage_label",
            "request_received_on",
            "plan_issued_on",
            "closed_on",
            "next_due_on",
            "next_due_label",
            "updated_at",
        ]


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", read_only=True, allow_null=True)

    class Meta:
        model = CaseEvent
        fields = ["kind", "summary", "audience", "actor", "occurred_at"]


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "audience",
            "content_type",
            "size_bytes",
            "status",
            "created_at",
            "download_url",
        ]

    def get_download_url(self, document: Document) -> str:
        from django.urls import reverse

        return reverse("api-document-download", kwargs={"public_id": document.public_id})


class DeadlineSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(source="rule_info.title", read_only=True)
    legal_basis = serializers.CharField(source="rule_info.legal_basis", read_only=True)
    plain_english = serializers.CharField(source="rule_info.plain_english", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule",
            "title",
            "legal_basis",
            "plain_english",
            "due_on",
            "target_on",
            "met_on",
            "cancelled_on",
            "has_exception",
            "status",
        ]

    def get_status(self, deadline: Deadline) -> str:
        """open, overdue, met, met_late or cancelled (worked out today)."""
        from django.utils import timezone

        if deadline.cancelled_on:
            return "cancelled"
        if deadline.met_on:
            return "met_late" if deadline.was_met_late else "met"
        return "overdue" if deadline.is_overdue(timezone.localdate()) else "open"
