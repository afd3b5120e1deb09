"""Panel analytics against hand-computed fixtures (pure functions: no database).

Period A: two panels. The assessment-request panel met twice (A1, A2) and decided whether to
assess six times; the issuing panel met once (A3) and decided whether to issue three times.

  #  meeting kind    need  age outcome  request     decided     days  within 6 weeks
  1  A1      assess  ASD   7   agreed   5 Jan 2026  9 Feb 2026  35    yes
  2  A1      assess  ASD   8   refused  1 Jan 2026  9 Feb 2026  39    yes
  3  A1      assess  SEMH  12  agreed   20 Dec 2025 9 Feb 2026  51    no
  4  A2      assess  ASD   9   agreed   20 Jan 2026 2 Mar 2026  41    yes
  5  A2      assess  SLCN  4   agreed   10 Jan 2026 2 Mar 2026  51    no
  6  A2      assess  SEMH  13  agreed   19 Jan 2026 2 Mar 2026  42    yes (the 42nd day)
  7  A3      issue   ASD   7   agreed   1 Oct 2025  21 Jan 2026 112
  8  A3      issue   ASD   10  refused  6 Oct 2025  21 Jan 2026 107
  9  A3      issue   SEMH  14  agreed   29 Sep 2025 21 Jan 2026 114

Assess days sorted 35 39 41 42 51 51: median (41+42)/2 = 41.5, mean 259/6 = 43.2; 4 of 6
within 6 weeks. Issue days 107 112 114: median 112, mean 333/3 = 111.0. 9 decisions at 3
meetings: 3.0 a meeting. Need profiles with two or more decisions: assess/ASD/5-10 (agreed 2,
refused 1: differs), assess/SEMH/11-15 (agreed 2), issue/ASD/5-10 (agreed 1, refused 1:
differs): 3 compared, 2 differ; 7 decisions, 2 + 2 + 1 = 5 agree with their profile's most
common outcome: 5/7 = 71.43%.

Period B: one combined panel, meetings B1 and B2.

  a  B1  assess   ASD   6   agreed   30 days
  b  B1  assess   ASD   9   agreed   44 days
  c  B1  issue    SEMH  12  refused  100 days
  d  B2  assess   SEMH  15  refused  20 days
  e  B2  funding  ASD   8   agreed   (no request date)

Assess days 20 30 44: median 30, mean 94/3 = 31.3; 2 of 3 within 6 weeks. 5 decisions at 2
meetings: 2.5. One profile compared (assess/ASD/5-10, both agreed): 2 of 2 = 100%.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from panels.analytics import (
    DecisionFact,
    FundingFact,
    ProfileOutcomes,
    age_band,
    commitments_by_band,
    compare,
    summarise,
)


def fact(panel, meeting, kind, need, age, outcome, received, decided, panel_kind="assessment"):
    return DecisionFact(
        panel=panel,
        panel_kind=panel_kind,
        meeting=meeting,
        kind=kind,
        outcome=outcome,
        decided_on=decided,
        request_received_on=received,
        primary_need=need,
        age=age,
    )


ASSESS_PANEL, ISSUE_PANEL, COMBINED = "Assessment panel", "Issuing panel", "Combined panel"
FEB9, MAR2, JAN21 = date(2026, 2, 9), date(2026, 3, 2), date(2026, 1, 21)

PERIOD_A = [
    fact(ASSESS_PANEL, "A1", "assess", "ASD", 7, "agreed", date(2026, 1, 5), FEB9),
    fact(ASSESS_PANEL, "A1", "assess", "ASD", 8, "refused", date(2026, 1, 1), FEB9),
    fact(ASSESS_PANEL, "A1", "assess", "SEMH", 12, "agreed", date(2025, 12, 20), FEB9),
    fact(ASSESS_PANEL, "A2", "assess", "ASD", 9, "agreed", date(2026, 1, 20), MAR2),
    fact(ASSESS_PANEL, "A2", "assess", "SLCN", 4, "agreed", date(2026, 1, 10), MAR2),
    fact(ASSESS_PANEL, "A2", "assess", "SEMH", 13, "agreed", date(2026, 1, 19), MAR2),
    fact(ISSUE_PANEL, "A3", "issue", "ASD", 7, "agreed", date(2025, 10, 1), JAN21, "issuing"),
    fact(ISSUE_PANEL, "A3", "issue", "ASD", 10, "refused", date(2025, 10, 6), JAN21, "issuing"),
    fact(ISSUE_PANEL, "A3", "issue", "SEMH", 14, "agreed", date(2025, 9, 29), JAN21, "issuing"),
]
B1, B2 = date(2026, 6, 1), date(2026, 6, 15)
PERIOD_B = [
    fact(COMBINED, "B1", "assess", "ASD", 6, "agreed", date(2026, 5, 2), B1, "combined"),
    fact(COMBINED, "B1", "assess", "ASD", 9, "agreed", date(2026, 4, 18), B1, "combined"),
    fact(COMBINED, "B1", "issue", "SEMH", 12, "refused", date(2026, 2, 21), B1, "combined"),
    fact(COMBINED, "B2", "assess", "SEMH", 15, "refused", date(2026, 5, 26), B2, "combined"),
    fact(COMBINED, "B2", "funding", "ASD", 8, "agreed", None, B2, "combined"),
]


def test_two_panel_period():
    s = summarise("A", PERIOD_A)
    assert s.configuration == "2 panels: Assessment panel, Issuing panel"
    assert (s.decisions, s.meetings, s.decisions_per_meeting) == (9, 3, 3.0)
    assert (s.assess_timing.decisions, s.assess_timing.median_days) == (6, 41.5)
    assert s.assess_timing.mean_days == 43.2
    assert (s.issue_timing.median_days, s.issue_timing.mean_days) == (112.0, 111.0)
    assert (s.within_six_weeks.within, s.within_six_weeks.decisions) == (4, 6)
    assert s.within_six_weeks.share == 0.6667
    c = s.consistency
    assert (c.profiles_compared, c.profiles_with_different_outcomes) == (3, 2)
    assert (c.decisions_compared, c.decisions_agreeing_with_profile, c.share) == (7, 5, 0.7143)
    assert c.differing == (
        ProfileOutcomes("assess", "ASD", "5 to 10", agreed=2, refused=1),
        ProfileOutcomes("issue", "ASD", "5 to 10", agreed=1, refused=1),
    )
    assert [
        (r.panel, r.kind, r.decisions, r.agreed, r.refused, r.agreed_share) for r in s.outcomes
    ] == [
        (ASSESS_PANEL, "assess", 6, 5, 1, 0.8333),
        (ISSUE_PANEL, "issue", 3, 2, 1, 0.6667),
    ]


def test_one_panel_period():
    s = summarise("B", PERIOD_B)
    assert s.configuration == "1 panel: Combined panel"
    assert (s.decisions, s.meetings, s.decisions_per_meeting) == (5, 2, 2.5)
    assert (s.assess_timing.median_days, s.assess_timing.mean_days) == (30.0, 31.3)
    assert (s.issue_timing.decisions, s.issue_timing.median_days) == (1, 100.0)
    assert (s.within_six_weeks.within, s.within_six_weeks.decisions) == (2, 3)
    assert (s.consistency.profiles_compared, s.consistency.share) == (1, 1.0)
    assert s.consistency.differing == ()
    assert [(r.kind, r.decisions, r.agreed, r.agreed_share) for r in s.outcomes] == [
        ("assess", 3, 2, 0.6667),
        ("issue", 1, 0, 0.0),
        ("funding", 1, 1, 1.0),
    ]


def test_periods_compare_side_by_side_in_order():
    summaries = compare({"Two panels": PERIOD_A, "One panel": PERIOD_B})
    assert [s.label for s in summaries] == ["Two panels", "One panel"]
    assert [s.within_six_weeks.share for s in summaries] == [0.6667, 0.6667]


def test_an_empty_period_has_no_figures():
    s = summarise("Nothing", [])
    assert s.configuration == "No statutory decisions"
    assert s.decisions_per_meeting is None
    assert s.assess_timing.median_days is None
    assert s.within_six_weeks.share is None
    assert s.consistency.share is None


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, ""),
        (0, "Under 5"),
        (4, "Under 5"),
        (5, "5 to 10"),
        (10, "5 to 10"),
        (11, "11 to 15"),
        (16, "16 to 19"),
        (20, "20 to 25"),
        (25, "20 to 25"),
        (26, "Over 25"),
    ],
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_commitments_take_each_cases_latest_funding_decision_at_its_own_amount():
    facts = [
        FundingFact("A", date(2026, 1, 10), 1, "Band 2", Decimal("4000.00")),
        FundingFact("A", date(2026, 3, 1), 5, "Band 3", Decimal("6000.00")),
        FundingFact("B", date(2026, 2, 1), 2, "Band 3", Decimal("5800.00")),  # last year's tariff
        FundingFact("C", date(2026, 2, 1), 3, "Band 1", Decimal("2000.00")),
        FundingFact("C", date(2026, 2, 1), 4),  # refused later the same day: no commitment
        FundingFact("D", date(2026, 2, 15), 6, "Band 3", Decimal("6000.00")),
        FundingFact("E", date(2026, 2, 20), 7, "Band 1", Decimal("2000.00")),
    ]
    rows, total = commitments_by_band(facts)
    assert [(r.band_name, r.children, r.annual_total) for r in rows] == [
        ("Band 1", 1, Decimal("2000.00")),
        ("Band 3", 3, Decimal("17800.00")),
    ]
    assert total == Decimal("19800.00")
    assert commitments_by_band([]) == ([], Decimal("0"))
