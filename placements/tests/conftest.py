"""Fixtures for the placements app's tests: a small directory around the world's case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from placements import services
from placements.models import Setting, TailoredList
from placements.tests.factories import SettingFactory, SpecialSchoolFactory
from sendcpp.models import Child


def next_september() -> date:
    today = timezone.localdate()
    return date(today.year + 1, 9, 1)


@dataclass
class Directory:
    school: Setting  # the world's school (the child attends it), mainstream primary in DB1
    special: Setting  # an autism special school in DB2 with places free
    other_special: Setting  # a special school for severe learning difficulties


@pytest.fixture
def directory(world) -> Directory:
    """The child is 9 in the coming September (primary), autistic, living in DB1."""
    Child.objects.filter(pk=world.case.child_id).update(
        date_of_birth=date(next_september().year - 10, 3, 1), postcode="DB1 2CD"
    )
    world.case.child.refresh_from_db()
    return Directory(
        school=SettingFactory(organisation=world.school),
        special=SpecialSchoolFactory(organisation__name="Oakwood Special School"),
        other_special=SpecialSchoolFactory(
            organisation__name="Meadowbank Special School", need_types=["SLD"], broad_areas=[]
        ),
    )


@pytest.fixture
def tailored_list(world, directory) -> TailoredList:
    return services.start_tailored_list(
        world.case, starts_on=next_september(), by=world.coordinator
    )


@pytest.fixture
def published(world, directory, tailored_list) -> TailoredList:
    services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    services.publish_tailored_list(tailored_list, by=world.coordinator)
    return tailored_list
