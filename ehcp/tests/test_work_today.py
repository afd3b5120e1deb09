"""A coordinator's work today on their caseload: what is overdue, due this week and waiting on
others, for them or for their team."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.core.cache import cache
from django.utils import timezone

from ehcp.tests import factories as f
from sendcpp import clock, selectors
from sendcpp.tests.factories import CaseFactory

TODAY = date(2026, 12, 9)


def test_work_today_counts_mine_and_my_teams(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 6, 1)
    )
    teammates = CaseFactory(team=world.case.team, coordinator=world.teammate)
    clock.start_deadline(
        teammates, rule="final_plan", by=None, request_received_on=date(2026, 7, 22)
    )
    elsewhere = CaseFactory(team=world.other_case.team, coordinator=world.other_team_coordinator)
    clock.start_deadline(
        elsewhere, rule="final_plan", by=None, request_received_on=date(2026, 6, 1)
    )
    mine = selectors.work_today(world.coordinator, today=TODAY)
    assert (mine["overdue"], mine["this_week"], mine["waiting_on_others"]) == (1, 0, 0)
    team = selectors.work_today(world.coordinator, today=TODAY, whole_team=True)
    # 22 July + 20 weeks = 9 December: due today, so this week.
    assert (team["overdue"], team["this_week"]) == (1, 1)


def test_a_deadline_someone_answers_for_counts_for_them_not_the_coordinator(world):
    """Mine are the deadlines I answer for on any case, and those nobody answers for on the cases
    I coordinate; one I coordinate that a colleague answers for is theirs."""
    theirs = CaseFactory(team=world.case.team, coordinator=world.teammate)
    clock.start_deadline(
        theirs,
        rule="final_plan",
        by=None,
        responsible=world.coordinator,
        request_received_on=date(2026, 6, 1),
    )
    clock.start_deadline(
        world.case,
        rule="final_plan",
        by=None,
        responsible=world.teammate,
        request_received_on=date(2026, 7, 22),
    )
    mine = selectors.work_today(world.coordinator, today=TODAY)
    assert (mine["overdue"], mine["this_week"]) == (1, 0)
    teammate = selectors.work_today(world.teammate, today=TODAY)
    assert (teammate["overdue"], teammate["this_week"]) == (0, 1)
    team = selectors.work_today(world.coordinator, today=TODAY, whole_team=True)
    assert (team["overdue"], team["this_week"]) == (1, 1)
    # The deadlines page lists the same.
    overdue = selectors.deadlines_due(
        world.coordinator, today=TODAY, when="overdue", mine_only=True
    )
    assert [deadline.case for deadline in overdue] == [theirs]
    assert not selectors.deadlines_due(
        world.coordinator, today=TODAY, when="week", mine_only=True
    ).exists()
    this_week = selectors.deadlines_due(world.teammate, today=TODAY, when="week", mine_only=True)
    assert [deadline.case for deadline in this_week] == [world.case]


def test_advice_waiting_on_others_is_counted_and_shown(world, client_for):
    f.agreed_to_assess(world.case, world.coordinator)
    f.advice_asked(world.case, world.coordinator, advisor=world.professional)
    assert selectors.work_today(world.coordinator, today=TODAY)["waiting_on_others"] == 1
    html = client_for(world.coordinator).get("/").content.decode()
    assert "Your work today" in html
    assert "<strong>1</strong> waiting on others" in html
    assert (
        "The team's work today" in client_for(world.coordinator).get("/?view=team").content.decode()
    )


def test_moving_several_cases_with_one_confirmation_and_a_result_for_each(world, client_for):
    second = CaseFactory(team=world.case.team, coordinator=world.coordinator)
    client = client_for(world.coordinator)
    html = client.get("/cases/reassign/", {"source": world.coordinator.public_id}).content.decode()
    assert world.case.reference in html
    assert second.reference in html
    response = client.post(
        "/cases/reassign/",
        {
            "source": world.coordinator.public_id,
            "cases": [world.case.public_id, second.public_id],
            "coordinator": world.teammate.pk,
        },
    )
    html = response.content.decode()
    assert html.count("govuk-tag--green") == 2
    world.case.refresh_from_db()
    second.refresh_from_db()
    assert world.case.coordinator == second.coordinator == world.teammate
    # Nothing chosen: a clear message, nothing moved.
    response = client.post(
        "/cases/reassign/",
        {"source": world.teammate.public_id, "coordinator": world.coordinator.pk},
    )
    assert "Select the cases to move" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.coordinator == world.teammate
    # Another team's coordinator is not offered, and families cannot reach the page.
    html = client.get("/cases/reassign/").content.decode()
    assert world.other_team_coordinator.display_name not in html
    assert client_for(world.family).get("/cases/reassign/").status_code == 404
    assert client_for(world.professional).get("/cases/reassign/").status_code == 404


def test_the_teams_counts_are_kept_a_minute_for_that_person_and_their_own_never(world, client_for):
    cache.clear()
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 6, 1)
    )
    client = client_for(world.coordinator)
    team = client.get("/", {"view": "team"})
    assert team.context["work"]["overdue"] == 1
    assert "Counted at" in team.content.decode()
    # A teammate's own count is made fresh, and so is the coordinator's own.
    clock.start_deadline(
        CaseFactory(team=world.case.team, coordinator=world.teammate),
        rule="final_plan",
        by=None,
        request_received_on=date(2026, 6, 1),
    )
    teammate = client_for(world.teammate).get("/", {"view": "team"})
    assert teammate.context["work"]["overdue"] == 2
    mine = client.get("/")
    assert mine.context["work"]["overdue"] == 1
    assert "Counted at" not in mine.content.decode()
    # Another team's coordinator never sees these counts.
    other = client_for(world.other_team_coordinator).get("/", {"view": "team"})
    assert other.context["work"]["overdue"] == 0
    # The coordinator's team figures are a minute old at most.
    assert client.get("/", {"view": "team"}).context["work"]["overdue"] == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        fresh = client.get("/", {"view": "team"})
    assert fresh.context["work"]["overdue"] == 2


def test_someone_who_may_see_no_case_has_no_work_counted(world):
    clock.start_deadline(
        world.case, rule="final_plan", by=None, request_received_on=date(2026, 6, 1)
    )
    for whole_team in (False, True):
        work = selectors.work_today(world.administrator, today=TODAY, whole_team=whole_team)
        assert (work["overdue"], work["this_week"], work["waiting_on_others"]) == (0, 0, 0)
