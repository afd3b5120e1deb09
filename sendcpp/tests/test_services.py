"""Write use-cases on the shared case model: rules, timeline events, and refusals that change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sendcpp import access, services
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import CaseEvent, Relationship
from sendcpp.tests.factories import ChildFactory, RelationshipFactory, StaffFactory, UserFactory


def test_open_case_gives_a_sequential_reference_and_a_family_visible_event(world):
    child = ChildFactory.build(responsible_la=world.la)
    case = services.open_case(
        child,
        team=world.case.team,
        coordinator=world.coordinator,
        by=world.coordinator,
        request_received_on=date(2026, 11, 2),
    )
    second = services.open_case(
        ChildFactory.build(responsible_la=world.la), team=world.case.team, by=world.coordinator
    )
    assert case.reference.startswith(f"{world.la.la_code}-")
    assert int(second.reference[-6:]) == int(case.reference[-6:]) + 1
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.audience) == ("case_opened", "family")


def test_open_case_refuses_a_coordinator_from_another_team(world):
    with pytest.raises(DomainError, match="coordinator in this team"):
        services.open_case(
            ChildFactory.build(responsible_la=world.la),
            team=world.case.team,
            coordinator=world.other_team_coordinator,
            by=world.coordinator,
        )


def test_manager_may_open_a_case_for_any_coordinator_in_the_la(world):
    case = services.open_case(
        ChildFactory.build(responsible_la=world.la),
        team=world.case.team,
        coordinator=world.other_team_coordinator,
        by=world.manager,
    )
    assert case.coordinator == world.other_team_coordinator


def test_open_case_refuses_a_future_request_date(world):
    with pytest.raises(DomainError, match="today or in the past"):
        services.open_case(
            ChildFactory.build(responsible_la=world.la),
            team=world.case.team,
            by=world.coordinator,
            request_received_on=timezone.localdate() + timedelta(days=1),
        )


def test_open_case_validates_identifiers(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.open_case(
            ChildFactory.build(responsible_la=world.la, upn="A123"),
            team=world.case.team,
            by=world.coordinator,
        )


def test_reassign_within_team_moves_the_case_and_tells_the_family(world):
    services.assign_coordinator(world.case, coordinator=world.teammate, by=world.coordinator)
    world.case.refresh_from_db()
    assert world.case.coordinator == world.teammate
    assert CaseEvent.objects.get(kind="coordinator_assigned").audience == "family"


def test_reassign_to_the_same_coordinator_is_refused(world):
    with pytest.raises(DomainError, match="already the coordinator"):
        services.assign_coordinator(world.case, coordinator=world.coordinator, by=world.coordinator)


def test_coordinator_cannot_reassign_outside_their_team_but_a_manager_can(world):
    with pytest.raises(DomainError, match="Choose a coordinator"):
        services.assign_coordinator(
            world.case, coordinator=world.other_team_coordinator, by=world.coordinator
        )
    services.assign_coordinator(
        world.case, coordinator=world.other_team_coordinator, by=world.manager
    )
    world.case.refresh_from_db()
    assert world.case.team == world.other_team_coordinator.staff_profile.team


def test_other_team_cannot_reassign(world):
    with pytest.raises(DomainError, match="cannot reassign"):
        services.assign_coordinator(
            world.case, coordinator=world.teammate, by=world.other_team_coordinator
        )
    assert not CaseEvent.objects.exists()


def test_note_must_have_text(world):
    with pytest.raises(DomainError, match="Enter a note"):
        services.add_note(world.case, text="   ", by=world.coordinator)
    with pytest.raises(DomainError, match="cannot add notes"):
        services.add_note(world.case, text="x", by=world.family)


def test_portal_access_granted_and_revoked(world):
    relation = RelationshipFactory(
        child=world.case.child, user=None, portal_access=False, full_name="Sam Carer"
    )
    newcomer = UserFactory(username="carer")
    services.grant_portal_access(relation, user=newcomer, by=world.coordinator)
    assert access.can(newcomer, Action.VIEW, world.case)
    services.revoke_portal_access(relation, by=world.coordinator)
    assert not access.can(newcomer, Action.VIEW, world.case)
    with pytest.raises(DomainError, match="does not have portal access"):
        services.revoke_portal_access(relation, by=world.coordinator)
    assert CaseEvent.objects.filter(kind__startswith="portal_access").count() == 2


def test_portal_access_only_for_family_accounts_and_by_the_case_team(world):
    relation = Relationship.objects.get(user=world.family)
    with pytest.raises(DomainError, match="Only family accounts"):
        services.grant_portal_access(relation, user=world.teammate, by=world.coordinator)
    with pytest.raises(DomainError, match="cannot change portal access"):
        services.grant_portal_access(relation, user=world.family, by=world.other_team_coordinator)
    with pytest.raises(DomainError, match="cannot change portal access"):
        services.revoke_portal_access(relation, by=world.other_team_coordinator)


def test_explicit_grant_by_a_manager_gives_read_access(world):
    services.grant_case_access(world.case, to=world.other_team_coordinator, by=world.manager)
    assert access.can(world.other_team_coordinator, Action.VIEW, world.case)
    assert not access.can(world.other_team_coordinator, Action.EDIT, world.case)
    with pytest.raises(DomainError, match="Only a SEND manager"):
        services.grant_case_access(world.case, to=world.teammate, by=world.coordinator)
    with pytest.raises(DomainError, match="local authority staff"):
        services.grant_case_access(world.case, to=world.other_family, by=world.manager)


def test_adding_a_document_needs_edit_rights(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(DomainError, match="cannot add documents"):
        services.add_document(
            world.case,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1"),
            title="t",
            kind="other",
            audience="staff",
            by=world.family,
        )


def test_staff_factory_profile_roles(db):
    assert StaffFactory().staff_profile.role == "coordinator"
