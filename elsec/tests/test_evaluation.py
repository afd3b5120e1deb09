"""Evaluation figures against a hand-computed fixture, and disclosure control on the figures
for publication."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from elsec import evaluation, services
from elsec.evaluation import Figures, Filters
from elsec.models import EpisodeFormat, ReferralStatus
from sendcpp.disclosure import SUPPRESSED as C

PERIOD = Filters(starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 31))
TODAY = date(2026, 12, 9)


def _consented(record, by, day=date(2026, 8, 1)):
    services.record_consent(
        record, given_by="A parent", given_on=day, share_with_send_service=False, by=by
    )
    return record


def _screen(elsec, record, by, day, score, **kwargs):
    return services.record_screening(
        record, tool=elsec.tool, screened_on=day, score=score, by=by, **kwargs
    )


@pytest.fixture
def scenario(elsec):
    """The fixture the figures below are worked out from by hand:

    school (primary), all screened in October:
      A (age 5): 10, below -> targeted 5 Oct to 20 Nov -> re-screened 25 Nov: 28, at level
      B (age 4): 30, at level
      C (age 4): 5, below -> referred 10 Oct, seen 30 Nov (51 days)
      E (age 4): screened 20 Aug only (before the period)
      training 1 Oct (3 attended), audit 2 Oct
    nursery (early years):
      Leo (age 3): 20, below -> targeted from 6 Oct, still going
      D (age 2): not screened
      coaching visit 25 Aug (before the period, but support by its end)
    """
    t, w = elsec.therapist, elsec.support_worker
    a = _consented(elsec.record, t)
    b = _consented(
        services.add_child(
            elsec.school, first_name="B", last_name="B", date_of_birth=date(2022, 1, 10), by=t
        ),
        t,
    )
    c = _consented(
        services.add_child(
            elsec.school, first_name="C", last_name="C", date_of_birth=date(2022, 1, 10), by=t
        ),
        t,
    )
    e = _consented(
        services.add_child(
            elsec.school, first_name="E", last_name="E", date_of_birth=date(2022, 1, 10), by=t
        ),
        t,
    )
    leo = _consented(elsec.other_record, w)
    services.add_child(
        elsec.nursery, first_name="D", last_name="D", date_of_birth=date(2024, 6, 1), by=w
    )
    _screen(elsec, a, t, date(2026, 10, 1), 10)
    episode = services.start_episode(
        a, programme="Group", format=EpisodeFormat.GROUP, starts_on=date(2026, 10, 5), by=t
    )
    services.end_episode(episode, ends_on=date(2026, 11, 20), sessions_attended=12, by=t)
    _screen(elsec, a, t, date(2026, 11, 25), 28, after_episode=episode)
    _screen(elsec, b, t, date(2026, 10, 2), 30)
    _screen(elsec, c, t, date(2026, 10, 3), 5)
    referral = services.refer(c, service="SLT", referred_on=date(2026, 10, 10), reason="R", by=t)
    services.record_referral_outcome(
        referral, status=ReferralStatus.SEEN, decided_on=date(2026, 11, 30), outcome="", by=t
    )
    _screen(elsec, e, t, date(2026, 8, 20), 5)
    _screen(elsec, leo, w, date(2026, 10, 1), 20)
    services.start_episode(
        leo, programme="Group", format=EpisodeFormat.GROUP, starts_on=date(2026, 10, 6), by=w
    )
    services.record_training(
        elsec.school, held_on=date(2026, 10, 1), topic="T", attendees="X\nY\nZ", by=t
    )
    services.record_audit(
        elsec.school, audited_on=date(2026, 10, 2), items_in_place=["quiet_space"], by=t
    )
    services.record_coaching_visit(elsec.nursery, visited_on=date(2026, 8, 25), focus="F", by=w)
    return elsec


def test_figures_for_the_period(scenario):
    figures = evaluation.compute(scenario.pathfinder, PERIOD, today=TODAY)
    assert (figures.settings_supported, figures.training_sessions, figures.staff_trained) == (
        1,
        1,
        3,
    )
    assert figures.audits == 1
    assert figures.screened == {
        ("primary", "5_to_7"): 1,
        ("primary", "3_to_4"): 2,
        ("early_years", "3_to_4"): 1,
    }
    assert figures.identified == {
        ("primary", "5_to_7"): 1,
        ("primary", "3_to_4"): 1,
        ("early_years", "3_to_4"): 1,
    }
    assert figures.universal == {"primary": 3, "early_years": 1}
    assert figures.targeted == {"primary": 1, "early_years": 1}
    assert figures.specialist == {"primary": 1}
    assert figures.referrals_seen == {"primary": 1}
    assert (figures.waits, figures.still_waiting) == ([51], 0)
    assert figures.progress == {(False, True): 1}
    assert (figures.before_share, figures.after_share) == (Decimal("0.0"), Decimal("100.0"))


def test_figures_by_type_of_setting(scenario):
    filters = Filters(PERIOD.starts_on, PERIOD.ends_on, phase="primary")
    figures = evaluation.compute(scenario.pathfinder, filters, today=TODAY)
    assert (figures.children_screened, figures.children_identified) == (3, 2)
    assert (
        figures.total(figures.universal),
        figures.total(figures.targeted),
        figures.referred,
    ) == (3, 1, 1)
    assert figures.settings_supported == 1


def test_figures_by_age_group(scenario):
    filters = Filters(PERIOD.starts_on, PERIOD.ends_on, age_group="3_to_4")
    figures = evaluation.compute(scenario.pathfinder, filters, today=TODAY)
    assert (figures.children_screened, figures.children_identified) == (3, 2)
    assert figures.targeted == {"early_years": 1}
    assert figures.progress_cohort == 0


def test_figures_of_an_earlier_period_leave_later_work_out(scenario):
    filters = Filters(date(2026, 8, 1), date(2026, 8, 31))
    figures = evaluation.compute(scenario.pathfinder, filters, today=TODAY)
    assert figures.screened == {("primary", "3_to_4"): 1}
    assert (figures.settings_supported, figures.training_sessions) == (1, 0)
    assert figures.targeted == {}
    assert figures.specialist == {}


def test_published_figures_hide_every_small_count_of_children(scenario):
    figures = evaluation.compute(scenario.pathfinder, PERIOD, today=TODAY)
    shown = {(table, label): value for table, label, value in evaluation.published(figures).rows}
    assert shown[("Children", "Screened")] == C
    assert shown[("Children", "Identified with speech, language or communication needs")] == C
    assert shown[("Supported at each level", "Targeted")] == C
    assert shown[("Progress between screenings", "At the expected level after (%)")] == C
    assert (
        shown[("Referrals to specialist speech and language therapy", "Median wait in days (seen)")]
        == C
    )
    # Zero identifies no one; setting figures are not about children.
    assert shown[("Specialist support by type of setting", "Early years")] == 0
    assert shown[("Setting support", "Staff attendances at training")] == 3
    # The management figures keep the numbers.
    raw = {(t, label): v for t, label, v in evaluation.management(figures).rows}
    assert raw[("Children", "Screened")] == 4


def _figures(**counts) -> Figures:
    figures = Figures(PERIOD)
    for name, value in counts.items():
        setattr(figures, name, value)
    return figures


def test_a_hidden_count_cannot_be_worked_out_from_the_total():
    figures = _figures(
        screened={("primary", "5_to_7"): 3, ("early_years", "3_to_4"): 30},
        identified={("primary", "5_to_7"): 1, ("early_years", "3_to_4"): 12},
    )
    shown = {(t, label): v for t, label, v in evaluation.published(figures).rows}
    primary = shown[("Screened by type of setting", "Primary school")]
    early = shown[("Screened by type of setting", "Early years")]
    total = shown[("Children", "Screened")]
    assert primary == C
    # Never both the total and the other part: 33 - 30 would give the hidden 3.
    assert C in (early, total)


def test_large_counts_are_published_as_they_are():
    figures = _figures(
        screened={("primary", "5_to_7"): 40, ("early_years", "3_to_4"): 30},
        identified={("primary", "5_to_7"): 15, ("early_years", "3_to_4"): 12},
        progress={(False, True): 10, (False, False): 6, (True, True): 8, (True, False): 0},
        referrals_seen={"primary": 7},
        waits=[10, 20, 30, 40, 50, 60, 70],
    )
    shown = {(t, label): v for t, label, v in evaluation.published(figures).rows}
    assert shown[("Children", "Screened")] == 70
    assert shown[("Screened by type of setting", "Primary school")] == 40
    assert shown[("Progress between screenings", "At the expected level before (%)")] == Decimal(
        "33.3"
    )
    assert shown[("Progress between screenings", "At the expected level after (%)")] == Decimal(
        "75.0"
    )
    assert (
        shown[("Referrals to specialist speech and language therapy", "Median wait in days (seen)")]
        == 40
    )


def test_csv_rows_name_the_period_and_breakdown():
    figures = _figures(screened={("primary", "5_to_7"): 40}, identified={})
    rows = list(evaluation.csv_rows(evaluation.published(figures), PERIOD))
    assert rows[0][:4] == ["period_start", "period_end", "type_of_setting", "age_group"]
    assert ["2026-09-01", "2026-12-31", "all", "all", "Children", "Screened", "40"] in rows
