"""API shapes of the partnership: one output serializer per resource, and input serializers that
check shape only (rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from partnerships.models import (
    PLAN_SECTIONS,
    AttendanceStatus,
    BoardAction,
    BoardActionStatus,
    BoardMember,
    Meeting,
    MemberRole,
    PartnershipBoard,
    PlanVersion,
)
from sendcpp.api.serializers import LocalTimeField, PublicIdField, PublicRecordSerializer


class PartnershipBoardSerializer(PublicRecordSerializer):
    local_authority = serializers.CharField(source="local_authority.name", read_only=True)

    class Meta:
        model = PartnershipBoard
        fields = [
            "id",
            "name",
            "local_authority",
            "quorum_minimum",
            "meeting_interval_weeks",
            "reminder_days",
        ]


class PartnershipSeatSerializer(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.CharField()
    minimum = serializers.IntegerField()
    current = serializers.IntegerField()
    status = serializers.CharField()
    required_for_quorum = serializers.BooleanField()


class PartnershipMemberSerializer(PublicRecordSerializer):
    organisation = serializers.CharField(source="organisation_label", read_only=True)
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = BoardMember
        fields = [
            "id",
            "full_name",
            "role",
            "organisation",
            "job_title",
            "is_chair",
            "starts_on",
            "ends_on",
            "has_account",
        ]

    def get_has_account(self, member: BoardMember) -> bool:
        return member.user_id is not None


class PartnershipMemberInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=MemberRole.choices)
    organisation = serializers.UUIDField(
        required=False, allow_null=True, help_text="The organisation's id in the directory"
    )
    organisation_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    user = serializers.UUIDField(
        required=False, allow_null=True, help_text="The id of their staff account"
    )
    is_chair = serializers.BooleanField(required=False, default=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class PartnershipMeetingSerializer(PublicRecordSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "meets_on",
            "planned_on",
            "moved_reason",
            "starts_at",
            "location",
            "status",
            "minutes",
            "minutes_revision",
        ]


class PartnershipScheduleInputSerializer(serializers.Serializer):
    first_on = serializers.DateField()
    count = serializers.IntegerField(min_value=1, max_value=52)
    interval_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False)
    starts_at = LocalTimeField(required=False)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PartnershipAttendanceEntrySerializer(serializers.Serializer):
    member = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class PartnershipAttendanceInputSerializer(serializers.Serializer):
    attendance = PartnershipAttendanceEntrySerializer(many=True)


class PartnershipQuorumSerializer(serializers.Serializer):
    is_quorate = serializers.BooleanField()
    present = serializers.IntegerField()
    minimum = serializers.IntegerField()
    missing_roles = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class PartnershipDecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class PartnershipDecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    text = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class PartnershipActionSerializer(PublicRecordSerializer):
    owner = PublicIdField("owner")
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    meeting = PublicIdField("meeting", allow_null=True)
    plan = PublicIdField("plan", allow_null=True)

    class Meta:
        model = BoardAction
        fields = [
            "id",
            "description",
            "measure",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "completed_on",
            "meeting",
            "plan",
        ]


class PartnershipActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    owner = serializers.UUIDField(help_text="The owning member's id")
    due_on = serializers.DateField()
    measure = serializers.CharField(max_length=500, required=False, allow_blank=True)
    meeting = serializers.UUIDField(required=False, allow_null=True)
    plan = serializers.UUIDField(required=False, allow_null=True)


class PartnershipActionProgressInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)
    status = serializers.ChoiceField(choices=BoardActionStatus.choices)


_SECTION_FIELDS = [field for field, _heading, _hint in PLAN_SECTIONS]


class PartnershipPlanVersionSerializer(PublicRecordSerializer):
    plan = PublicIdField("plan")
    plan_title = serializers.CharField(source="plan.title", read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "plan_title",
            "number",
            "status",
            "revision",
            *_SECTION_FIELDS,
            "approved_at",
            "published_at",
            "updated_at",
        ]


class PartnershipPlanDraftInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        help_text="The revision you started editing from; a save on an older one is refused (409)"
    )
    context = serializers.CharField(required=False, allow_blank=True)
    provision = serializers.CharField(required=False, allow_blank=True)
    priorities = serializers.CharField(required=False, allow_blank=True)
    actions_summary = serializers.CharField(required=False, allow_blank=True)
    funding = serializers.CharField(required=False, allow_blank=True)
    engagement = serializers.CharField(required=False, allow_blank=True)
    governance = serializers.CharField(required=False, allow_blank=True)


class PartnershipApproveInputSerializer(serializers.Serializer):
    meeting = serializers.UUIDField(help_text="The held meeting at which the board approved it")


class PartnershipPublishedPlanSerializer(PublicRecordSerializer):
    """A published version of an inclusion plan, as the public sees it."""

    plan = PublicIdField("plan")
    title = serializers.CharField(source="plan.title", read_only=True)
    local_authority = serializers.CharField(
        source="plan.board.local_authority.name", read_only=True
    )
    covers_from = serializers.DateField(source="plan.covers_from", read_only=True)
    covers_to = serializers.DateField(source="plan.covers_to", read_only=True)
    actions = serializers.JSONField(source="actions_snapshot", read_only=True)
    engagement_activities = serializers.JSONField(source="engagement_snapshot", read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "title",
            "local_authority",
            "covers_from",
            "covers_to",
            "number",
            *_SECTION_FIELDS,
            "actions",
            "engagement_activities",
            "published_at",
        ]
