"""The SEN2 return pages: SEND managers only, scoped to their authority, audited."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from dashboard.tests.markup import check_markup
from sendcpp.models import AccessLog, Stage
from sendcpp.tests.factories import CaseFactory, LocalAuthorityFactory

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
    # A fixed number of queries, however many cases the return holds.
    with django_assert_max_num_queries(24):
        response = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert response.context["person_count"] == 3
    failures = [row["failure"] for row in response.context["failures"]]
    assert {f.reference for f in failures} == {
        cases.case.reference,
        cases.other_case.reference,
        "LA-24-000900",
    }
    assert cases.case.reference in html
    assert "No UPN is recorded" in html
    # Each problem names the child and links to the exact field that puts it right.
    assert "Qwxzyvutsr" in html
    upn = next(row for row in response.context["failures"] if row["failure"].item == "UPN")
    assert upn["url"].startswith("/children/")
    assert upn["url"].endswith("/change/#id_upn")
    assert f'href="{upn["url"]}"' in html


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


def test_problems_put_right_since_the_last_check_are_counted(client_for, cases):
    from sendcpp.identifiers import upn_check_letter

    client = client_for(cases.manager)
    first = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert first.context["fixed"] == 0
    body = "801200000011"
    cases.case.child.__class__.objects.filter(pk=cases.case.child_id).update(
        upn=upn_check_letter(body) + body, ethnicity="WBRI"
    )
    second = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert second.context["fixed"] == 2  # UPN and ethnicity of one child
    assert "Put right since the last check" in second.content.decode()


def test_a_return_is_frozen_once_and_compared_with_the_live_check(client_for, cases):
    from dashboard.models import SubmittedReturn

    client = client_for(cases.manager)
    response = client.post(reverse("dashboard:sen2-freeze", args=[2025]))
    assert response.status_code == 302
    submitted = SubmittedReturn.objects.get(year=2025, local_authority=cases.la)
    assert submitted.figures["children"] == 3
    again = client.post(reverse("dashboard:sen2-freeze", args=[2025]), follow=True)
    assert "already been submitted" in again.content.decode()
    assert SubmittedReturn.objects.count() == 1
    CaseFactory(team=cases.case.team, stage=Stage.REQUEST, request_received_on=date(2024, 6, 1))
    page = client.get(reverse("dashboard:sen2"), {"year": 2025})
    comparison = {label: (was, now) for label, was, now in page.context["comparison"]}
    assert comparison["Children"] == (3, 4)
    frozen = client.get(reverse("dashboard:sen2-submitted-download", args=[2025]))
    assert frozen.content.decode() == submitted.xml
    assert len(ET.fromstring(frozen.content).findall("Persons/Person")) == 3  # noqa: S314


def test_a_submitted_return_cannot_be_changed(cases):
    from django.db import DatabaseError, transaction

    from dashboard.models import SubmittedReturn

    submitted = SubmittedReturn.objects.create(local_authority=cases.la, year=2025, xml="<x/>")
    with pytest.raises(DatabaseError), transaction.atomic():
        SubmittedReturn.objects.filter(pk=submitted.pk).update(xml="<y/>")


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_freeze_a_return(client_for, cases, role):
    from dashboard.models import SubmittedReturn

    response = client_for(getattr(cases, role)).post(reverse("dashboard:sen2-freeze", args=[2025]))
    assert response.status_code == 404
    assert not SubmittedReturn.objects.exists()


def test_another_authoritys_manager_gets_none_of_these_children(client_for, cases):
    client = client_for(cases.other_la_manager)
    response = client.get(reverse("dashboard:sen2"), {"year": 2025})
    assert response.context["person_count"] == 0
    download = client.get(reverse("dashboard:sen2-download", args=[2025]))
    assert ET.fromstring(download.content).findall("Persons/Person") == []  # noqa: S314


def test_a_year_out_of_range_is_not_found(client_for, cases):
    response = client_for(cases.manager).get(reverse("dashboard:sen2-download", args=[1999]))
    assert response.status_code == 404


def test_the_public_live_page_shows_the_return_as_submitted_with_small_numbers_hidden(
    client, cases
):
    from django.core.cache import cache

    from dashboard.models import SubmittedReturn

    cache.clear()
    url = reverse("dashboard:live", args=[cases.la.public_id])
    assert "As submitted to the Department for Education" not in client.get(url).content.decode()
    figures = {
        "children": 120,
        "requests": 40,
        "plans_issued": 3,
        "plans_ceased": 0,
        "plans_in_force": 95,
    }
    SubmittedReturn.objects.create(local_authority=cases.la, year=2026, xml="<x/>", figures=figures)
    SubmittedReturn.objects.create(
        local_authority=LocalAuthorityFactory(), year=2026, xml="<x/>", figures={"children": 999}
    )
    cache.clear()
    page = client.get(url)
    table = page.context["page"].table("submitted")
    assert "January 2026" in table.title
    assert [[cell.value for cell in row] for row in table.rows] == [
        ["Children and young people in the return", "120"],
        ["Requests for an assessment received in the year", "40"],
        ["New plans issued in the year", "c"],
        ["Plans that stopped in the year", "0"],
        ["Plans in force on the census day", "95"],
    ]
    html = page.content.decode()
    assert "999" not in html
    download = client.get(f"{url}tables/submitted.csv")
    assert download.status_code == 200
    assert "New plans issued in the year,c" in download.content.decode()
