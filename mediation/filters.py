"""Filters for the lists of appeal windows, mediations and appeals (API lists)."""

from __future__ import annotations

import django_filters

from mediation.models import (
    AppealableDecision,
    AppealStatus,
    AppealWindow,
    MediationCase,
    MediationStatus,
    TribunalAppeal,
)


class WindowFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__public_id", label="Case")
    decision = django_filters.ChoiceFilter(choices=AppealableDecision.choices)
    sent_since = django_filters.DateFilter(field_name="decision_sent_on", lookup_expr="gte")

    class Meta:
        model = AppealWindow
        fields = ["decision"]


class MediationFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__public_id", label="Case")
    status = django_filters.ChoiceFilter(choices=MediationStatus.choices)

    class Meta:
        model = MediationCase
        fields = ["status"]


class AppealFilter(django_filters.FilterSet):
    case = django_filters.UUIDFilter(field_name="case__public_id", label="Case")
    status = django_filters.ChoiceFilter(choices=AppealStatus.choices)

    class Meta:
        model = TribunalAppeal
        fields = ["status"]
