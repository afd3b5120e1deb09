"""Factories for the shared case model: valid objects by default, British-English fake data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from sendcpp.models import (
    Case,
    Child,
    Document,
    Organisation,
    Relationship,
    StaffProfile,
    Team,
    User,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"
_FAKE = Faker("en_GB")


def plain_name(kind: str) -> Callable[[], str]:
    """A random name with no apostrophe: tests look for names in pages as text, and a page escapes
    an apostrophe (O'Neill is written O&#x27;Neill), so such a name made them fail at random."""

    def draw() -> str:
        name = getattr(_FAKE, kind)()
        while "'" in name:
            name = getattr(_FAKE, kind)()
        return name

    return draw


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.SCHOOL


class LocalAuthorityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Borough {n} Council")
    kind = Organisation.Kind.LOCAL_AUTHORITY
    la_code = factory.Sequence(lambda n: f"{900 + n % 99}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    group = factory.LazyAttribute(
        lambda o: Group.objects.create(name=f"{o.name} {Group.objects.count()}")
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyFunction(plain_name("first_name"))
    last_name = factory.LazyFunction(plain_name("last_name"))
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")
    account_type = User.AccountType.FAMILY

    @classmethod
    def _after_postgeneration(
        cls, instance: User, create: bool, results: dict | None = None
    ) -> None:
        if create:
            instance.save()


class StaffFactory(UserFactory):
    account_type = User.AccountType.STAFF
    organisation = factory.SubFactory(LocalAuthorityFactory)

    @factory.post_generation
    def profile(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            StaffProfile.objects.create(
                user=self,
                role=kwargs.get("role", StaffProfile.Role.COORDINATOR),
                team=kwargs.get("team"),
            )
            TOTPDevice.objects.create(user=self, name="Authenticator", confirmed=True)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    legal_first_name = factory.LazyFunction(plain_name("first_name"))
    legal_last_name = factory.LazyFunction(plain_name("last_name"))
    date_of_birth = date(2015, 3, 27)
    responsible_la = factory.SubFactory(LocalAuthorityFactory)
    primary_need = "ASD"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    child = factory.SubFactory(
        ChildFactory, responsible_la=factory.SelfAttribute("..local_authority")
    )
    team = factory.SubFactory(TeamFactory)
    local_authority = factory.LazyAttribute(lambda o: o.team.local_authority)
    reference = factory.Sequence(lambda n: f"T-{n:06d}")
    request_received_on = date(2026, 9, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(ChildFactory)
    full_name = factory.LazyFunction(plain_name("name"))
    kind = Relationship.Kind.MOTHER
    portal_access = True


def young_person_keeping_to_themself(child: Child) -> User:
    """The child as a young person (16+) with their own login who does not share their case with
    their parents or carers."""
    person = UserFactory(username="young_person")
    RelationshipFactory(
        child=child, user=person, kind=Relationship.Kind.SELF, shares_with_family=False
    )
    return person


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    title = "Educational psychology advice"
    kind = Document.Kind.ADVICE
    file = factory.django.FileField(filename="advice.pdf", data=b"%PDF-1.4 test document")
    original_filename = "advice.pdf"
    content_type = "application/pdf"
