"""Fixtures for ELSEC: the world's local authority runs a pathfinder with a primary school (the
world's school) and a nursery; one speech and language therapist covers the school, a support
worker the nursery; a screening measure; a child at the school whose parent uses the portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from elsec import services
from elsec.models import (
    ChildRecord,
    Pathfinder,
    PathfinderSetting,
    Phase,
    ScreeningTool,
    WorkforceMember,
    WorkforceRole,
)
from sendcpp.models import Organisation, User
from sendcpp.tests.factories import OrganisationFactory, RelationshipFactory, UserFactory

START = date(2026, 9, 1)


@dataclass
class Elsec:
    pathfinder: Pathfinder
    school: PathfinderSetting  # the world's school, primary
    nursery: PathfinderSetting
    therapist: User  # covers the school
    therapist_member: WorkforceMember
    support_worker: User  # covers the nursery
    nursery_staff: User  # signed in for the nursery
    tool: ScreeningTool
    record: ChildRecord  # a child at the school
    parent: User  # linked to record.child with portal access
    other_record: ChildRecord  # a child at the nursery


@pytest.fixture
def elsec(world) -> Elsec:
    pathfinder = services.set_up_pathfinder(
        name="Demo ELSEC pathfinder", area="Demo Borough", starts_on=START, by=world.manager
    )
    services.add_funding_period(
        pathfinder, name="Year 1", starts_on=START, ends_on=date(2027, 8, 31), by=world.manager
    )
    nursery_org = OrganisationFactory(
        name="Little Acorns Nursery", kind=Organisation.Kind.EARLY_YEARS
    )
    school = services.add_setting(
        pathfinder,
        organisation=world.school,
        phase=Phase.PRIMARY,
        joined_on=START,
        by=world.manager,
    )
    nursery = services.add_setting(
        pathfinder,
        organisation=nursery_org,
        phase=Phase.EARLY_YEARS,
        joined_on=START,
        by=world.manager,
    )
    health = OrganisationFactory(name="Demo Community Health Trust", kind=Organisation.Kind.HEALTH)
    therapist = UserFactory(username="therapist", account_type=User.AccountType.PROFESSIONAL)
    worker = UserFactory(username="support_worker", account_type=User.AccountType.PROFESSIONAL)
    member = services.add_workforce_member(
        pathfinder,
        user=therapist,
        role=WorkforceRole.THERAPIST,
        employer=health,
        settings=[school],
        by=world.manager,
    )
    services.add_workforce_member(
        pathfinder,
        user=worker,
        role=WorkforceRole.SUPPORT_WORKER,
        employer=world.la,
        settings=[nursery],
        by=world.manager,
    )
    nursery_staff = UserFactory(
        username="nursery_manager", account_type=User.AccountType.SETTING, organisation=nursery_org
    )
    tool = ScreeningTool.objects.create(
        name="Demo language screen", lowest_score=0, highest_score=40, expected_from=25
    )
    record = services.add_child(
        school, first_name="Amara", last_name="Okafor", date_of_birth=date(2021, 5, 4), by=therapist
    )
    parent = UserFactory(username="amara_parent")
    RelationshipFactory(child=record.child, user=parent)
    other = services.add_child(
        nursery, first_name="Leo", last_name="Hart", date_of_birth=date(2023, 2, 1), by=worker
    )
    return Elsec(
        pathfinder=pathfinder,
        school=school,
        nursery=nursery,
        therapist=therapist,
        therapist_member=member,
        support_worker=worker,
        nursery_staff=nursery_staff,
        tool=tool,
        record=record,
        parent=parent,
        other_record=other,
    )
