from __future__ import annotations

from rest_framework import serializers

from dashboard.models import Area, Dataset, StatisticValue
from sendcpp.api.serializers import ModelSerializer


class DatasetSerializer(ModelSerializer):
    class Meta:
        model = Dataset
        fields = [
            "key",
            "title",
            "publication",
            "reporting_year",
            "published_on",
            "source_name",
            "row_count",
            "value_count",
            "imported_at",
        ]


class AreaSerializer(ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "region", "la_code", "last_reported_year"]


class StatisticValueSerializer(ModelSerializer):
    dataset = serializers.CharField(source="dataset.key", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        allow_null=True,
        read_only=True,
        coerce_to_string=True,
        normalize_output=True,
    )

    class Meta:
        model = StatisticValue
        fields = [
            "dataset",
            "area",
            "time_period",
            "breakdown_topic",
            "breakdown",
            "indicator",
            "value",
            "symbol",
        ]


class TableSerializer(serializers.Serializer):
    """One table of a dashboard page: the same figures as its CSV and JSON downloads."""

    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    notes = serializers.ListField(child=serializers.CharField())
    symbols = serializers.DictField(child=serializers.CharField())


class TableSummarySerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
