"""A person's explicit case grants are looked up once a request (a caseload page scopes several
lists and counts by ``access.cases_for``), and never kept from one request to the next: a grant
made or taken away is seen by the next page, and outside a request by the next call."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import CaseUserObjectPermission


def _grant(world):
    return CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator,
        permission=Permission.objects.get(codename="view_case"),
        content_object=world.case,
    )


def _grant_lookups(queries) -> int:
    return sum("caseuserobjectpermission" in q["sql"] for q in queries.captured_queries)


def test_the_caseload_looks_up_the_grants_once(world, client_for):
    client = client_for(world.coordinator)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert _grant_lookups(queries) == 1


def test_a_grant_is_seen_by_the_next_page_and_its_removal_too(world, client_for):
    client = client_for(world.other_team_coordinator)
    address = f"/cases/{world.case.public_id}/"
    assert client.get(address).status_code == 404
    grant = _grant(world)
    assert client.get(address).status_code == 200
    grant.delete()
    assert client.get(address).status_code == 404


def test_outside_a_request_every_call_looks_again(world):
    person = world.other_team_coordinator
    assert not access.can(person, Action.VIEW, world.case)
    _grant(world)
    assert access.can(person, Action.VIEW, world.case)


def test_inside_one_scope_each_person_has_their_own_grants(world):
    _grant(world)
    with access.remembering_grants():
        assert access.can(world.other_team_coordinator, Action.VIEW, world.case)
        assert not access.can(world.other_la_manager, Action.VIEW, world.case)
        assert access.can(world.other_team_coordinator, Action.VIEW, world.case)
