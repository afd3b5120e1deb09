"""The council's performance reports, against hand-computed fixtures: 20-week timeliness for a
month including and excluding exceptions (recording an exception moves a case from one figure to
the other), the same count as the public live figures, by month, team and coordinator, the cases
behind each figure (to managers only, and only cases they may see), and the downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dashboard import selectors as dashboard_selectors
from reports import selectors
from sendcpp import clock, performance
from sendcpp.deadlines import ExceptionKind
from sendcpp.models import Stage
from sendcpp.tests.factories import CaseFactory

NOVEMBER = "2026-11"

# (request received, final plan issued, on time?) Due = request + 20 weeks.
PLANS = [
    (date(2026, 6, 1), date(2026, 11, 2), False),  # due 19 Oct: late
    (date(2026, 7, 1), date(2026, 11, 10), True),  # due 18 Nov
    (date(2026, 7, 6), date(2026, 11, 20), True),  # due 23 Nov
    (date(2026, 6, 15), date(2026, 11, 25), False),  # due 2 Nov: late
]


def _plan(world, received, issued, *, team_case):
    case = CaseFactory(
        team=team_case.team,
        coordinator=team_case.coordinator,
        stage=Stage.MAINTAINED,
        request_received_on=received,
        plan_issued_on=issued,
    )
    clock.start_deadline(case, rule="final_plan", by=None, request_received_on=received)
    clock.meet_deadline(case, rule="final_plan", met_on=issued, by=None)
    return case


@pytest.fixture
def plans(world):
    """Two plans on the North team (the coordinator's), two on the South team."""
    return [
        _plan(world, received, issued, team_case=world.case if n < 2 else world.other_case)
        for n, (received, issued, _) in enumerate(PLANS)
    ]


def _november():
    return selectors.month_from_key(NOVEMBER, date(2026, 12, 9))


def _record_exception(case, by):
    deadline = case.deadlines.get(rule="final_plan")
    clock.record_exception(
        deadline, kind=ExceptionKind.SETTING_CLOSED, reason="School closed for 5 weeks", by=by
    )


def test_twenty_weeks_for_a_month_including_and_excluding_exceptions(world, plans):
    report = selectors.report(
        world.manager, performance.NEW_PLANS, _november(), today=date(2026, 12, 9)
    )
    assert report.total == performance.Counts(4, 2, 4, 2)
    assert (report.total.percent_including, report.total.percent_excluding) == (50.0, 50.0)

    _record_exception(plans[3], world.other_team_coordinator)  # a late plan had an exception

    report = selectors.report(
        world.manager, performance.NEW_PLANS, _november(), today=date(2026, 12, 9)
    )
    assert report.total == performance.Counts(
        total=4, on_time=2, total_without=3, on_time_without=2
    )
    assert report.total.percent_including == 50.0  # still counted here
    assert report.total.percent_excluding == 66.7  # 2 of 3: no longer counted here
    assert report.total.exceptions == 1


def test_the_report_and_the_public_live_figures_count_the_same_plans(world, plans):
    _record_exception(plans[0], world.coordinator)
    year = dashboard_selectors.Period(date(2026, 1, 1), date(2026, 12, 9), "2026")
    live = dashboard_selectors.plans_issued_timeliness(world.la, year)
    months = [m for m in selectors.months(date(2026, 12, 9)) if m.start.year == 2026]
    reported = [
        selectors.report(world.manager, performance.NEW_PLANS, month, today=date(2026, 12, 9)).total
        for month in months
    ]
    assert live.issued == sum(counts.total for counts in reported) == 4
    assert live.within_20_weeks == sum(counts.on_time for counts in reported) == 2


def test_by_month_team_and_coordinator(world, plans):
    report = selectors.report(
        world.manager, performance.NEW_PLANS, _november(), today=date(2026, 12, 9)
    )
    assert [row.label for row in report.trend][-2:] == ["October 2026", "November 2026"]
    assert len(report.trend) == 12
    assert report.trend[-1].counts.total == 4
    assert report.trend[-2].counts.total == 0
    teams = {row.label: (row.counts.total, row.counts.on_time) for row in report.teams}
    assert teams == {"North team": (2, 1), "South team": (2, 1)}
    people = {row.label: row.counts.total for row in report.coordinators}
    assert people == {
        world.coordinator.get_full_name(): 2,
        world.other_team_coordinator.get_full_name(): 2,
    }


def test_six_week_decisions_count_deadlines_met_in_the_month(world):
    for received, decided in [
        (date(2026, 10, 1), date(2026, 11, 5)),
        (date(2026, 9, 1), date(2026, 11, 6)),
    ]:
        case = CaseFactory(team=world.case.team, request_received_on=received)
        clock.start_deadline(
            case, rule="assessment_decision", by=None, request_received_on=received
        )
        clock.meet_deadline(case, rule="assessment_decision", met_on=decided, by=None)
    measure = performance.BY_KEY["assessment-decisions"]
    report = selectors.report(world.manager, measure, _november(), today=date(2026, 12, 9))
    # 1 Oct + 6 weeks = 12 Nov (on time); 1 Sep + 6 weeks = 13 Oct (late).
    assert report.total == performance.Counts(2, 1, 2, 1)


def test_a_manager_sees_every_measure_for_a_month(world, plans, client_for):
    html = client_for(world.manager).get("/reports/", {"month": NOVEMBER}).content.decode()
    assert "New EHC plans issued within 20 weeks" in html
    assert "50.0%" in html
    assert "Mediation held within 30 days" in html


def test_the_report_page_shows_both_figures_a_chart_and_its_tables(world, plans, client_for):
    _record_exception(plans[3], world.manager)
    response = client_for(world.manager).get("/reports/new-plans/", {"month": NOVEMBER})
    html = response.content.decode()
    assert response.status_code == 200
    assert "50.0% (2 of 4)" in html
    assert "66.7% (2 of 3)" in html
    assert '<svg class="app-dashboard-chart"' in html
    assert 'id="table-month"' in html
    assert 'id="table-team"' in html
    assert 'id="table-coordinator"' in html


def test_a_wrong_month_is_explained_and_the_last_whole_month_shown(world, client_for):
    html = (
        client_for(world.manager).get("/reports/new-plans/", {"month": "2099-13"}).content.decode()
    )
    assert "Choose a month from the list" in html
    assert "November 2026" in html


def test_only_managers_see_reports(world, client_for):
    for user in (world.coordinator, world.family, world.professional, world.administrator):
        client = client_for(user)
        assert client.get("/reports/").status_code == 404, user.username
        assert client.get("/reports/new-plans/").status_code == 404, user.username
        assert client.get("/reports/new-plans/cases/").status_code == 404, user.username
    assert client_for(world.manager).get("/reports/nothing/").status_code == 404
    assert client_for(world.manager).get("/reports/new-plans/report.exe").status_code == 404


def test_the_cases_behind_a_figure(world, plans, client_for):
    client = client_for(world.manager)
    html = client.get(
        "/reports/new-plans/cases/", {"month": NOVEMBER, "show": "late"}
    ).content.decode()
    assert plans[0].reference in html
    assert plans[3].reference in html
    assert plans[1].reference not in html
    assert plans[2].reference not in html
    html = client.get(
        "/reports/new-plans/cases/", {"month": NOVEMBER, "team": world.case.team_id}
    ).content.decode()
    assert plans[0].reference in html
    assert plans[1].reference in html
    assert plans[2].reference not in html
    html = client.get(
        "/reports/new-plans/cases/",
        {"month": NOVEMBER, "coordinator": world.other_team_coordinator.public_id},
    ).content.decode()
    assert plans[2].reference in html
    assert plans[0].reference not in html
    response = client.get("/reports/new-plans/cases/", {"month": NOVEMBER, "team": "x'"})
    assert "Choose a team from the report" in response.content.decode()


def test_another_councils_manager_sees_none_of_these_cases(world, plans, client_for):
    client = client_for(world.other_la_manager)
    html = client.get("/reports/new-plans/cases/", {"month": NOVEMBER}).content.decode()
    assert all(plan.reference not in html for plan in plans)
    html = client.get("/reports/new-plans/", {"month": NOVEMBER}).content.decode()
    assert "None done in November 2026" in html


def test_downloads(world, plans, client_for):
    client = client_for(world.manager)
    response = client.get("/reports/new-plans/report.csv", {"month": NOVEMBER})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Measure", "By", "Name"]
    assert [
        "New EHC plans issued within 20 weeks",
        "Month",
        "November 2026",
        "4",
        "2",
        "2",
        "50.0",
        "0",
        "50.0",
    ] in rows
    response = client.get("/reports/new-plans/report.xlsx", {"month": NOVEMBER})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By month", "By team", "By coordinator"]
    team_rows = list(book["By team"].iter_rows(values_only=True))
    assert team_rows[1][:3] == ("North team", 2, 1)


def test_the_report_reads_a_fixed_number_of_queries(
    world, plans, client_for, django_assert_max_num_queries
):
    client = client_for(world.manager)
    client.get("/reports/new-plans/", {"month": NOVEMBER})
    with django_assert_max_num_queries(10):
        client.get("/reports/new-plans/", {"month": NOVEMBER})
    with django_assert_max_num_queries(10):
        client.get("/reports/new-plans/cases/", {"month": NOVEMBER})


def test_the_public_live_figures_give_both_percentages_as_the_report_does(world, client):
    from django.core.cache import cache
    from django.urls import reverse

    # Last year (2025): 10 plans on time and 10 late; exceptions then recorded on 5 late ones.
    cases = [
        _plan(world, date(2025, 3, 3), date(2025, 7, 7 if n < 10 else 28), team_case=world.case)
        for n in range(20)
    ]

    def live_rates():
        cache.clear()
        page = client.get(reverse("dashboard:live", args=[world.la.public_id])).context["page"]
        rows = {row[0].text: row[1].text for row in page.table("live-headline").rows}
        stem = "New EHC plans issued within 20 weeks, 2025"
        return (
            rows[f"{stem}, including exceptions (%)"],
            rows[f"{stem}, excluding exceptions (%)"],
        )

    def reported():
        year = [m for m in selectors.months(date(2026, 12, 9)) if m.start.year == 2025]
        totals = [
            selectors.report(world.manager, performance.NEW_PLANS, m, today=date(2026, 12, 9)).total
            for m in year
        ]
        return performance.Counts(
            *(
                sum(getattr(t, name) for t in totals)
                for name in ("total", "on_time", "total_without", "on_time_without")
            )
        )

    # 3 Mar 2025 + 20 weeks = 21 Jul 2025: 7 Jul on time, 28 Jul late.
    assert live_rates() == ("50.0%", "50.0%")
    assert (reported().percent_including, reported().percent_excluding) == (50.0, 50.0)
    for case in cases[10:15]:
        _record_exception(case, world.coordinator)
    assert live_rates() == ("50.0%", "66.7%")  # 10 of 15
    assert (reported().percent_including, reported().percent_excluding) == (50.0, 66.7)
