"""API shapes for panels. Output serializers are read-only; input serializers validate the shape
of one move, and their field names are the keyword arguments of the service it calls."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from panels.models import (
    AgendaItem,
    DecisionAmendment,
    DecisionKind,
    FundingBand,
    MemberRole,
    Outcome,
    Panel,
    PanelDecision,
    PanelKind,
    PanelMeeting,
    PanelMember,
    SettingType,
)
from panels.selectors import item_deadline
from sendcpp.api.serializers import PublicIdField, PublicIdRelatedField, PublicRecordSerializer
from sendcpp.models import Organisation, User

# --- Output ---------------------------------------------------------------------------------------


class PanelMemberSerializer(PublicRecordSerializer):
    name = serializers.CharField(source="user.display_name", read_only=True)
    user = PublicIdField("user")
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = PanelMember
        fields = [
            "id",
            "user",
            "name",
            "role",
            "role_label",
            "organisation",
            "is_chair",
            "joined_on",
        ]


class PanelSerializer(PublicRecordSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    decision_kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    members = PanelMemberSerializer(source="current_members", many=True, read_only=True)

    class Meta:
        model = Panel
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "decision_kinds",
            "papers_days_before",
            "is_active",
            "members",
        ]


class MeetingSerializer(PublicRecordSerializer):
    panel = PublicIdField("panel")
    panel_name = serializers.CharField(source="panel.name", read_only=True)

    class Meta:
        model = PanelMeeting
        fields = [
            "id",
            "panel",
            "panel_name",
            "starts_at",
            "location",
            "papers_published_at",
            "status",
            "started_at",
            "closed_at",
            "quorate_at_start",
            "quorum_problems_at_start",
        ]


class DeadlineSummarySerializer(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField(source="rule_info.title")
    due_on = serializers.DateField()


class AgendaItemSerializer(PublicRecordSerializer):
    meeting = PublicIdField("meeting")
    case = PublicIdField("case")
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    stage = serializers.CharField(source="case.stage", read_only=True)
    deadline = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "case",
            "case_reference",
            "stage",
            "decision_kind",
            "position",
            "summary",
            "status",
            "status_reason",
            "deadline",
            "decision",
        ]

    def get_deadline(self, item: AgendaItem) -> dict[str, Any] | None:
        deadline = item_deadline(item)
        return DeadlineSummarySerializer(deadline).data if deadline else None

    def get_decision(self, item: AgendaItem) -> str | None:
        decision = getattr(item, "decision", None) if item.status == "decided" else None
        return str(decision.public_id) if decision else None


class AmendmentSerializer(PublicRecordSerializer):
    letter = PublicIdField("letter", allow_null=True, default=None)

    class Meta:
        model = DecisionAmendment
        fields = [
            "id",
            "explanation",
            "reasons",
            "dissent",
            "next_steps",
            "next_step_due_on",
            "letter",
            "recorded_at",
        ]


class DecisionSerializer(PublicRecordSerializer):
    item = PublicIdField("item")
    case = PublicIdField("case")
    outcome_label = serializers.CharField(read_only=True)
    next_step_owner = serializers.CharField(
        source="next_step_owner.display_name", read_only=True, allow_null=True, default=None
    )
    setting = serializers.CharField(
        source="setting.name", read_only=True, allow_null=True, default=None
    )
    letter = PublicIdField("letter", allow_null=True, default=None)
    amendments = AmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = PanelDecision
        fields = [
            "id",
            "item",
            "case",
            "kind",
            "outcome",
            "outcome_label",
            "reasons",
            "criteria",
            "dissent",
            "next_steps",
            "next_step_owner",
            "next_step_due_on",
            "present",
            "is_quorate",
            "quorum_problems",
            "band_name",
            "annual_amount",
            "placement_type",
            "setting",
            "cease_reason",
            "decided_on",
            "letter",
            "amendments",
        ]


class BandSerializer(PublicRecordSerializer):
    class Meta:
        model = FundingBand
        fields = [
            "id",
            "name",
            "need_level",
            "descriptor",
            "annual_tariff",
            "effective_from",
            "effective_to",
        ]


# --- Input ----------------------------------------------------------------------------------------


class PanelInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=PanelKind.choices)
    papers_days_before = serializers.IntegerField(min_value=0, max_value=28, default=5)


class MemberInput(serializers.Serializer):
    user = PublicIdRelatedField(queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=MemberRole.choices)
    organisation = PublicIdRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    is_chair = serializers.BooleanField(default=False)


class MeetingInput(serializers.Serializer):
    panel = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceInput(serializers.Serializer):
    present = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)


class AgendaItemInput(serializers.Serializer):
    meeting = serializers.UUIDField()
    case = serializers.UUIDField()
    decision_kind = serializers.ChoiceField(choices=DecisionKind.choices)
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class ConflictInput(serializers.Serializer):
    member = serializers.UUIDField(required=False, help_text="Empty: the caller's own membership")
    reason = serializers.CharField()


class _NextStepsInput(serializers.Serializer):
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    next_step_owner = PublicIdRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    next_step_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecisionInput(_NextStepsInput):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField()
    criteria = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    dissent = serializers.CharField(required=False, allow_blank=True, default="")
    band = PublicIdRelatedField(
        queryset=FundingBand.objects.all(), required=False, allow_null=True, default=None
    )
    placement_type = serializers.ChoiceField(
        choices=SettingType.choices, required=False, allow_blank=True, default=""
    )
    setting = PublicIdRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    cease_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AmendmentInput(_NextStepsInput):
    explanation = serializers.CharField()
    reasons = serializers.CharField()
    dissent = serializers.CharField(required=False, allow_blank=True, default="")


class BandInput(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    need_level = serializers.CharField(max_length=120)
    descriptor = serializers.CharField(required=False, allow_blank=True, default="")
    annual_tariff = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(required=False, allow_null=True, default=None)


class EndBandInput(serializers.Serializer):
    effective_to = serializers.DateField()
