"""The new-request form asks for the child's identity and identifiers with the record page's
rules, and a SEND manager records a request by choosing the team."""

from __future__ import annotations

from datetime import date

from sendcpp.identifiers import upn_check_letter
from sendcpp.models import Case
from sendcpp.web.testing import date_parts

UPN_BODY = "801200000011"


def _form(**changes):
    data = {
        "legal_first_name": "Robin",
        "legal_last_name": "Ashdown",
        "sex": "F",
        **date_parts("date_of_birth", date(2018, 5, 4)),
        "ethnicity": "WBRI",
        "first_language": "ENG",
        "upn": upn_check_letter(UPN_BODY) + UPN_BODY,
        "postcode": "m1 1ae",
        "source": "parent",
        **date_parts("received_on", date(2026, 12, 1)),
        "details": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_manager_records_a_request_for_the_team_they_choose(world, client_for):
    page = client_for(world.manager)
    team = world.other_case.team
    assert "Team that will handle the request" in page.get("/ehcp/requests/new/").content.decode()
    response = page.post("/ehcp/requests/new/", _form())
    assert "Choose the team" in response.content.decode()
    response = page.post("/ehcp/requests/new/", _form(team=team.pk))
    assert response.status_code == 302
    case = Case.objects.get(child__legal_last_name="Ashdown")
    assert case.team == team
    assert case.coordinator is None
    child = case.child
    assert (child.ethnicity, child.first_language, child.postcode) == ("WBRI", "ENG", "M1 1AE")
    assert child.upn == upn_check_letter(UPN_BODY) + UPN_BODY


def test_a_manager_cannot_choose_another_councils_team(world, client_for):
    from sendcpp.tests.factories import TeamFactory

    elsewhere = TeamFactory(local_authority=world.other_la_manager.organisation)
    response = client_for(world.manager).post("/ehcp/requests/new/", _form(team=elsewhere.pk))
    assert response.status_code == 200
    assert not Case.objects.filter(child__legal_last_name="Ashdown").exists()


def test_a_coordinator_is_not_asked_for_a_team(world, client_for):
    page = client_for(world.coordinator)
    assert "Team that will handle" not in page.get("/ehcp/requests/new/").content.decode()
    assert page.post("/ehcp/requests/new/", _form()).status_code == 302
    assert Case.objects.get(child__legal_last_name="Ashdown").team == world.case.team


def test_bad_identity_details_are_refused_and_nothing_is_recorded(world, client_for):
    page = client_for(world.coordinator)
    for changes, message in (
        ({"postcode": "XX 123"}, "real postcode"),
        ({"ethnicity": "ASIA"}, "Select a valid choice"),
        ({"upn": "B" + UPN_BODY}, "not valid"),
    ):
        response = page.post("/ehcp/requests/new/", _form(**changes))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Case.objects.filter(child__legal_last_name="Ashdown").exists()
