"""The API end to end: the same journey as the HTML pages through explicit POST actions, errors as
JSON, what a family's session reads, and query-count caps on lists."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from mediation.models import AppealStatus, MediationStatus, TribunalAppeal
from mediation.tests.conftest import appeal_in, mediation_in, open_window
from sendcpp.models import ApiRequestLog
from sendcpp.tests.factories import CaseFactory

API = "/api/v1/mediation"


def post(client: Client, url: str, data: dict, status: int = 200) -> dict:
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def test_journey_through_the_api(world, client_for):
    staff, family = client_for(world.coordinator), client_for(world.family)
    window = post(
        staff,
        f"{API}/windows/",
        {
            "case": str(world.case.public_id),
            "decision": "refuse_assess",
            "decision_sent_on": "2027-06-01",
        },
        201,
    )
    assert (window["adviser_contact_due_on"], window["appeal_due_on"]) == (
        "2027-08-01",
        "2027-09-01",
    )
    mediation = post(
        family,
        f"{API}/windows/{window['id']}/ask-for-mediation/",
        {"issues": ["education"], "issues_summary": "No therapy"},
        201,
    )
    assert mediation["status"] == "requested"
    assert mediation["next_due_on"] == "2027-07-30"
    assert "staff_notes" not in mediation
    url = f"{API}/mediations/{mediation['id']}"
    post(
        staff,
        f"{url}/arrange/",
        {"mediation_on": "2027-06-30", "mediation_provider": "Global Mediation"},
    )
    held = post(
        staff,
        f"{url}/held/",
        {
            "held_on": "2027-06-30",
            "outcome": "partly",
            "attendees": ["parent", "la"],
            "staff_notes": "Tense",
        },
    )
    assert held["status"] == "held"
    assert held["staff_notes"] == "Tense"
    term = post(
        staff, f"{url}/add-action/", {"description": "EP visit", "responsible_body": "la"}, 201
    )
    assert term["due_on"] == "2027-07-14"
    post(staff, f"{API}/agreed-actions/{term['id']}/done/", {"done_on": "2027-06-30"})
    certified = post(staff, f"{url}/certificate/", {"issued_on": "2027-06-30"})
    assert certified["certificate_kind"] == "after_mediation"
    appeal = post(
        staff,
        f"{API}/windows/{window['id']}/register-appeal/",
        {"registered_on": "2027-06-30", "appeal_sent_to_la_on": "2027-06-30"},
        201,
    )
    # 30 working days after Wed 30 Jun 2027 (22 in July, 8 in August): Wed 11 Aug 2027.
    assert appeal["response_due_on"] == "2027-08-11"
    appeal_url = f"{API}/appeals/{appeal['id']}"
    post(
        staff,
        f"{appeal_url}/concession/",
        {"conceded_on": "2027-06-30", "description": "Weekly therapy"},
        201,
    )
    conceded = post(
        staff, f"{appeal_url}/concede/", {"notified_on": "2027-06-30", "steps": ["amend_contents"]}
    )
    assert conceded["status"] == "conceded"
    (order,) = staff.get(f"{API}/orders/", {"format": "json"}).json()["results"]
    assert (order["rule"], order["due_on"]) == ("unopposed_appeal_amend_contents", "2027-07-28")
    post(staff, f"{API}/orders/{order['id']}/done/", {"complied_on": "2027-06-30"})
    assert staff.get(f"{appeal_url}/").json()["status"] == "closed"
    assert [c["description"] for c in family.get(f"{appeal_url}/concessions/").json()] == [
        "Weekly therapy"
    ]
    # The family's session reads the mediation without the staff notes.
    assert "staff_notes" not in family.get(f"{url}/").json()


def test_domain_errors_are_json(world, client_for):
    mediation = mediation_in(world, MediationStatus.CERTIFICATE_ISSUED)
    staff = client_for(world.coordinator)
    refused = post(
        staff,
        f"{API}/mediations/{mediation.public_id}/withdraw/",
        {"withdrawn_on": "2027-06-30"},
        409,
    )
    assert "“Certificate issued” cannot move to “Withdrawn”" in refused["detail"]
    bad = post(
        staff, f"{API}/mediations/{mediation.public_id}/withdraw/", {"withdrawn_on": "soon"}, 400
    )
    assert "withdrawn_on" in bad
    window = open_window(world, decision="cease")
    missing = post(
        staff,
        f"{API}/windows/{window.public_id}/register-appeal/",
        {"registered_on": "2027-06-30", "appeal_sent_to_la_on": "2027-06-30"},
        400,
    )
    assert missing["field"] == "about_setting_only"
    assert not TribunalAppeal.objects.filter(window=window).exists()


def test_disagreement_resolution_and_advice_through_the_api(world, client_for):
    staff = client_for(world.coordinator)
    meeting = post(
        staff,
        f"{API}/disagreement-resolutions/",
        {
            "case": str(world.case.public_id),
            "held_on": "2027-06-01",
            "about": "Transport",
            "parties": "Parent, school",
            "staff_notes": "x",
        },
        201,
    )
    assert meeting["staff_notes"] == "x"
    assert (
        "staff_notes"
        not in client_for(world.family)
        .get(f"{API}/disagreement-resolutions/{meeting['id']}/")
        .json()
    )
    advice = post(
        staff,
        f"{API}/advice-services/",
        {"case": str(world.case.public_id), "service": "sendiass", "started_on": "2027-05-01"},
        201,
    )
    assert advice["service"] == "sendiass"


def test_partner_calls_are_logged(world, partner_keys):
    open_window(world)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['la_reader'][1]}")
    assert client.get(f"{API}/windows/").json()["count"] == 1
    assert ApiRequestLog.objects.get().endpoint == "api-mediation-window-list"
    school = Client(HTTP_AUTHORIZATION=f"Bearer {partner_keys['school_reader'][1]}")
    assert school.get(f"{API}/windows/").json()["count"] == 0


def test_lists_filter_by_case_and_status(world, client_for):
    appeal_in(world, AppealStatus.REGISTERED)
    open_window(world, decision="cease")
    staff = client_for(world.manager)
    assert staff.get(f"{API}/windows/", {"decision": "cease"}).json()["count"] == 1
    assert (
        staff.get(f"{API}/windows/", {"case": str(world.other_case.public_id)}).json()["count"] == 0
    )
    assert staff.get(f"{API}/mediations/", {"status": "certificate_issued"}).json()["count"] == 1
    assert staff.get(f"{API}/appeals/", {"status": "closed"}).json()["count"] == 0


LISTS = [
    "windows",
    "mediations",
    "agreed-actions",
    "appeals",
    "orders",
    "disagreement-resolutions",
    "advice-services",
]


def _fill(world, index: int) -> None:
    case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
    mediation = mediation_in(world, MediationStatus.HELD, window=open_window(world, case=case))
    from mediation import services

    services.add_agreement_term(
        mediation, description="EP visit", responsible_body="la", by=world.coordinator
    )
    services.issue_mediation_certificate(
        mediation, issued_on=date(2026, 11, 16), by=world.coordinator
    )
    appeal_in(world, AppealStatus.DECIDED, window=mediation.window)
    services.record_disagreement_resolution(
        case, held_on=date(2027, 1, 1), about="x", parties="y", by=world.coordinator
    )
    services.record_advice_service(
        case, service="ipsea", started_on=date(2027, 1, 1), by=world.coordinator
    )


@pytest.mark.parametrize("name", LISTS)
def test_api_lists_have_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, name
):
    _fill(world, 0)
    client = client_for(world.manager)
    with django_assert_max_num_queries(12) as few:
        assert client.get(f"{API}/{name}/").json()["count"] == 1
    _fill(world, 1)
    _fill(world, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{API}/{name}/").json()["count"] == 3
