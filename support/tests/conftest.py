"""Fixtures for support in schools: the shipped standards loaded, the world's school with its
SENCO (``world.setting_user``) and a child there, and a second school with its own SENCO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from sendcpp.models import Child, Organisation, User
from sendcpp.tests.factories import ChildFactory, OrganisationFactory, UserFactory
from support import services
from support.models import Layer, SupportPlan


@dataclass
class Schools:
    school: Organisation
    senco: User
    child: Child  # at ``school``, with a case (the world's case) and a linked parent
    other_school: Organisation
    other_senco: User
    other_child: Child  # at ``other_school``


@pytest.fixture
def standards(db):
    services.load_standards_file()


@pytest.fixture
def schools(world, standards) -> Schools:
    other_school = OrganisationFactory(name="Hillside Academy", urn="100002")
    other_senco = UserFactory(
        username="other_senco", account_type=User.AccountType.SETTING, organisation=other_school
    )
    other_child = ChildFactory(responsible_la=world.la, setting=other_school)
    return Schools(
        school=world.school,
        senco=world.setting_user,
        child=world.case.child,
        other_school=other_school,
        other_senco=other_senco,
        other_child=other_child,
    )


ROW = {
    "area": "communication",
    "need": "Finds it hard to follow spoken instructions given to the whole class.",
    "provision_who": "Teaching assistant trained in the language programme",
    "ratio": "1:4",
    "frequency": "3 times a week",
    "duration": "20 minutes",
    "outcome": "Follows a two-step instruction in class without a prompt.",
    "outcome_timeframe": "By the end of the spring term 2027",
}


def write_plan(schools: Schools, **overrides) -> SupportPlan:
    values = {
        "layer": Layer.TARGETED,
        "started_on": date(2026, 9, 7),
        "next_review_on": date(2026, 12, 11),
        "child_views": "I like drawing and football.",
        "family_views": "We want him to make friends.",
        **overrides,
    }
    return services.write_plan(schools.child, by=schools.senco, **values)
