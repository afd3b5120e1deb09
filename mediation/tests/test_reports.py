"""The evaluation figures against hand-computed fixtures, and the DfE appeal-rate method against
figures published in "SEND Appeal rate table 1" (2014-2024)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mediation import reports, selectors, services
from mediation.models import AppealStatus, MediationStatus
from mediation.reports import DfeAppealRate, percentage
from mediation.tests.conftest import appeal_in, mediation_in, open_window

DECISIONS = [
    *[{"decision": "refuse_assess"}] * 4,
    *[{"decision": "refuse_issue"}] * 2,
    *[{"decision": "plan_contents"}] * 3,
    {"decision": "cease"},
]


def mediation(decision, wants, told=None, held=None, outcome="", appealed=False):
    return {
        "decision": decision,
        "wants_mediation": wants,
        "la_told_on": told,
        "held_on": held,
        "outcome": outcome,
        "appealed": appealed,
    }


MEDIATIONS = [
    # Held after 20 days, resolved, no appeal.
    mediation("refuse_assess", True, date(2026, 1, 5), date(2026, 1, 25), "resolved"),
    # Held after 37 days (late), not resolved, then appealed.
    mediation("refuse_assess", True, date(2026, 2, 1), date(2026, 3, 10), "not_resolved", True),
    # Mediation not wanted: a certificate, then an appeal.
    mediation("refuse_assess", False, appealed=True),
    # Held on day 30 (on time), partly resolved, then appealed.
    mediation("plan_contents", True, date(2026, 3, 1), date(2026, 3, 31), "partly", True),
    # Asked for, not yet held.
    mediation("plan_contents", True, date(2026, 4, 1)),
]

APPEALS = [
    {"decision": "refuse_assess", "outcome": "upheld", "after_mediation": True},
    {"decision": "refuse_assess", "outcome": "", "after_mediation": False},
    {"decision": "plan_contents", "outcome": "consent_order", "after_mediation": True},
    {"decision": "cease", "outcome": "withdrawn", "after_mediation": False},
]


def by_decision():
    return {
        row.decision: row for row in reports.figures_by_decision(DECISIONS, MEDIATIONS, APPEALS)
    }


def test_refusals_to_assess():
    row = by_decision()["refuse_assess"]
    assert (
        row.decisions_sent,
        row.adviser_contacts,
        row.mediations_requested,
        row.mediations_held,
    ) == (4, 3, 2, 2)
    assert (row.resolved, row.partly_resolved, row.not_resolved) == (1, 0, 1)
    assert row.days_to_mediation == [20, 37]
    assert row.median_days_to_mediation == Decimal("28.5")
    assert (row.held_within_30_days, row.share_held_within_30_days) == (1, Decimal("50.0"))
    assert (row.held_then_appealed, row.share_held_then_appealed) == (1, Decimal("50.0"))
    assert (row.appeals_registered, row.appeal_rate) == (2, Decimal("50.0"))


def test_plan_contents_and_decisions_without_activity():
    rows = by_decision()
    contents = rows["plan_contents"]
    assert (contents.decisions_sent, contents.adviser_contacts, contents.mediations_held) == (
        3,
        2,
        1,
    )
    assert contents.partly_resolved == 1
    assert contents.median_days_to_mediation == Decimal("30.0")
    assert contents.share_held_within_30_days == Decimal("100.0")
    assert contents.share_held_then_appealed == Decimal("100.0")
    assert contents.appeal_rate == Decimal("33.3")  # 1 of 3
    assert rows["refuse_issue"].appeal_rate == Decimal("0.0")  # 0 of 2
    assert rows["cease"].appeal_rate == Decimal("100.0")
    # No decisions sent: no rate rather than a division by zero.
    empty = rows["refuse_amend"]
    assert empty.appeal_rate is None
    assert empty.median_days_to_mediation is None
    assert empty.share_held_then_appealed is None


def test_total_row():
    total = by_decision()["all"]
    assert total.label == "All appealable decisions"
    assert (
        total.decisions_sent,
        total.adviser_contacts,
        total.mediations_requested,
        total.mediations_held,
    ) == (10, 5, 4, 3)
    assert (total.resolved, total.partly_resolved, total.not_resolved) == (1, 1, 1)
    assert total.median_days_to_mediation == Decimal("30.0")  # 20, 30, 37
    assert total.share_held_within_30_days == Decimal("66.7")  # 2 of 3
    assert total.share_held_then_appealed == Decimal("66.7")  # 2 of 3
    assert (total.appeals_registered, total.appeal_rate) == (4, Decimal("40.0"))


def test_mediation_outcomes():
    figures = {
        item.outcome: (item.count, item.share) for item in reports.mediation_outcomes(MEDIATIONS)
    }
    assert figures == {
        "resolved": (1, Decimal("33.3")),
        "partly": (1, Decimal("33.3")),
        "not_resolved": (1, Decimal("33.3")),
    }


def test_tribunal_outcomes():
    figures = {
        item.outcome: (item.count, item.share) for item in reports.tribunal_outcomes(APPEALS)
    }
    assert figures == {
        "upheld": (1, Decimal("33.3")),
        "partly_upheld": (0, Decimal("0.0")),
        "dismissed": (0, Decimal("0.0")),
        "consent_order": (1, Decimal("33.3")),
        "conceded": (0, Decimal("0.0")),
        "withdrawn": (1, Decimal("33.3")),
        "awaiting": (1, None),
    }


def test_dfe_rate_from_its_parts():
    rate = DfeAppealRate(
        year=2026,
        appeals_registered=5,
        refused_assessments=4,
        not_issued=2,
        plans_in_january=100,
        ceased=1,
    )
    assert rate.total_appealable_decisions == 107
    assert rate.rate == Decimal("4.7")  # 5 / 107 = 4.67%
    assert DfeAppealRate(2026, 0, 0, 0, 0, 0).rate is None


@pytest.mark.parametrize(
    ("_case", "appeals", "decisions", "published"),
    [
        ("Durham 2024", 344, 5827, "5.9"),
        ("Gateshead 2023", 118, 1887, "6.3"),
        ("Darlington 2015", 2, 469, "0.4"),
        ("Durham 2014", 34, 2533, "1.3"),
        ("Swindon 2024", 92, 3023, "3.0"),
        ("England 2024", 22276, 689739, "3.2"),
        ("England 2014", 4108, 251096, "1.6"),
    ],
)
def test_rate_matches_published_dfe_figures(_case, appeals, decisions, published):
    assert percentage(appeals, decisions) == Decimal(published)


def test_rounding_is_half_up():
    assert percentage(1, 2000) == Decimal("0.1")  # exactly 0.05%
    assert percentage(1, 8) == Decimal("12.5")
    assert percentage(0, 0) is None


@pytest.mark.parametrize(
    ("year", "census"),
    [(2025, date(2025, 1, 16)), (2026, date(2026, 1, 15)), (2027, date(2027, 1, 21))],
)
def test_census_day_is_the_third_thursday_of_january(year, census):
    assert reports.census_day(year) == census


def test_report_and_csv():
    report = reports.evaluation_report(
        year=2026,
        decisions=DECISIONS,
        mediations=MEDIATIONS,
        appeals=APPEALS,
        appeals_registered_in_year=5,
        plans_in_january=100,
    )
    assert (
        report.dfe_rate.refused_assessments,
        report.dfe_rate.not_issued,
        report.dfe_rate.ceased,
    ) == (4, 2, 1)
    assert report.dfe_rate.rate == Decimal("4.7")
    rows = reports.csv_rows(report)
    assert rows[0] == ["Mediation and appeals, decisions sent in 2026"]
    refusals = next(row for row in rows if row and row[0] == "Refusal to assess")
    assert refusals == [
        "Refusal to assess",
        "4",
        "3",
        "2",
        "2",
        "28.5",
        "50.0",
        "1",
        "0",
        "1",
        "1",
        "50.0",
        "2",
        "50.0",
    ]
    assert ["SEND Tribunal appeal rate (%)", "4.7"] in rows
    assert ["Total appealable decisions", "107"] in rows


# --- The rows selectors build from the database --------------------------------------------------


def test_report_rows_from_the_database(world):
    # Two refusals in 2026: one mediated (told 20 Oct, held 12 Nov: 23 days, partly resolved)
    # and appealed, one left alone; a cessation in 2027 is outside the year.
    appeal = appeal_in(world, AppealStatus.DECIDED)
    services.open_appeal_window(
        world.other_case,
        decision="refuse_assess",
        decision_sent_on=date(2026, 5, 1),
        by=world.manager,
    )
    open_window(world, decision="cease", sent_on=date(2027, 1, 5))
    world.case.plan_issued_on = date(2025, 6, 1)
    world.case.save()
    rows = selectors.report_rows(world.manager, 2026)
    assert rows["decisions"] == [{"decision": "refuse_assess"}] * 2
    assert rows["mediations"] == [
        {
            "decision": "refuse_assess",
            "wants_mediation": True,
            "la_told_on": date(2026, 10, 20),
            "held_on": date(2026, 11, 12),
            "outcome": "partly",
            "appealed": True,
        }
    ]
    assert rows["appeals"] == [
        {"decision": "refuse_assess", "outcome": "upheld", "after_mediation": True}
    ]
    assert rows["appeals_registered_in_year"] == 1
    assert rows["plans_in_january"] == 1
    report = reports.evaluation_report(**rows)
    total = report.by_decision[-1]
    assert (total.decisions_sent, total.mediations_held, total.appeals_registered) == (2, 1, 1)
    assert total.median_days_to_mediation == Decimal("23.0")
    assert report.dfe_rate.total_appealable_decisions == 3  # 2 refusals + 1 plan in January
    assert report.dfe_rate.rate == Decimal("33.3")
    assert appeal.window.decision == "refuse_assess"
    # A coordinator's export covers only their team's cases.
    assert len(selectors.report_rows(world.coordinator, 2026)["decisions"]) == 1
    assert selectors.report_years(world.manager, date(2027, 6, 30)) == [2027, 2026]


def test_mediation_cohort_counts_not_wanted(world):
    mediation_in(world, MediationStatus.NOT_WANTED)
    rows = selectors.report_rows(world.manager, 2026)
    assert rows["mediations"][0]["wants_mediation"] is False
