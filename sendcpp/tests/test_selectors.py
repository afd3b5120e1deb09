"""Search and caseload selectors: what is found, in what order, and only what the user may see."""

from __future__ import annotations

from datetime import date

import pytest

from sendcpp import clock, selectors
from sendcpp.identifiers import upn_check_letter
from sendcpp.tests.factories import CaseFactory


@pytest.fixture
def named(world):
    child = world.case.child
    child.legal_first_name, child.legal_last_name = "Amara", "Okafor-Lewis"
    child.upn = upn_check_letter("123456789012") + "123456789012"
    child.date_of_birth = date(2016, 2, 29)
    child.save()
    return world


@pytest.mark.parametrize(
    ("text", "dob", "found"),
    [
        ("okafor", None, True),
        ("LEWIS", None, True),
        ("ama oka", None, True),
        ("amara smith", None, False),
        ("", date(2016, 2, 29), True),
        ("okafor", date(2016, 3, 1), False),
        ("ref", None, True),
        ("upn", None, True),
        ("mara", None, False),
    ],
    ids=[
        "surname",
        "second-surname",
        "first-and-surname-starts",
        "wrong-surname",
        "date-of-birth",
        "wrong-dob",
        "reference",
        "upn",
        "first-name-not-from-start",
    ],
)
def test_search_finds_children(named, text, dob, found):
    if text == "ref":
        text = named.case.reference.lower()
    elif text == "upn":
        text = named.case.child.upn.lower()
    results = list(selectors.search_children(named.coordinator, text=text, date_of_birth=dob))
    assert (named.case.child in results) is found


def test_search_never_finds_children_the_user_may_not_see(named):
    assert named.case.child not in selectors.search_children(
        named.other_team_coordinator, text="okafor", date_of_birth=None
    )
    assert not selectors.search_children(
        named.other_team_coordinator, text=named.case.reference, date_of_birth=None
    ).exists()


def test_caseload_is_most_urgent_first_with_no_deadline_last(world):
    later = CaseFactory(team=world.case.team, coordinator=world.coordinator)
    none = CaseFactory(team=world.case.team, coordinator=world.coordinator)
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(later, rule="final_plan", by=None, request_received_on=date(2026, 9, 1))
    ordered = list(selectors.caseload(world.coordinator, filters={}, today=date(2026, 10, 1)))
    assert ordered == [world.case, later, none]
    overdue = list(
        selectors.caseload(world.coordinator, filters={"due": "overdue"}, today=date(2026, 11, 1))
    )
    assert overdue == [world.case]
    week = list(
        selectors.caseload(world.coordinator, filters={"due": "week"}, today=date(2026, 10, 8))
    )
    assert week == [world.case]


def test_team_caseload_includes_teammates_cases_only(world):
    theirs = CaseFactory(team=world.case.team, coordinator=world.teammate)
    mine_only = set(selectors.caseload(world.coordinator, filters={}, today=date(2026, 10, 1)))
    team = set(
        selectors.caseload(world.coordinator, filters={}, today=date(2026, 10, 1), whole_team=True)
    )
    assert theirs not in mine_only
    assert theirs in team
    assert world.other_case not in team


def test_manager_filters_by_team_coordinator_and_stage(world):
    cases = selectors.all_cases(
        world.manager, filters={"team": world.other_case.team}, today=date(2026, 10, 1)
    )
    assert list(cases) == [world.other_case]
    cases = selectors.all_cases(
        world.manager,
        filters={"coordinator": world.coordinator, "stage": "request"},
        today=date(2026, 10, 1),
    )
    assert list(cases) == [world.case]


def test_deadline_counts_by_coordinator(world):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )
    clock.start_deadline(
        world.other_case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 25)
    )
    rows = selectors.deadline_counts_by_coordinator(world.manager, today=date(2026, 11, 1))
    by_team = {row["case__team__name"]: (row["overdue"], row["this_week"]) for row in rows}
    assert by_team == {"North team": (1, 0), "South team": (0, 1)}


