"""API shapes of ELSEC: output serializers per resource, and input serializers that check shape
only (rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from elsec.models import (
    ChildRecord,
    Episode,
    Pathfinder,
    PathfinderSetting,
    Referral,
    Screening,
)
from sendcpp.api.serializers import PublicIdField, PublicRecordSerializer


class ElsecSettingSerializer(PublicRecordSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)
    urn = serializers.CharField(source="organisation.urn", read_only=True)
    pathfinder = PublicIdField("pathfinder")

    class Meta:
        model = PathfinderSetting
        fields = ["id", "name", "urn", "phase", "joined_on", "pathfinder"]


class ElsecScreeningSerializer(PublicRecordSerializer):
    tool = serializers.CharField(source="tool.name", read_only=True)
    after_episode = PublicIdField("after_episode", allow_null=True)

    class Meta:
        model = Screening
        fields = ["id", "tool", "screened_on", "score", "at_expected_level", "after_episode"]


class ElsecEpisodeSerializer(PublicRecordSerializer):
    class Meta:
        model = Episode
        fields = [
            "id",
            "programme",
            "format",
            "starts_on",
            "ends_on",
            "sessions_attended",
            "status",
        ]


class ElsecReferralSerializer(PublicRecordSerializer):
    class Meta:
        model = Referral
        fields = ["id", "service", "referred_on", "status", "decided_on", "outcome"]


class ElsecChildSerializer(PublicRecordSerializer):
    child = PublicIdField("child")
    name = serializers.CharField(source="child.full_name", read_only=True)
    date_of_birth = serializers.DateField(source="child.date_of_birth", read_only=True)
    setting = PublicIdField("setting")
    screenings = ElsecScreeningSerializer(many=True, read_only=True)
    episodes = ElsecEpisodeSerializer(many=True, read_only=True)
    referrals = ElsecReferralSerializer(many=True, read_only=True)

    class Meta:
        model = ChildRecord
        fields = [
            "id",
            "child",
            "name",
            "date_of_birth",
            "setting",
            "screenings",
            "episodes",
            "referrals",
        ]


class ElsecScreeningInputSerializer(serializers.Serializer):
    tool = serializers.UUIDField(help_text="The screening measure's id.")
    screened_on = serializers.DateField()
    score = serializers.IntegerField()
    after_episode = serializers.UUIDField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ElsecPathfinderSerializer(PublicRecordSerializer):
    local_authority = serializers.CharField(source="local_authority.name", read_only=True)

    class Meta:
        model = Pathfinder
        fields = ["id", "name", "area", "local_authority", "starts_on", "ends_on"]


class ElsecFigureSerializer(serializers.Serializer):
    table = serializers.CharField()
    measure = serializers.CharField()
    value = serializers.CharField(
        allow_null=True, help_text="A number, “c” for a hidden count, or null for none."
    )


class ElsecEvaluationSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    type_of_setting = serializers.CharField()
    age_group = serializers.CharField()
    figures = ElsecFigureSerializer(many=True)
