"""A young person aged 16 or over holds their own rights (Children and Families Act 2014): with
their own login they see their own case, and their parent sees it only while they allow."""

from __future__ import annotations

import pytest

from sendcpp import access, services
from sendcpp.exceptions import DomainError
from sendcpp.models import Relationship, User
from sendcpp.tests.factories import RelationshipFactory, UserFactory


@pytest.fixture
def young_person(world):
    user = UserFactory(username="young_person", account_type=User.AccountType.FAMILY)
    RelationshipFactory(child=world.case.child, user=user, kind=Relationship.Kind.SELF)
    return user


def test_the_young_person_sees_their_own_case(world, young_person, client_for):
    assert world.case in access.cases_for(young_person)
    page = client_for(young_person).get(f"/cases/{world.case.public_id}/")
    assert page.status_code == 200
    assert "Choose whether your parents or carers can see your case" in page.content.decode()


def test_the_parent_sees_the_case_only_while_the_young_person_allows(
    world, young_person, client_for
):
    parent = client_for(world.family)
    url = f"/cases/{world.case.public_id}/"
    assert parent.get(url).status_code == 200
    response = client_for(young_person).post(f"{url}who-else-can-see/", {"shares": "no"})
    assert response.status_code == 302
    assert world.case not in access.cases_for(world.family)
    assert parent.get(url).status_code == 404
    assert parent.get(f"/ehcp{url}journey/").status_code == 404
    assert parent.get(f"/conversations{url}").status_code == 404
    # The young person still sees it; another family's case is untouched.
    assert client_for(young_person).get(url).status_code == 200
    assert world.other_case in access.cases_for(world.other_family)
    client_for(young_person).post(f"{url}who-else-can-see/", {"shares": "yes"})
    assert parent.get(url).status_code == 200


def test_only_the_young_person_makes_that_choice(world, young_person, client_for):
    url = f"/cases/{world.case.public_id}/who-else-can-see/"
    assert client_for(world.family).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 404
    with pytest.raises(DomainError):
        services.set_family_sharing(world.case, shares=False, by=world.family)
    assert client_for(young_person).post(url, {}).status_code == 200  # "Choose yes or no"
    assert Relationship.objects.get(user=young_person).shares_with_family


def test_a_withdrawn_young_persons_choice_does_not_bind_their_parent(
    world, young_person, client_for
):
    # Once the young person's own access ends, the choice they made no longer applies.
    services.set_family_sharing(world.case, shares=False, by=young_person)
    services.revoke_portal_access(Relationship.objects.get(user=young_person), by=world.coordinator)
    assert world.case in access.cases_for(world.family)


def test_each_family_reads_their_own_cases_through_one_shape(world, young_person, client_for):
    """A family's cases are found by the person's own id, through queries compiled once for
    every family: each family's home page and case pages show their own children's cases only,
    and a young person's choice applies to their parent at once."""
    assert access.scope_shape(world.family) == access.scope_shape(world.other_family)
    assert access.scope_shape(young_person) == access.scope_shape(world.family)

    def home(person):
        page = client_for(person).get("/").content.decode()
        cases = (world.case, world.other_case)
        return {case.reference for case in cases if str(case.public_id) in page}

    assert home(world.family) == {world.case.reference}
    assert home(world.other_family) == {world.other_case.reference}
    assert home(young_person) == {world.case.reference}
    url = f"/cases/{world.other_case.public_id}/"
    assert client_for(world.family).get(url).status_code == 404
    assert client_for(world.other_family).get(url).status_code == 200
    client_for(young_person).post(
        f"/cases/{world.case.public_id}/who-else-can-see/", {"shares": "no"}
    )
    assert home(world.family) == set()
    assert home(young_person) == {world.case.reference}