def test_a_partner_key_has_no_caseload_of_its_own(world, partner_keys):
    # A partner key may read the LA's cases, but it coordinates none: its own caseload is empty
    # (filtering cases by a coordinator that is not a person used to raise).
    api_client, _ = partner_keys["la_reader"]
    assert not selectors.caseload(api_client, filters={}, today=date(2026, 10, 1)).exists()
    assert selectors.all_cases(api_client, filters={}, today=date(2026, 10, 1)).exists()


@pytest.fixture
def zara(world):
    child = world.case.child
    child.legal_first_name, child.legal_last_name, child.preferred_name = "Zara", "Clarke", "Zee"
    child.save()
    # Another child with a similar name, and one with nothing alike.
    CaseFactory(team=world.case.team, child__legal_first_name="Zoe", child__legal_last_name="Clark")
    CaseFactory(
        team=world.case.team, child__legal_first_name="Ben", child__legal_last_name="Walker"
    )
    return child


@pytest.mark.parametrize(
    "text",
    [
        "Clarke, Zara",
        "clarke,zara",
        "Zara Clarke",
        "Zara Clark",
        "Zara Clerke",
        "Clarke",
        "Zee Clarke",
    ],
    ids=[
        "surname-comma-first",
        "no-spaces",
        "first-surname",
        "typo-dropped-e",
        "typo-vowel",
        "surname",
        "preferred-name",
    ],
)
def test_search_finds_a_child_by_name_in_either_order_and_despite_typos(world, zara, text):
    results = list(selectors.search_children(world.coordinator, text=text, date_of_birth=None))
    assert zara in results
    assert "Walker" not in {child.legal_last_name for child in results}


def test_search_allows_typos_only_when_nothing_matches_as_typed(world, zara):
    exact = selectors.search_children(world.coordinator, text="Clarke", date_of_birth=None)
    assert [child.legal_last_name for child in exact] == ["Clarke"]
    assert "closeness" not in exact.query.annotations


def test_search_puts_the_closest_surname_first_when_allowing_typos(world, zara):
    results = selectors.search_children(world.coordinator, text="Clarc", date_of_birth=None)
    assert [child.legal_last_name for child in results] == ["Clark", "Clarke"]
    assert "closeness" in results.query.annotations


def test_search_by_surname_and_first_name_needs_both_to_match(world, zara):
    assert not selectors.search_children(
        world.coordinator, text="Clarke, Ben", date_of_birth=None
    ).exists()


def test_search_finds_a_case_by_its_reference_exactly(world, zara):
    results = selectors.search_children(
        world.coordinator, text=f" {world.case.reference.lower()} ", date_of_birth=None
    )
    assert list(results) == [zara]


@pytest.fixture
def authority_of_children(world, zara):
    """A few thousand children with a real spread of names in the manager's LA, so the planner
    sees a table worth an index, as in production."""
    import random

    from django.db import connection

    from sendcpp.management.commands._scale_names import NamePicker
    from sendcpp.models import Case, Child

    names = NamePicker(random.Random(7))
    children = Child.objects.bulk_create(
        Child(
            legal_first_name=names.first_name(),
            legal_last_name=names.surname(),
            date_of_birth=date(2015, 1, 1),
            responsible_la=world.case.local_authority,
        )
        for _ in range(4000)
    )
    Case.objects.bulk_create(
        Case(
            child=child,
            local_authority=world.case.local_authority,
            team=world.case.team,
            reference=f"IDX-{n:06d}",
        )
        for n, child in enumerate(children)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sendcpp_child")
        cursor.execute("ANALYZE sendcpp_case")


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("Clarke, Zara", "child_name_words"),
        ("Zara Clark", "child_name_words"),
        ("Zee", "child_name_words"),
        ("Zara Clerke", "child_last_name_trgm"),
    ],
)
def test_name_search_is_answered_from_the_trigram_indexes(
    world, zara, authority_of_children, text, index
):
    from django.db import connection

    query = selectors.search_children(world.manager, text=text, date_of_birth=None)
    assert zara in query
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    assert "Seq Scan on sendcpp_child" not in plan
