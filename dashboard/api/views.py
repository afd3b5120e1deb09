"""The public, read-only dashboard API: published statistics and the dashboard's tables.
No sign-in (aggregates only); the case-level SEN2 return is not served here."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from dashboard import figures, selectors
from dashboard.api.serializers import (
    AreaSerializer,
    DatasetSerializer,
    StatisticValueSerializer,
    TableSerializer,
    TableSummarySerializer,
)
from dashboard.models import Area, Dataset, GeographicLevel, StatisticValue


class PublicRateThrottle(AnonRateThrottle):
    """Limits each caller's address, as the public API needs no key."""

    rate = "300/minute"


class PublicMixin:
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [PublicRateThrottle]


class DatasetViewSet(
    PublicMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The published data sets loaded, with their release."""

    serializer_class = DatasetSerializer
    lookup_field = "key"
    queryset = Dataset.objects.order_by("key")


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=GeographicLevel.choices)

    class Meta:
        model = Area
        fields = ["level"]


class AreaViewSet(
    PublicMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """England, the regions and the local authorities figures are published for, with each
    area's dashboard tables."""

    serializer_class = AreaSerializer
    lookup_field = "code"
    filterset_class = AreaFilter
    queryset = Area.objects.select_related("region").order_by("level", "name", "id")

    def get_object(self) -> Area:
        # The same lookup as the pages: text that cannot be a code (a NUL byte) is not found.
        area = selectors.area_by_code(self.kwargs["code"])
        if area is None:
            raise Http404("No such area")
        self.check_object_permissions(self.request, area)
        return area

    def _page(self) -> figures.AreaPage:
        return figures.area_page(self.get_object())

    @extend_schema(responses=TableSummarySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def tables(self, request: Request, code: str) -> Response:
        page = self._page()
        summaries = [{"key": t.key, "title": t.title} for s in page.sections for t in s.tables]
        return Response(TableSummarySerializer(summaries, many=True).data)

    @extend_schema(responses=TableSerializer, filters=False)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"tables/(?P<table>[a-z0-9-]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def table(self, request: Request, code: str, table: str) -> Response:
        found = self._page().table(table)
        if found is None:
            raise Http404("No such table")
        return Response(TableSerializer(found.as_json()).data)


class StatisticValueFilter(django_filters.FilterSet):
    area = django_filters.CharFilter(
        field_name="area__code", required=True, help_text="ONS code of the area, e.g. E06000030"
    )
    dataset = django_filters.CharFilter(field_name="dataset__key")
    indicator = django_filters.CharFilter()
    time_period = django_filters.CharFilter()
    breakdown_topic = django_filters.CharFilter()
    breakdown = django_filters.CharFilter()

    class Meta:
        model = StatisticValue
        fields = ["area", "dataset", "indicator", "time_period", "breakdown_topic", "breakdown"]


class ValuePagination(CursorPagination):
    ordering = "id"
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class StatisticValueViewSet(PublicMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published figures of one area (required), as in the open-data files: a number in
    ``value``, or the publisher's symbol in ``symbol`` when there is no number."""

    serializer_class = StatisticValueSerializer
    filterset_class = StatisticValueFilter
    pagination_class = ValuePagination

    def get_queryset(self) -> QuerySet[StatisticValue]:
        return StatisticValue.objects.select_related("dataset", "area")


class LiveViewSet(PublicMixin, viewsets.ViewSet):
    """Live figures from an authority's case records, small numbers suppressed (``c``)."""

    lookup_field = "organisation_id"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    @extend_schema(
        operation_id="v1_dashboard_live_retrieve",
        parameters=[OpenApiParameter("organisation_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses=TableSerializer(many=True),
    )
    def retrieve(self, request: Request, organisation_id: str) -> Response:
        try:
            authority = (
                selectors.local_authorities_with_cases().filter(public_id=organisation_id).first()
            )
        except ValidationError:
            authority = None
        if authority is None:
            raise Http404("No such local authority")
        page = figures.live_page(authority, today=timezone.localdate())
        return Response(TableSerializer([t.as_json() for t in page.tables], many=True).data)
