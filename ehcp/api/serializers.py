"""API shapes of the EHC journey: one output serializer per resource, and one input serializer
per workflow move (shape only: the rules are in the services)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from ehcp.models import (
    AdviceDraft,
    AdviceKind,
    AdviceRequest,
    AdviceRow,
    AdviceSubmission,
    AdviceTemplate,
    Assessment,
    AssessmentRequest,
    CeaseReason,
    GridArea,
    Plan,
    PlanRow,
    PlanVersion,
    RequestSource,
    Review,
    SocialCareBasis,
)
from ehcp.services import PLAN_SECTION_FIELDS
from sendcpp.api.serializers import (
    ModelSerializer,
    PublicIdField,
    PublicRecordSerializer,
    no_null_characters,
)
from sendcpp.models import User

# --- Output ---------------------------------------------------------------------------------------


class _CaseRecordSerializer(PublicRecordSerializer):
    case = PublicIdField("case")


class AssessmentRequestSerializer(_CaseRecordSerializer):
    sen2_source = serializers.IntegerField(read_only=True)

    class Meta:
        model = AssessmentRequest
        fields = ["id", "case", "kind", "source", "sen2_source", "received_on", "details", "status"]


class AssessmentSerializer(_CaseRecordSerializer):
    request = PublicIdField("request")

    class Meta:
        model = Assessment
        fields = ["id", "case", "request", "kind", "started_on", "outcome"]


class GridRowSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=GridArea.choices)
    need = serializers.CharField(allow_blank=True, required=False, default="")
    provision_what = serializers.CharField(allow_blank=True, required=False, default="")
    provision_who = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=300
    )
    ratio = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)
    frequency = serializers.CharField(allow_blank=True, required=False, default="", max_length=120)
    duration = serializers.CharField(allow_blank=True, required=False, default="", max_length=120)
    social_care_basis = serializers.ChoiceField(
        choices=[("", "None"), *SocialCareBasis.choices], required=False, default=""
    )
    outcome = serializers.CharField(allow_blank=True, required=False, default="")
    outcome_timeframe = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=120
    )


class AdviceRowSerializer(GridRowSerializer, ModelSerializer):
    class Meta:
        model = AdviceRow
        fields = [*GridRowSerializer._declared_fields, "position"]


class AdviceSubmissionSerializer(PublicRecordSerializer):
    request = PublicIdField("request")
    report = PublicIdField("report", allow_null=True)
    corrects = PublicIdField("corrects", allow_null=True)
    rows = AdviceRowSerializer(many=True, read_only=True)

    class Meta:
        model = AdviceSubmission
        fields = [
            "id",
            "request",
            "version",
            "content",
            "advisor_name",
            "advisor_role",
            "via_link",
            "corrects",
            "correction_reason",
            "submitted_at",
            "rows",
            "report",
        ]


class AdviceRequestSerializer(_CaseRecordSerializer):
    assessment = PublicIdField("assessment", allow_null=True)
    review = PublicIdField("review", allow_null=True)
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True
    )

    class Meta:
        model = AdviceRequest
        fields = [
            "id",
            "case",
            "assessment",
            "review",
            "kind",
            "template",
            "advisor_name",
            "advisor_profession",
            "organisation",
            "requested_on",
            "questions",
            "share_family_views",
            "share_other_advice",
            "status",
            "submitted_at",
        ]


class PlanRowSerializer(GridRowSerializer, ModelSerializer):
    source_advice_row = serializers.IntegerField(
        source="source_advice_row_id", read_only=True, allow_null=True
    )

    class Meta:
        model = PlanRow
        fields = ["id", *GridRowSerializer._declared_fields, "position", "source_advice_row"]


class PlanSerializer(_CaseRecordSerializer):
    rows = PlanRowSerializer(many=True, read_only=True)
    placement_setting = PublicIdField("placement_setting", allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "case",
            "status",
            "made_on",
            "lock_version",
            *[name for fields in PLAN_SECTION_FIELDS.values() for name in fields],
            "area_strengths",
            "placement_setting",
            "placement_name",
            "placement_type",
            "placement_pattern",
            "family_response_complete_at",
            "updated_at",
            "rows",
        ]


class PlanListSerializer(PlanSerializer):
    class Meta(PlanSerializer.Meta):
        fields = ["id", "case", "status", "made_on", "lock_version", "updated_at"]


class PlanVersionSerializer(PublicRecordSerializer):
    plan = PublicIdField("plan")
    pdf_status = serializers.CharField(source="document.status", read_only=True, allow_null=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "number",
            "kind",
            "issued_on",
            "comments_close_on",
            "pdf_status",
            "pdf_url",
        ]

    def get_pdf_url(self, version: PlanVersion) -> str:
        return reverse("api-ehcp-version-pdf", kwargs={"public_id": version.public_id})


class PlanVersionDetailSerializer(PlanVersionSerializer):
    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "content"]


class AnnualReviewSerializer(_CaseRecordSerializer):
    plan = PublicIdField("plan")

    class Meta:
        model = Review
        fields = [
            "id",
            "case",
            "plan",
            "status",
            "meeting_on",
            "phase_transfer",
            "transfer_on",
            "invitations_sent_on",
            "papers_sent_on",
            "held_on",
            "report_sent_on",
            "outcome",
            "decided_on",
        ]


class DiffLineSerializer(serializers.Serializer):
    section = serializers.CharField()
    change = serializers.ChoiceField(choices=["added", "removed"])
    text = serializers.CharField()


# --- Input ----------------------------------------------------------------------------------------


class RecordRequestInput(serializers.Serializer):
    case = serializers.UUIDField()
    source = serializers.ChoiceField(choices=RequestSource.choices)
    received_on = serializers.DateField()
    details = serializers.CharField(allow_blank=True, required=False, default="")


class RequestDecisionInput(serializers.Serializer):
    agree = serializers.BooleanField()
    reasons = serializers.CharField()
    decided_on = serializers.DateField()


class IssueDecisionInput(serializers.Serializer):
    issue = serializers.BooleanField()
    reasons = serializers.CharField()
    decided_on = serializers.DateField()


class AdviceRequestInput(serializers.Serializer):
    case = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=AdviceKind.choices)
    advisor = serializers.UUIDField(required=False, allow_null=True, default=None)
    advisor_name = serializers.CharField(max_length=200)
    advisor_email = serializers.EmailField(required=False, allow_blank=True, default="")
    advisor_profession = serializers.ChoiceField(
        choices=[("", "Not known"), *User.Profession.choices], required=False, default=""
    )
    template = serializers.ChoiceField(
        choices=[("", "Default"), *AdviceTemplate.choices], required=False, default=""
    )
    requested_on = serializers.DateField()
    questions = serializers.CharField(required=False, allow_blank=True, default="")
    share_family_views = serializers.BooleanField(required=False, default=True)
    share_other_advice = serializers.BooleanField(required=False, default=False)
    review = serializers.UUIDField(required=False, allow_null=True, default=None)


class SubmitAdviceInput(serializers.Serializer):
    content = serializers.DictField(
        child=serializers.CharField(allow_blank=True), validators=[no_null_characters]
    )
    rows = GridRowSerializer(many=True, required=False, default=list)
    advisor_name = serializers.CharField(max_length=200)
    advisor_role = serializers.CharField(max_length=200)
    correction_reason = serializers.CharField(required=False, allow_blank=True, default="")


class SaveAdviceDraftInput(serializers.Serializer):
    """Advice being written: what is sent replaces the draft's; what is left out is kept."""

    content = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        validators=[no_null_characters],
        required=False,
    )
    rows = GridRowSerializer(many=True, required=False)
    advisor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    advisor_role = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AdviceReportInput(serializers.Serializer):
    """The full report (a PDF or Word document), sent as multipart/form-data."""

    report = serializers.FileField()


