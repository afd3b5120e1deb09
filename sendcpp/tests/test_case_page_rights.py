"""The case page asks for the viewer's rights on the case (change it, reassign it) in one query:
each person sees exactly the actions ``access.can`` gives them, whoever viewed the page before
them (nothing of one person's page is kept for the next)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import CaseUserObjectPermission

ROLES = [
    "coordinator",
    "teammate",
    "other_team_coordinator",
    "manager",
    "administrator",
    "professional",
    "setting_user",
    "other_la_manager",
]


def _shows(page: str) -> tuple[bool, bool]:
    return "Add a note" in page, 'Change<span class="govuk-visually-hidden"> coordinator' in page


@pytest.fixture
def reader(world):
    """The other team's coordinator may read this one case (a one-off grant) and do nothing
    else with it."""
    CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator,
        permission=Permission.objects.get(codename="view_case"),
        content_object=world.case,
    )
    return world.other_team_coordinator


@pytest.mark.parametrize("first", ROLES)
def test_each_person_sees_the_actions_their_rights_give_whoever_looked_before(
    world, client_for, reader, first
):
    client_for(getattr(world, first)).get(f"/cases/{world.case.public_id}/")
    for role in ROLES:
        user = getattr(world, role)
        response = client_for(user).get(f"/cases/{world.case.public_id}/")
        if not access.can(user, Action.VIEW, world.case):
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        expected = (
            access.can(user, Action.EDIT, world.case),
            access.can(user, Action.ASSIGN, world.case),
        )
        assert _shows(response.text) == expected, role


def test_the_rights_differ_between_people_in_the_world(world, reader):
    # The test above is only worth something if someone may edit and someone may not.
    rights = {
        (
            access.can(getattr(world, r), Action.EDIT, world.case),
            access.can(getattr(world, r), Action.ASSIGN, world.case),
        )
        for r in ROLES
        if access.can(getattr(world, r), Action.VIEW, world.case)
    }
    assert len(rights) >= 2


def test_the_deadlines_show_their_exceptions_in_a_fixed_number_of_queries(world, client_for):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sendcpp import clock

    coordinator = client_for(world.coordinator)
    url = f"/cases/{world.case.public_id}/"
    deadline = clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 9, 1)
    )
    coordinator.get(url)
    with CaptureQueriesContext(connection) as one:
        page = coordinator.get(url).text
    assert "Exception recorded" not in page
    clock.record_exception(
        deadline, kind="personal_circumstances", reason="Family bereavement", by=world.coordinator
    )
    with CaptureQueriesContext(connection) as more:
        page = coordinator.get(url).text
    assert page.count("Exception recorded") >= 1
    assert len(more) == len(one)


def test_each_case_page_lists_its_own_entries_and_only_what_the_viewer_may_read(world, client_for):
    """The timeline, documents, contacts and deadlines of a case's page are read by queries
    compiled once per shape: each case's page shows its own, and the family's shape leaves out
    what is for staff only, whoever viewed a page before."""
    from sendcpp import clock
    from sendcpp.models import Audience, CaseEvent, Relationship
    from sendcpp.tests.factories import DocumentFactory

    for case, word in ((world.case, "Alder"), (world.other_case, "Birch")):
        CaseEvent.objects.create(case=case, kind="note", summary=f"{word} note for staff")
        CaseEvent.objects.create(
            case=case, kind="note", summary=f"{word} news", audience=Audience.FAMILY
        )
        DocumentFactory(case=case, title=f"{word} staff paper", audience=Audience.STAFF)
        DocumentFactory(case=case, title=f"{word} family letter", audience=Audience.FAMILY)
        Relationship.objects.filter(child=case.child).update(full_name=f"{word} Parent")
    clock.start_deadline(
        world.other_case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    title = world.other_case.deadlines.get().title

    def page(person, case):
        return client_for(person).get(f"/cases/{case.public_id}/").content.decode()

    staff = page(world.manager, world.case)
    for text in ("Alder note for staff", "Alder news", "Alder staff paper", "Alder Parent"):
        assert text in staff
    assert "Birch" not in staff
    assert title not in staff  # the other case's deadline
    other = page(world.manager, world.other_case)
    assert "Birch note for staff" in other
    assert "Birch staff paper" in other
    assert "Birch Parent" in other
    assert "Alder" not in other
    assert title in other
    family = page(world.family, world.case)
    assert "Alder news" in family
    assert "Alder family letter" in family
    assert "Alder note for staff" not in family
    assert "Alder staff paper" not in family
    other_family = page(world.other_family, world.other_case)
    assert "Birch family letter" in other_family
    assert "Alder" not in other_family
    assert "Birch staff paper" not in other_family
