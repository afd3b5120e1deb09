"""The SEN2 return pages: SEND managers only, scoped to their authority, audited."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from dashboard.tests.markup import check_markup
from sendcpp.models import AccessLog, Stage
from sendcpp.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "family", "coordinator", "teammate", "other_team_coordinator", "administrator",
    "professional", "setting_user",
]  # fmt: skip


@pytest.fixture
def cases(world):
    world.case.child.__class__.objects.filter(pk=world.case.child_id).update(
        legal_last_name="Qwxzyvutsr"
    )
    world.case.child.refresh_from_db()
    world.case.__class__.objects.filter(pk__in=[world.case.pk, world.other_case.pk]).update(
        stage=Stage.MAINTAINED,
        request_received_on=date(2023, 3, 1),
        plan_issued_on=date(2023, 7, 1),
    )
    CaseFactory(team=world.case.team, stage=Stage.NOT_ASSESSED, reference="LA-24-000900",
                request_received_on=date(2024, 4, 1))  # fmt: skip
    return world


def test_the_sign_in_page_stands_in_front_of_the_return(client):
    response = client.get(reverse("dashboard:sen2"))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_see_the_return(client_for, cases, role):
    client = client_for(getattr(cases, role))
    assert client.get(reverse("dashboard:sen2"), {"year": 2025}).status_code == 404
    assert client.get(reverse("dashboard:sen2-download", args=[2025])).status_code == 404
    assert not AccessLog.objects.filter(what="SEN2 return").exists()


def test_a_manager_checks_the_return(client_for, cases, django_assert_max_num_queries):
    client = client_for(cases.manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert response.context["person_count"] == 3
    references = {failure.reference for failure in response.context["failures"]}
    assert references == {cases.case.reference, cases.other_case.reference, "LA-24-000900"}
    assert cases.case.reference in html
    assert "Neither a UPN nor a ULN is recorded" in html
    assert "Qwxzyvutsr" not in html  # the report names cases, not children


def test_the_year_must_be_offered(client_for, cases):
    response = client_for(cases.manager).get(reverse("dashboard:sen2"), {"year": 1999})
    assert response.status_code == 200
    assert "Choose a census year" in response.content.decode()
    assert "failures" not in response.context


def test_the_download_holds_the_authoritys_children_and_is_logged(client_for, cases):
    response = client_for(cases.manager).get(reverse("dashboard:sen2-download", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.findtext("Header/Source/LEA") == cases.la.la_code
    surnames = {p.findtext("Surname") for p in root.findall("Persons/Person")}
    assert cases.case.child.legal_last_name in surnames
    assert len(surnames) <= 3
    logged = AccessLog.objects.filter(what="SEN2 return", user=cases.manager)
    assert logged.count() == 3


def test_another_authoritys_manager_gets_none_of_these_children(client_for, cases):
    client = client_for(cases.other_la_manager)
    response = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert response.context["person_count"] == 0
    download = client.get(reverse("dashboard:sen2-download", args=[2025]))
    assert ET.fromstring(download.content).findall("Persons/Person") == []  # noqa: S314


def test_a_year_out_of_range_is_not_found(client_for, cases):
    response = client_for(cases.manager).get(reverse("dashboard:sen2-download", args=[1999]))
    assert response.status_code == 404
