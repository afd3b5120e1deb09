"""Factories for the placements app: valid directory entries by default."""

from __future__ import annotations

import factory

from placements.models import Phase, ProvisionType, Setting, SettingStatus
from sendcpp.models import Organisation
from sendcpp.tests.factories import OrganisationFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class SettingFactory(factory.django.DjangoModelFactory):
    """A mainstream primary school in the demo borough (postcode district DB1)."""

    class Meta:
        model = Setting

    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.SCHOOL,
        urn=factory.Sequence(lambda n: f"{800000 + n}"),
        postcode="DB1 1AB",
    )
    establishment_type = "Community School"
    provision_type = ProvisionType.MAINSTREAM
    phase = Phase.PRIMARY
    low_age = 4
    high_age = 11
    easting = 435200
    northing = 386400
    location_source = "district"
    status = SettingStatus.OPEN


class SpecialSchoolFactory(SettingFactory):
    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.SPECIAL_SCHOOL,
        urn=factory.Sequence(lambda n: f"{850000 + n}"),
        postcode="DB2 2AB",
    )
    establishment_type = "Community Special School"
    provision_type = ProvisionType.SPECIAL
    phase = Phase.NOT_APPLICABLE
    low_age = 4
    high_age = 19
    easting = 437900
    northing = 388100
    need_types = factory.LazyFunction(lambda: ["ASD"])
    broad_areas = factory.LazyFunction(lambda: ["communication"])
    places = 80
    vacancies = 3
