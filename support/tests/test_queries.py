"""Lists read in a fixed number of queries, however many children, plans or shortfalls."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from sendcpp.tests.factories import ChildFactory
from support import services
from support.models import Layer, SupportPlan

pytestmark = pytest.mark.django_db


def _plans(schools, count: int) -> None:
    for _ in range(count):
        child = ChildFactory(responsible_la=schools.child.responsible_la, setting=schools.school)
        SupportPlan.objects.create(
            child=child,
            setting=schools.school,
            layer=Layer.TARGETED,
            started_on=date(2026, 9, 7),
            next_review_on=date(2026, 12, 1),
            written_by=schools.senco,
        )
        services.raise_flag(child, reason="Suspended twice", by=schools.senco)


def test_the_setting_home_does_not_grow_with_its_children(
    schools, client_for, django_assert_max_num_queries
):
    client = client_for(schools.senco)
    _plans(schools, 2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("support:index"))
    _plans(schools, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("support:index"))
    assert response.text.count("Record tier 1 support for") == 8


def test_the_api_plan_list_does_not_grow_with_its_plans(
    schools, client_for, django_assert_max_num_queries
):
    client = client_for(schools.senco)
    _plans(schools, 2)
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/support/plans/")
    _plans(schools, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/support/plans/")
    assert response.json()["count"] == 8
