"""The deadlines page: keyset pages of what is due or overdue, and the managers' table by
coordinator, which is kept for a minute for the same manager only."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.core.cache import cache
from django.utils import timezone

from sendcpp import clock
from sendcpp.tests.factories import CaseFactory, StaffFactory, TeamFactory


def _overdue(case):
    clock.start_deadline(
        case, rule="assessment_decision", by=None, request_received_on=date(2026, 9, 1)
    )


def test_overdue_deadlines_page_through_previous_and_next_without_a_count(world, client_for):
    for _ in range(27):
        _overdue(CaseFactory(team=world.case.team, coordinator=world.coordinator))
    client = client_for(world.coordinator)
    first = client.get("/deadlines/", {"when": "overdue"})
    page = first.context["page_obj"]
    assert len(page) == 25
    assert page.has_next()
    assert not page.has_previous()
    second = client.get("/deadlines/", {"when": "overdue", "after": page.next_cursor})
    assert len(second.context["page_obj"]) == 2
    assert {d.pk for d in second.context["page_obj"]}.isdisjoint({d.pk for d in page})
    body = second.content.decode()
    assert 'rel="prev"' in body
    assert "Page " not in body


def test_a_coordinator_sees_only_their_own_deadlines_unless_they_ask_for_the_team(
    world, client_for
):
    _overdue(world.case)
    _overdue(CaseFactory(team=world.case.team, coordinator=world.teammate))
    client = client_for(world.coordinator)
    mine = client.get("/deadlines/", {"when": "overdue"}).context["page_obj"]
    assert [d.case for d in mine] == [world.case]
    team = client.get("/deadlines/", {"when": "overdue", "view": "team"}).context["page_obj"]
    assert len(team) == 2


def test_the_managers_counts_are_kept_for_a_minute_for_that_manager_only(world, client_for):
    cache.clear()
    _overdue(world.case)
    first = client_for(world.manager).get("/deadlines/", {"when": "overdue"})
    assert first.context["total"] == 1
    assert world.coordinator.last_name in first.context["count_rows"]
    # Another council's manager never sees the first manager's counts, kept or not.
    other = client_for(world.other_la_manager).get("/deadlines/", {"when": "overdue"})
    assert other.context["total"] == 0
    assert world.coordinator.last_name not in other.context["count_rows"]
    # A second manager of the same council has their own count, made fresh.
    colleague = StaffFactory(
        organisation=world.manager.organisation, profile__role="manager", profile__team=None
    )
    _overdue(CaseFactory(team=TeamFactory(local_authority=world.case.local_authority)))
    assert client_for(colleague).get("/deadlines/", {"when": "overdue"}).context["total"] == 2
    # The first manager's counts are a minute old at most.
    kept = client_for(world.manager).get("/deadlines/", {"when": "overdue"})
    assert kept.context["total"] == 1
    assert "Counted at" in kept.content.decode()
    # The table's rows are kept with the totals, as written the first time.
    assert kept.context["count_rows"] == first.context["count_rows"]
    assert f"{world.coordinator.first_name} {world.coordinator.last_name}</td>" in (
        kept.content.decode()
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        fresh = client_for(world.manager).get("/deadlines/", {"when": "overdue"})
    assert fresh.context["total"] == 2


def test_one_shape_gives_each_coordinator_their_own_deadlines_and_days(world):
    """The list is compiled once per shape: the teammate's deadlines come through the shape
    compiled for the coordinator's, and another day's through the same shape too."""
    from sendcpp import selectors
    from sendcpp.shapes import ShapedQuery
    from sendcpp.web.paging import seek_page

    _overdue(world.case)
    theirs = CaseFactory(team=world.case.team, coordinator=world.teammate)
    _overdue(theirs)
    today = timezone.localdate()

    def cases(person, day, when="overdue", pages=1):
        query = selectors.deadlines_due_query(person, today=day, when=when, mine_only=True)
        builds = [0]

        def build(given):
            builds[0] += 1
            return query.build(given)

        counted = ShapedQuery(query.shapes, query.shape, build, query.values)
        page = seek_page(counted, after=None, before=None, per_page=1)
        found = list(page)
        while page.has_next():
            page = seek_page(counted, after=page.next_cursor, before=None, per_page=1)
            found += list(page)
        return [d.case for d in found], builds[0]

    def compiled(person, day, when="overdue"):
        """The cases, read a second time: no query is built, whoever and whenever."""
        cases(person, day, when)
        found, builds = cases(person, day, when)
        assert builds == 0
        return found

    assert compiled(world.coordinator, today) == [world.case]
    assert cases(world.teammate, today) == ([theirs], 0)  # the coordinator's shape
    # The decision was due 6 weeks after the request: not yet overdue the day it is due.
    due = world.case.deadlines.get(rule="assessment_decision").due_on
    assert cases(world.coordinator, due) == ([], 0)
    assert compiled(world.coordinator, due - timedelta(days=3), when="week") == [world.case]
    assert cases(world.coordinator, due - timedelta(days=8), when="week") == ([], 0)


def test_counts_kept_by_the_earlier_code_do_not_break_the_page(world, client_for):
    """While a deploy rolls out, servers running the earlier code keep the counts by
    coordinator as a list under their own name; the table kept with its totals is kept under
    another, so a manager's page never reads the one as the other."""
    cache.clear()
    _overdue(world.case)
    today = timezone.localdate()
    earlier = [{"case__team__name": "A", "overdue": 1, "this_week": 0}] * 3
    cache.set(f"sendcpp:deadline-counts:{today.isoformat()}:{world.manager.pk}", (earlier, 0))
    response = client_for(world.manager).get("/deadlines/", {"when": "overdue"})
    assert response.status_code == 200
    assert response.context["total"] == 1
