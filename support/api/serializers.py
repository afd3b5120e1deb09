"""API shapes of support plans and delivery records: one output serializer per resource, and
input serializers that check shape only (rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from sendcpp.api.serializers import ModelSerializer, PublicIdField, PublicRecordSerializer
from sendcpp.needs import BroadArea
from support.models import (
    DeliveryLine,
    DeliveryReturn,
    Layer,
    PlanReview,
    Progress,
    Standard,
    SupportPlan,
    SupportPlanRow,
)
from support.services import ROW_FIELDS


class SupportStandardSerializer(ModelSerializer):
    class Meta:
        model = Standard
        fields = ["code", "area", "layer", "text", "source"]


class SupportPlanRowSerializer(ModelSerializer):
    area = serializers.ChoiceField(choices=BroadArea.choices, read_only=True)
    standard = serializers.CharField(source="standard.code", read_only=True, default="")

    class Meta:
        model = SupportPlanRow
        fields = [*ROW_FIELDS, "standard"]


class SupportPlanReviewSerializer(PublicRecordSerializer):
    class Meta:
        model = PlanReview
        fields = [
            "id",
            "reviewed_on",
            "progress",
            "what_worked",
            "next_steps",
            "layer_after",
            "next_review_on",
        ]


class SupportPlanSerializer(PublicRecordSerializer):
    child = PublicIdField("child")
    setting = serializers.CharField(source="setting.name", read_only=True)
    rows = SupportPlanRowSerializer(many=True, read_only=True)
    reviews = SupportPlanReviewSerializer(many=True, read_only=True)

    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "child",
            "setting",
            "status",
            "layer",
            "started_on",
            "next_review_on",
            "child_views",
            "family_views",
            "strengths",
            "rows",
            "reviews",
        ]


class SupportReviewInputSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    progress = serializers.ChoiceField(choices=Progress.choices)
    what_worked = serializers.CharField(max_length=5000)
    next_steps = serializers.CharField(max_length=5000)
    layer_after = serializers.ChoiceField(choices=Layer.choices)
    next_review_on = serializers.DateField()


class SupportDeliveryLineSerializer(ModelSerializer):
    class Meta:
        model = DeliveryLine
        fields = [
            "area",
            "provision",
            "frequency",
            "delivered",
            "reason",
            "sessions_specified",
            "sessions_delivered",
            "followed_up_at",
        ]


class SupportDeliveryReturnSerializer(PublicRecordSerializer):
    case = PublicIdField("case")
    setting = serializers.CharField(source="setting.name", read_only=True)
    lines = SupportDeliveryLineSerializer(many=True, read_only=True)

    class Meta:
        model = DeliveryReturn
        fields = ["id", "case", "setting", "school_year", "term", "created_at", "lines"]
