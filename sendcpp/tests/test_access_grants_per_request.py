"""A person's explicit case grants are read with their row on every request (a caseload page
scopes several lists and counts by ``access.cases_for``, and a person without grants costs no
query of their own), looked up once a request for anyone else, and never kept from one request
to the next: a grant made or taken away is seen by the next page, and outside a request by the
next call."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import CaseGroupObjectPermission, CaseUserObjectPermission, User


def _grant(world):
    return CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator,
        permission=Permission.objects.get(codename="view_case"),
        content_object=world.case,
    )


def _own_grant_lookups(queries) -> int:
    """Queries that look up grants on their own, not as part of reading the person."""
    return sum(
        "caseuserobjectpermission" in q["sql"] and 'FROM "sendcpp_user"' not in q["sql"]
        for q in queries.captured_queries
    )


def test_the_caseload_reads_the_grants_with_the_person_only(world, client_for):
    client = client_for(world.coordinator)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert _own_grant_lookups(queries) == 0
    assert response.wsgi_request.user.cases_granted == []


def test_without_the_person_read_on_a_request_grants_are_looked_up_once(world):
    _grant(world)
    person = User.objects.get(pk=world.other_team_coordinator.pk)
    with access.remembering_grants(), CaptureQueriesContext(connection) as queries:
        assert access.can(person, Action.VIEW, world.case)
        assert access.can(person, Action.VIEW, world.case)
    assert _own_grant_lookups(queries) == 1


def test_a_grant_to_a_group_is_seen_by_the_next_page_and_leaving_it_too(world, client_for):
    group = Group.objects.create(name="Cover for the other team")
    world.other_team_coordinator.groups.add(group)
    client = client_for(world.other_team_coordinator)
    address = f"/cases/{world.case.public_id}/"
    assert client.get(address).status_code == 404
    CaseGroupObjectPermission.objects.create(
        group=group,
        permission=Permission.objects.get(codename="view_case"),
        content_object=world.case,
    )
    assert client.get(address).status_code == 200
    world.other_team_coordinator.groups.remove(group)
    assert client.get(address).status_code == 404


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
