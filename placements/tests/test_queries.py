"""Query counts on the placements app's list pages and API lists are capped and do not grow with
the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from placements import services
from placements.models import Consultation, Placement
from placements.tests.factories import SettingFactory, SpecialSchoolFactory
from sendcpp.tests.factories import CaseFactory


@pytest.fixture
def rows(request, world, directory, published):
    """``n`` more of everything: settings, consultations, tailored-list entries, placements."""
    n = request.param
    today = timezone.localdate()
    for index in range(n):
        special = SpecialSchoolFactory(organisation__name=f"Special {index}")
        setting = SettingFactory(organisation__name=f"School {index}")
        setting.contacts.create(role="senco", name=f"SENCO {index}")
        services.add_to_list(published, setting=setting.organisation, by=world.coordinator)
        Consultation.objects.create(
            case=world.case,
            setting=special.organisation,
            reason="la",
            sent_on=today,
            due_on=today,
        )
        Consultation.objects.create(
            case=world.case,
            setting=world.school,
            reason="la",
            sent_on=today,
            due_on=today,
            status="withdrawn",
            closed_at=timezone.now(),
        )
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        Placement.objects.create(
            case=case,
            setting=special.organisation,
            home_setting=setting.organisation,
            starts_on=today - timedelta(days=30),
            ap_tier=2,
            planned_return_on=today + timedelta(days=30),
            next_review_on=today - timedelta(days=1),
        )
        Placement.objects.create(
            case=world.case,
            setting=setting.organisation,
            starts_on=today - timedelta(days=300),
            ends_on=today - timedelta(days=200),
        )
    services.publish_tailored_list(published, by=world.coordinator)
    return n


PAGES = [
    ("anonymous", "/placements/directory/", 8),
    ("manager", "/placements/directory/", 14),
    ("coordinator", "/placements/consultations/", 14),
    ("setting_user", "/placements/consultations/", 9),
    ("coordinator", "/placements/alternative-provision/", 15),
    ("coordinator", "/placements/cases/{case}/", 16),
    ("coordinator", "/placements/cases/{case}/tailored-list/", 22),
    ("family", "/placements/cases/{case}/tailored-list/", 12),
    ("manager", "/placements/sufficiency/", 16),
    ("coordinator", "/placements/", 14),
    ("anonymous", "/api/v1/placements/settings/", 4),
    ("coordinator", "/api/v1/placements/settings/", 12),
    ("coordinator", "/api/v1/placements/tailored-lists/", 12),
    ("coordinator", "/api/v1/placements/consultations/", 12),
    ("setting_user", "/api/v1/placements/consultations/", 8),
    ("coordinator", "/api/v1/placements/placements/", 10),
]


@pytest.mark.parametrize("rows", [1, 12], indirect=True, ids=["few-rows", "many-rows"])
def test_list_query_counts_are_capped(world, client_for, django_assert_max_num_queries, rows):
    for who, path, limit in PAGES:
        client = client_for(None if who == "anonymous" else getattr(world, who))
        with django_assert_max_num_queries(limit, info=f"{who} {path}"):
            response = client.get(path.format(case=world.case.public_id))
        assert response.status_code == 200, path