class AdviceDraftSerializer(ModelSerializer):
    """The caller's own draft (nobody else ever sees it)."""

    request = PublicIdField("request")
    report = serializers.CharField(source="report_name", read_only=True)

    class Meta:
        model = AdviceDraft
        fields = [
            "request",
            "content",
            "rows",
            "advisor_name",
            "advisor_role",
            "report",
            "saved_at",
        ]


class WithdrawAdviceInput(serializers.Serializer):
    reason = serializers.CharField()


class PlanSectionInput(serializers.Serializer):
    section = serializers.ChoiceField(choices=list(PLAN_SECTION_FIELDS))
    values = serializers.DictField(validators=[no_null_characters])
    lock_version = serializers.IntegerField(min_value=1)


class PlanRowInput(GridRowSerializer):
    lock_version = serializers.IntegerField(min_value=1)
    row = serializers.IntegerField(required=False, allow_null=True, default=None)


class IssueDraftInput(serializers.Serializer):
    served_on = serializers.DateField()


class IssueFinalInput(serializers.Serializer):
    issued_on = serializers.DateField()


class EhcpSentOnInput(serializers.Serializer):
    sent_on = serializers.DateField()


class NameSettingInput(serializers.Serializer):
    setting = serializers.UUIDField()
    placement_type = serializers.CharField(required=False, allow_blank=True, default="")
    placement_pattern = serializers.CharField(required=False, allow_blank=True, default="")


class CeasePlanInput(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=CeaseReason.choices)
    reasons = serializers.CharField()
    decided_on = serializers.DateField()


class ScheduleReviewInput(serializers.Serializer):
    case = serializers.UUIDField()
    meeting_on = serializers.DateField()
    phase_transfer = serializers.ChoiceField(
        choices=Review.PhaseTransfer.choices, required=False, default=""
    )
    transfer_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReviewMeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    attendees = serializers.CharField()
    notes = serializers.CharField()


class ReviewReportInput(serializers.Serializer):
    report = serializers.CharField()
    sent_on = serializers.DateField()


class ReviewDecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Review.Outcome.choices)
    reasons = serializers.CharField()
    decided_on = serializers.DateField()
    cease_reason = serializers.ChoiceField(
        choices=[("", "Not ceasing"), *CeaseReason.choices], required=False, default=""
    )


def as_dict(serializer: serializers.Serializer) -> dict[str, Any]:
    return dict(serializer.validated_data)
