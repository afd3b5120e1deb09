"""Statutory deadline rules against real calendars, including every worked example in the domain
spec (section 1.12, plus the Surrey and IPSEA examples in 1.5-1.6), the tribunal's Christmas and
August roll-overs, and mediation certificates across Christmas bank holidays.

Pure tests: no database and no Django settings (run with ``-p no:django``)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pytest

from sendcpp import deadlines
from sendcpp.calendar import read_bank_holidays_file
from sendcpp.deadlines import (
    EXCEPTIONS_BY_RULE,
    RULES,
    TRIBUNAL_ORDER_WEEKS,
    UNOPPOSED_APPEAL_WEEKS,
    Duty,
    ExceptionKind,
    Rule,
    TribunalOrderStep,
    UnopposedAppealStep,
    advice_requested_during_closure,
    amendment_comments_due,
    annual_review_due,
    appeal_due,
    assessment_advice_due,
    assessment_decision_due,
    closure_exception_window,
    draft_plan_comments_due,
    draft_plan_target_due,
    exception_applies,
    final_amended_plan_due,
    final_plan_due,
    la_transfer_due,
    mediation_adviser_contact_due,
    mediation_agreement_action_due,
    mediation_agreement_icb_notice_due,
    mediation_certificate_due,
    mediation_concluded_certificate_due,
    mediation_deemed_certificate_due,
    mediation_health_notice_due,
    mediation_held_due,
    no_plan_notice_due,
    post16_move_due,
    post16_phase_transfer_due,
    reassessment_decision_due,
    reassessment_final_plan_due,
    recommendation_response_due,
    review_decision_due,
    review_meeting_notice_due,
    review_papers_due,
    review_report_due,
    school_phase_transfer_due,
    setting_consultation_due,
    subject_access_due,
    transfer_notice_due,
    transfer_review_due,
    tribunal_holiday_rollover,
    tribunal_order_due,
    tribunal_response_due,
    unopposed_appeal_due,
)

HOLIDAYS = frozenset(day for day, _ in read_bank_holidays_file())


# --- Rules with one trigger date and no working days ----------------------------------------------


@pytest.mark.parametrize(
    ("_case", "rule", "trigger", "expected"),
    [
        # Spec 1.12 "New request": request received Mon 2 Sep 2024.
        (
            "1.12 decision to assess, 6 weeks",
            assessment_decision_due,
            date(2024, 9, 2),
            date(2024, 10, 14),
        ),
        ("1.12 IPSEA draft by week 14", draft_plan_target_due, date(2024, 9, 2), date(2024, 12, 9)),
        ("1.12 no-plan notice, 16 weeks", no_plan_notice_due, date(2024, 9, 2), date(2024, 12, 23)),
        ("1.12 final plan, 20 weeks", final_plan_due, date(2024, 9, 2), date(2025, 1, 20)),
        # Spec 1.12 "Draft comment window": served Mon 9 Dec 2024.
        (
            "1.12 draft comments, 15 days beginning with",
            draft_plan_comments_due,
            date(2024, 12, 9),
            date(2024, 12, 23),
        ),
        # Spec 1.12 "Mediation held": parent tells LA Fri 10 Jan 2025.
        ("1.12 mediation held, 30 days", mediation_held_due, date(2025, 1, 10), date(2025, 2, 9)),
        # Spec 1.12 "Annual review": meeting Fri 1 Nov 2024.
        ("1.12 review report, 2 weeks", review_report_due, date(2024, 11, 1), date(2024, 11, 15)),
        (
            "1.12 review decision, 4 weeks",
            review_decision_due,
            date(2024, 11, 1),
            date(2024, 11, 29),
        ),
        (
            "1.12 final amended plan, 8 weeks",
            final_amended_plan_due,
            date(2024, 11, 29),
            date(2025, 1, 24),
        ),
        # Spec 1.12 names the long-stop "15 Feb 2025"; reg 18(1) says "before" it, so the last
        # day on time is the 14th.
        (
            "1.12 phase transfer long-stop",
            school_phase_transfer_due,
            date(2025, 9, 1),
            date(2025, 2, 14),
        ),
        # Spec 1.2: 1 Oct + 2 months = 1 Dec.
        (
            "1.2 mediation adviser, 2 months",
            mediation_adviser_contact_due,
            date(2024, 10, 1),
            date(2024, 12, 1),
        ),
        # Further real-calendar cases.
        (
            "final plan over the summer holiday",
            final_plan_due,
            date(2025, 7, 14),
            date(2025, 12, 1),
        ),
        ("final plan across leap day", final_plan_due, date(2024, 1, 10), date(2024, 5, 29)),
        (
            "decision to assess across BST start",
            assessment_decision_due,
            date(2025, 3, 3),
            date(2025, 4, 14),
        ),
        (
            "decision to assess across GMT return",
            assessment_decision_due,
            date(2024, 10, 1),
            date(2024, 11, 12),
        ),
        ("advice across Christmas", assessment_advice_due, date(2024, 12, 20), date(2025, 1, 31)),
        (
            "setting replies within 15 days",
            setting_consultation_due,
            date(2024, 12, 9),
            date(2024, 12, 24),
        ),
        (
            "amendment comments, 15 days beginning with",
            amendment_comments_due,
            date(2024, 11, 29),
            date(2024, 12, 13),
        ),
        (
            "amendment comments across leap day",
            amendment_comments_due,
            date(2024, 2, 20),
            date(2024, 3, 5),
        ),
        (
            "meeting notice 2 weeks before",
            review_meeting_notice_due,
            date(2024, 11, 1),
            date(2024, 10, 18),
        ),
        (
            "papers 2 weeks before, across GMT return",
            review_papers_due,
            date(2024, 11, 1),
            date(2024, 10, 18),
        ),
        (
            "papers 2 weeks before, across new year",
            review_papers_due,
            date(2025, 1, 10),
            date(2024, 12, 27),
        ),
        (
            "phase transfer in a leap year",
            school_phase_transfer_due,
            date(2028, 9, 4),
            date(2028, 2, 14),
        ),
        (
            "secondary to post-16 long-stop",
            post16_phase_transfer_due,
            date(2025, 9, 1),
            date(2025, 3, 30),
        ),
        (
            "post-16 move 31 Jul: end of February",
            post16_move_due,
            date(2025, 7, 31),
            date(2025, 2, 28),
        ),
        (
            "post-16 move 31 Jul 2028: leap day",
            post16_move_due,
            date(2028, 7, 31),
            date(2028, 2, 29),
        ),
        ("post-16 move in January", post16_move_due, date(2026, 1, 6), date(2025, 8, 6)),
        (
            "reassessment decision, 15 days",
            reassessment_decision_due,
            date(2025, 2, 3),
            date(2025, 2, 18),
        ),
        (
            "reassessment decision across leap day",
            reassessment_decision_due,
            date(2024, 2, 20),
            date(2024, 3, 6),
        ),
        (
            "reassessment final plan, 14 weeks",
            reassessment_final_plan_due,
            date(2025, 2, 3),
            date(2025, 5, 12),
        ),
        ("new LA writes within 6 weeks", transfer_notice_due, date(2025, 3, 21), date(2025, 5, 2)),
        (
            "mediation adviser from 31 Dec",
            mediation_adviser_contact_due,
            date(2024, 12, 31),
            date(2025, 2, 28),
        ),
        (
            "mediation adviser into leap February",
            mediation_adviser_contact_due,
            date(2023, 12, 31),
            date(2024, 2, 29),
        ),
        (
            "mediation held across leap day",
            mediation_held_due,
            date(2024, 2, 10),
            date(2024, 3, 11),
        ),
        (
            "act on agreement, no Christmas roll-over",
            mediation_agreement_action_due,
            date(2025, 12, 15),
            date(2025, 12, 29),
        ),
        (
            "ICB tells LA of agreement, 1 week",
            mediation_agreement_icb_notice_due,
            date(2025, 12, 15),
            date(2025, 12, 22),
        ),
        (
            "recommendations answered in 5 weeks",
            recommendation_response_due,
            date(2025, 7, 1),
            date(2025, 8, 5),
        ),
    ],
)
def test_calendar_rules(
    _case: str, rule: Callable[[date], date], trigger: date, expected: date
) -> None:
    assert rule(trigger) == expected


# --- Rules counted in working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "rule", "trigger", "expected"),
    [
        # Spec 1.12: told Fri 20 Dec 2024 -> Mon 23, Tue 24, (25/26 Dec) Fri 27 Dec 2024.
        (
            "1.12 certificate across Christmas 2024",
            mediation_certificate_due,
            date(2024, 12, 20),
            date(2024, 12, 27),
        ),
        (
            "certificate across Christmas 2021 substitutes",
            mediation_certificate_due,
            date(2021, 12, 24),
            date(2021, 12, 31),
        ),
        (
            "certificate across Christmas 2022 substitutes",
            mediation_certificate_due,
            date(2022, 12, 23),
            date(2022, 12, 30),
        ),
        (
            "certificate across the State Funeral",
            mediation_certificate_due,
            date(2022, 9, 16),
            date(2022, 9, 22),
        ),
        (
            "certificate across the jubilee",
            mediation_certificate_due,
            date(2022, 6, 1),
            date(2022, 6, 8),
        ),
        (
            "certificate told on a Saturday",
            mediation_certificate_due,
            date(2025, 3, 1),
            date(2025, 3, 5),
        ),
        (
            "after mediation across Christmas 2025",
            mediation_concluded_certificate_due,
            date(2025, 12, 22),
            date(2025, 12, 29),
        ),
        (
            "deemed certificate across New Year 2021",
            mediation_deemed_certificate_due,
            date(2020, 12, 31),
            date(2021, 1, 6),
        ),
        (
            "health notice across Easter 2025",
            mediation_health_notice_due,
            date(2025, 4, 17),
            date(2025, 4, 24),
        ),
        (
            "LA response to appeal, 30 working days",
            tribunal_response_due,
            date(2024, 12, 2),
            date(2025, 1, 16),
        ),
    ],
)
def test_working_day_rules(
    _case: str,
    rule: Callable[[date, frozenset[date]], date],
    trigger: date,
    expected: date,
) -> None:
    assert rule(trigger, HOLIDAYS) == expected


# --- Annual review --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "plan_made_on", "last_review_concluded_on", "expected"),
    [
        ("Surrey: plan 1 Jan 2019", date(2019, 1, 1), None, date(2019, 12, 31)),
        ("Surrey: reviewed 1 Sep 2019", date(2019, 1, 1), date(2019, 9, 1), date(2020, 8, 31)),
        ("IPSEA: decision 25 Nov 2024", date(2023, 4, 15), date(2024, 11, 25), date(2025, 11, 24)),
        ("plan made on leap day 2024", date(2024, 2, 29), None, date(2025, 2, 28)),
        ("plan made 1 Mar 2027, ends on leap day", date(2027, 3, 1), None, date(2028, 2, 29)),
        (
            "review decided the day the plan was made",
            date(2025, 5, 1),
            date(2025, 5, 1),
            date(2026, 4, 30),
        ),
        ("plan made on BST-start Sunday", date(2025, 3, 30), None, date(2026, 3, 29)),
    ],
)
def test_annual_review_due(
    _case: str, plan_made_on: date, last_review_concluded_on: date | None, expected: date
) -> None:
    assert annual_review_due(plan_made_on, last_review_concluded_on) == expected


def test_annual_review_refuses_a_review_before_the_plan() -> None:
    with pytest.raises(ValueError, match="before the plan was made"):
        annual_review_due(date(2025, 5, 1), date(2025, 4, 30))


@pytest.mark.parametrize(
    ("_case", "notice_sent_on", "long_stop_on", "expected"),
    [
        (
            "1.12: 8 weeks falls before 14 Feb",
            date(2024, 11, 29),
            date(2025, 2, 14),
            date(2025, 1, 24),
        ),
        (
            "late decision: the long-stop wins",
            date(2025, 1, 10),
            date(2025, 2, 14),
            date(2025, 2, 14),
        ),
        (
            "post-16: the 30 March long-stop wins",
            date(2025, 2, 14),
            date(2025, 3, 30),
            date(2025, 3, 30),
        ),
        ("8 weeks equals the long-stop", date(2024, 12, 20), date(2025, 2, 14), date(2025, 2, 14)),
    ],
)
def test_final_amended_plan_with_phase_transfer(
    _case: str, notice_sent_on: date, long_stop_on: date, expected: date
) -> None:
    assert final_amended_plan_due(notice_sent_on, long_stop_on) == expected


@pytest.mark.parametrize(
    ("_case", "long_stop", "notice_sent_on", "expected"),
    [
        # 8 weeks after 10 Jan 2025 is 7 Mar; reg 18(1)(b): before 15 Feb, so 14 Feb.
        ("school move", school_phase_transfer_due, date(2025, 1, 10), date(2025, 2, 14)),
        # 8 weeks after 14 Feb 2025 is 11 Apr; reg 18(1)(a): before 31 Mar, so 30 Mar.
        ("secondary to post-16", post16_phase_transfer_due, date(2025, 2, 14), date(2025, 3, 30)),
        # 8 weeks after 20 Dec 2024 is 14 Feb 2025 itself: on time, not capped earlier.
        (
            "8 weeks ends on the last day",
            school_phase_transfer_due,
            date(2024, 12, 20),
            date(2025, 2, 14),
        ),
    ],
)
def test_final_amended_plan_is_capped_at_the_day_before_the_regulation_date(
    _case: str, long_stop: Callable[[date], date], notice_sent_on: date, expected: date
) -> None:
    """Reg 18(1) says "before" 15 February (31 March): the date it names is already late."""
    capped = final_amended_plan_due(notice_sent_on, long_stop(date(2025, 9, 1)))
    assert capped == expected
    assert (capped.month, capped.day) not in {(2, 15), (3, 31)}


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_phase_transfer_due_dates_are_the_last_day_before_the_regulation_date(year: int) -> None:
    assert school_phase_transfer_due(date(year, 9, 1)) == date(year, 2, 15) - timedelta(days=1)
    assert post16_phase_transfer_due(date(year, 9, 1)) == date(year, 3, 31) - timedelta(days=1)


# --- Transfer between local authorities -----------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "moved_on", "became_aware_on", "expected"),
    [
        (
            "1.12: learns Mon 3 Mar 2025 of a completed move",
            date(2025, 2, 28),
            date(2025, 3, 3),
            date(2025, 3, 21),
        ),
        (
            "told exactly 15 working days before",
            date(2025, 3, 24),
            date(2025, 3, 3),
            date(2025, 3, 24),
        ),
        ("told 14 working days before", date(2025, 3, 21), date(2025, 3, 4), date(2025, 3, 24)),
        (
            "told months before: on the day of the move",
            date(2025, 9, 1),
            date(2025, 7, 1),
            date(2025, 9, 1),
        ),
        (
            "told late, across Christmas 2025",
            date(2026, 1, 5),
            date(2025, 12, 22),
            date(2026, 1, 14),
        ),
        ("told late on a Saturday", date(2025, 3, 3), date(2025, 3, 1), date(2025, 3, 21)),
        (
            "told 15 working days before, across Easter",
            date(2025, 5, 2),
            date(2025, 4, 9),
            date(2025, 5, 2),
        ),
    ],
)
def test_la_transfer_due(_case: str, moved_on: date, became_aware_on: date, expected: date) -> None:
    assert la_transfer_due(moved_on, became_aware_on, HOLIDAYS) == expected


@pytest.mark.parametrize(
    ("_case", "last_reviewed_on", "transferred_on", "expected"),
    [
        ("3 months from transfer is later", date(2024, 6, 1), date(2025, 5, 1), date(2025, 7, 31)),
        ("12 months from review is later", date(2025, 3, 1), date(2025, 4, 1), date(2026, 2, 28)),
        (
            "transfer on 30 Nov: 3 months end 28 Feb",
            date(2024, 1, 10),
            date(2024, 11, 30),
            date(2025, 2, 28),
        ),
    ],
)
def test_transfer_review_due(
    _case: str, last_reviewed_on: date, transferred_on: date, expected: date
) -> None:
    assert transfer_review_due(last_reviewed_on, transferred_on) == expected


# --- Tribunal appeal deadline and roll-overs ------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "day", "expected"),
    [
        ("24 Dec stays", date(2024, 12, 24), date(2024, 12, 24)),
        ("25 Dec 2024 -> Thu 2 Jan 2025", date(2024, 12, 25), date(2025, 1, 2)),
        ("31 Dec 2024 -> Thu 2 Jan 2025", date(2024, 12, 31), date(2025, 1, 2)),
        ("1 Jan 2025 -> Thu 2 Jan 2025", date(2025, 1, 1), date(2025, 1, 2)),
        ("26 Dec 2022 -> Tue 3 Jan 2023 (2 Jan substitute)", date(2022, 12, 26), date(2023, 1, 3)),
        ("1 Jan 2022 -> Tue 4 Jan 2022 (weekend + substitute)", date(2022, 1, 1), date(2022, 1, 4)),
        ("2 Jan 2023 is outside the period, stays", date(2023, 1, 2), date(2023, 1, 2)),
        ("31 Jul stays", date(2025, 7, 31), date(2025, 7, 31)),
        ("1 Aug 2025 -> Mon 1 Sep 2025", date(2025, 8, 1), date(2025, 9, 1)),
        ("31 Aug 2025 -> Mon 1 Sep 2025", date(2025, 8, 31), date(2025, 9, 1)),
        ("15 Aug 2029 -> Mon 3 Sep 2029 (1 Sep Sat)", date(2029, 8, 15), date(2029, 9, 3)),
        ("1 Sep stays", date(2025, 9, 1), date(2025, 9, 1)),
        ("Sunday outside the periods stays", date(2024, 12, 1), date(2024, 12, 1)),
    ],
)
def test_tribunal_holiday_rollover(_case: str, day: date, expected: date) -> None:
    assert tribunal_holiday_rollover(day, HOLIDAYS) == expected


@pytest.mark.parametrize(
    ("_case", "decision_sent_on", "certificate_issued_on", "expected"),
    [
        (
            "1.12 IPSEA: 1 Oct / 29 Nov 2024 -> 2 Jan 2025",
            date(2024, 10, 1),
            date(2024, 11, 29),
            date(2025, 1, 2),
        ),
        (
            "1.12 IPSEA in 2022 -> Tue 3 Jan 2023",
            date(2022, 10, 1),
            date(2022, 11, 29),
            date(2023, 1, 3),
        ),
        (
            "1.12 IPSEA in 2021 -> Tue 4 Jan 2022",
            date(2021, 10, 1),
            date(2021, 11, 29),
            date(2022, 1, 4),
        ),
        (
            "1.2: no certificate, 1 Oct -> 1 Dec (Sunday)",
            date(2024, 10, 1),
            None,
            date(2024, 12, 1),
        ),
        (
            "decision months later than certificate month",
            date(2024, 10, 1),
            date(2024, 10, 15),
            date(2024, 12, 1),
        ),
        (
            "plain certificate month is later",
            date(2025, 9, 1),
            date(2025, 10, 30),
            date(2025, 11, 30),
        ),
        ("2 months end on Christmas Day 2025", date(2025, 10, 25), None, date(2026, 1, 2)),
        ("2 months end on 1 Jan 2027 -> Mon 4 Jan", date(2026, 11, 1), None, date(2027, 1, 4)),
        ("2 months end on Christmas Eve: no roll", date(2024, 10, 24), None, date(2024, 12, 24)),
        ("2 months end on 2 Jan: no roll", date(2024, 11, 2), None, date(2025, 1, 2)),
        ("both in the Christmas period", date(2024, 10, 31), date(2024, 11, 30), date(2025, 1, 2)),
        ("2 months end in August", date(2025, 6, 30), None, date(2025, 9, 1)),
        ("2 months end on 1 Aug", date(2025, 6, 1), None, date(2025, 9, 1)),
        ("August roll past Saturday 1 Sep 2029", date(2029, 6, 30), None, date(2029, 9, 3)),
        ("certificate month ends in August", date(2025, 7, 1), date(2025, 7, 20), date(2025, 9, 1)),
        (
            "rolled decision beats later raw certificate date",
            date(2029, 6, 30),
            date(2029, 8, 2),
            date(2029, 9, 3),
        ),
        ("31 Dec + 2 months clamps to 28 Feb", date(2024, 12, 31), None, date(2025, 2, 28)),
        (
            "certificate on 31 Jan 2024 -> leap day",
            date(2023, 12, 1),
            date(2024, 1, 31),
            date(2024, 2, 29),
        ),
    ],
)
def test_appeal_due(
    _case: str, decision_sent_on: date, certificate_issued_on: date | None, expected: date
) -> None:
    assert appeal_due(decision_sent_on, certificate_issued_on, HOLIDAYS) == expected


# --- Tribunal orders and unopposed appeals --------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (TribunalOrderStep.CEASE, date(2025, 1, 6)),
        (TribunalOrderStep.CONTINUE_TO_MAINTAIN, date(2025, 1, 6)),
        (TribunalOrderStep.ASSESS_NOTIFY, date(2025, 1, 20)),
        (TribunalOrderStep.ASSESS_NO_PLAN, date(2025, 3, 17)),
        (TribunalOrderStep.ASSESS_FINAL_PLAN, date(2025, 4, 14)),
        (TribunalOrderStep.MAKE_PLAN_DRAFT, date(2025, 2, 10)),
        (TribunalOrderStep.MAKE_PLAN_FINAL, date(2025, 3, 24)),
        (TribunalOrderStep.AMEND_CONTENTS, date(2025, 2, 10)),
        (TribunalOrderStep.AMEND_SETTING, date(2025, 1, 20)),
    ],
    ids=str,
)
def test_tribunal_order_due(step: TribunalOrderStep, expected: date) -> None:
    assert tribunal_order_due(date(2025, 1, 6), step) == expected
    assert RULES[f"tribunal_order_{step}"].function(date(2025, 1, 6)) == expected


def test_tribunal_order_weeks_match_the_spec() -> None:
    assert dict(TRIBUNAL_ORDER_WEEKS) == {
        "cease": 0,
        "continue_to_maintain": 0,
        "assess_notify": 2,
        "assess_no_plan": 10,
        "assess_final_plan": 14,
        "make_plan_draft": 5,
        "make_plan_final": 11,
        "amend_contents": 5,
        "amend_setting": 2,
    }


def test_tribunal_order_accepts_the_step_as_text_and_refuses_unknown_steps() -> None:
    due = tribunal_order_due(date(2025, 1, 6), "amend_setting")  # type: ignore[arg-type]
    assert due == date(2025, 1, 20)
    with pytest.raises(ValueError, match="'amend_everything' is not a valid TribunalOrderStep"):
        tribunal_order_due(date(2025, 1, 6), "amend_everything")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (UnopposedAppealStep.ASSESS_OR_REVIEW, date(2025, 3, 31)),
        (UnopposedAppealStep.AMEND_CONTENTS, date(2025, 3, 31)),
        (UnopposedAppealStep.AMEND_SETTING, date(2025, 3, 17)),
    ],
    ids=str,
)
def test_unopposed_appeal_due(step: UnopposedAppealStep, expected: date) -> None:
    assert unopposed_appeal_due(date(2025, 3, 3), step) == expected
    assert RULES[f"unopposed_appeal_{step}"].function(date(2025, 3, 3)) == expected
    assert UNOPPOSED_APPEAL_WEEKS[step] in {2, 4}


# --- Exceptions -----------------------------------------------------------------------------------

E = ExceptionKind


@pytest.mark.parametrize(
    ("_case", "rule_key", "kind", "expected"),
    [
        ("6-week decision: school closed", "assessment_decision", E.SETTING_CLOSED, True),
        ("6-week decision: early years closed", "assessment_decision", E.EARLY_YEARS_CLOSED, True),
        ("6-week decision: personal", "assessment_decision", E.PERSONAL_CIRCUMSTANCES, True),
        ("6-week decision: absent", "assessment_decision", E.ABSENT_FROM_AREA, True),
        ("6-week decision: missed appointment", "assessment_decision", E.MISSED_APPOINTMENT, False),
        ("advice: no closure exception", "assessment_advice", E.SETTING_CLOSED, False),
        ("advice: no early years closure", "assessment_advice", E.EARLY_YEARS_CLOSED, False),
        ("advice: missed appointment", "assessment_advice", E.MISSED_APPOINTMENT, True),
        ("advice: personal, given as text", "assessment_advice", "personal_circumstances", True),
        ("advice: absent", "assessment_advice", E.ABSENT_FROM_AREA, True),
        ("no-plan notice: absent", "no_plan_notice", E.ABSENT_FROM_AREA, True),
        ("20 weeks: school closed", "final_plan", E.SETTING_CLOSED, True),
        ("20 weeks: not representations", "final_plan", E.REPRESENTATIONS_AFTER_ORDER, False),
        ("reassessment plan: early years", "reassessment_final_plan", E.EARLY_YEARS_CLOSED, True),
        ("reassessment decision: none", "reassessment_decision", E.PERSONAL_CIRCUMSTANCES, False),
        ("draft comments: none", "draft_plan_comments", E.PERSONAL_CIRCUMSTANCES, False),
        ("appeal: none", "appeal", E.PERSONAL_CIRCUMSTANCES, False),
        ("mediation held: none", "mediation_held", E.ABSENT_FROM_AREA, False),
        (
            "order to amend: representations",
            "tribunal_order_amend_contents",
            E.REPRESENTATIONS_AFTER_ORDER,
            True,
        ),
        ("order to make plan: absent", "tribunal_order_make_plan_final", E.ABSENT_FROM_AREA, True),
        (
            "order to assess: personal",
            "tribunal_order_assess_notify",
            E.PERSONAL_CIRCUMSTANCES,
            True,
        ),
        (
            "order to assess: not school closure",
            "tribunal_order_assess_notify",
            E.SETTING_CLOSED,
            False,
        ),
        ("cease immediately: none", "tribunal_order_cease", E.PERSONAL_CIRCUMSTANCES, False),
        (
            "maintain immediately: none",
            "tribunal_order_continue_to_maintain",
            E.ABSENT_FROM_AREA,
            False,
        ),
        (
            "unopposed appeal: none",
            "unopposed_appeal_amend_contents",
            E.PERSONAL_CIRCUMSTANCES,
            False,
        ),
    ],
)
def test_exception_applies(
    _case: str, rule_key: str, kind: ExceptionKind | str, expected: bool
) -> None:
    assert exception_applies(rule_key, kind) is expected


def test_exception_applies_refuses_unknown_rules_and_kinds() -> None:
    with pytest.raises(ValueError, match="Unknown deadline rule 'final_plan_due'"):
        exception_applies("final_plan_due", E.PERSONAL_CIRCUMSTANCES)
    with pytest.raises(ValueError, match="is not a valid ExceptionKind"):
        exception_applies("final_plan", "school_holiday")


def test_every_excepted_rule_exists() -> None:
    assert set(EXCEPTIONS_BY_RULE) <= set(RULES)


@pytest.mark.parametrize(
    ("_case", "closes_on", "reopens_on", "expected"),
    [
        (
            "summer 2025",
            date(2025, 7, 22),
            date(2025, 9, 3),
            (date(2025, 7, 15), date(2025, 8, 27)),
        ),
        (
            "exactly 4 weeks",
            date(2025, 7, 21),
            date(2025, 8, 18),
            (date(2025, 7, 14), date(2025, 8, 11)),
        ),
        ("4 weeks less a day", date(2025, 7, 21), date(2025, 8, 17), None),
        ("half term", date(2025, 10, 27), date(2025, 11, 3), None),
    ],
)
def test_closure_exception_window(
    _case: str, closes_on: date, reopens_on: date, expected: tuple[date, date] | None
) -> None:
    assert closure_exception_window(closes_on, reopens_on) == expected


def test_closure_exception_window_refuses_reopening_before_closing() -> None:
    with pytest.raises(ValueError, match="reopen after it closes"):
        closure_exception_window(date(2025, 9, 3), date(2025, 9, 3))


@pytest.mark.parametrize(
    ("_case", "requested_on", "closes_on", "reopens_on", "expected"),
    [
        ("first day of the window", date(2025, 7, 15), date(2025, 7, 22), date(2025, 9, 3), True),
        ("last day of the window", date(2025, 8, 27), date(2025, 7, 22), date(2025, 9, 3), True),
        ("day before the window", date(2025, 7, 14), date(2025, 7, 22), date(2025, 9, 3), False),
        ("day after the window", date(2025, 8, 28), date(2025, 7, 22), date(2025, 9, 3), False),
        ("closure too short", date(2025, 10, 27), date(2025, 10, 27), date(2025, 11, 3), False),
    ],
)
def test_advice_requested_during_closure(
    _case: str, requested_on: date, closes_on: date, reopens_on: date, expected: bool
) -> None:
    assert advice_requested_during_closure(requested_on, closes_on, reopens_on) is expected


# --- The registry ---------------------------------------------------------------------------------


def _call(rule: Rule) -> date:
    """Call a rule's function with a sample date for every required argument."""
    arguments = [
        HOLIDAYS if name == "holidays" else date(2025, 3, 3)
        for name, parameter in inspect.signature(rule.function).parameters.items()
        if parameter.default is inspect.Parameter.empty
    ]
    return rule.function(*arguments)


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.key)
def test_every_rule_is_listed_with_its_basis_and_computes_a_date(rule: Rule) -> None:
    assert RULES[rule.key] is rule
    assert rule.title[:1].isupper()
    assert not rule.title.endswith(".")
    assert rule.legal_basis
    assert rule.plain_english.endswith(".")
    assert isinstance(rule.duty, Duty)
    assert isinstance(_call(rule), date)


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.key)
def test_every_rule_function_documents_its_source_and_counting(rule: Rule) -> None:
    function = rule.function.func if isinstance(rule.function, partial) else rule.function
    if not isinstance(rule.function, partial):
        assert function.__name__ == f"{rule.key}_due"
    assert getattr(deadlines, function.__name__) is function
    doc = inspect.getdoc(function) or ""
    assert "Source" in doc or "source" in doc
    assert "Counting:" in doc


@pytest.mark.parametrize(
    "rule", [r for r in RULES.values() if r.duty is Duty.MUST], ids=lambda rule: rule.key
)
def test_every_binding_rule_cites_a_legal_instrument_not_practice(rule: Rule) -> None:
    assert "practice" not in rule.legal_basis.lower()
    assert re.search(r"\b(Act|Regulations|Rules) 20\d\d\b", rule.legal_basis)


@pytest.mark.parametrize(
    ("key", "legal_basis"),
    [
        ("mediation_health_notice", "SEND Regulations 2014, regulation 35"),
        (
            "mediation_held",
            "SEND Regulations 2014, regulation 36 (regulation 35 if it is about health care)",
        ),
        ("mediation_deemed_certificate", "SEND Regulations 2014, regulation 37"),
        ("mediation_concluded_certificate", "SEND Regulations 2014, regulation 39"),
        (
            "tribunal_response",
            "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) "
            "Rules 2008, rule 21(1)(a) and the Schedule",
        ),
    ],
)
def test_rules_cite_the_exact_provision(key: str, legal_basis: str) -> None:
    assert RULES[key].legal_basis == legal_basis
    assert "32 to 42" not in RULES[key].legal_basis


@pytest.mark.parametrize(
    ("key", "last_day", "too_late"),
    [
        ("school_phase_transfer", "14 February", "15 February"),
        ("post16_phase_transfer", "30 March", "31 March"),
    ],
)
def test_phase_transfer_wording_says_before_and_gives_the_last_day(
    key: str, last_day: str, too_late: str
) -> None:
    wording = RULES[key].plain_english
    assert f"before {too_late}" in wording
    assert f"{last_day} at the latest" in wording
    assert f"by {too_late}" not in wording


def test_final_amended_plan_wording_gives_the_phase_transfer_cap() -> None:
    rule = RULES["final_amended_plan"]
    assert "no later than 14 February" in rule.plain_english
    assert "30 March" in rule.plain_english
    assert "regulation 18(1)" in rule.legal_basis


def test_rule_duties() -> None:
    not_binding = {key: rule.duty for key, rule in RULES.items() if rule.duty is not Duty.MUST}
    assert not_binding == {
        "draft_plan_target": Duty.TARGET,
        "setting_consultation": Duty.SHOULD,
        "recommendation_response": Duty.SHOULD,
    }


def test_rules_cover_the_brief() -> None:
    assert {
        "assessment_decision",
        "assessment_advice",
        "no_plan_notice",
        "draft_plan_comments",
        "setting_consultation",
        "final_plan",
        "annual_review",
        "review_papers",
        "review_report",
        "review_decision",
        "final_amended_plan",
        "school_phase_transfer",
        "post16_phase_transfer",
        "post16_move",
        "reassessment_decision",
        "reassessment_final_plan",
        "la_transfer",
        "transfer_notice",
        "transfer_review",
        "mediation_adviser_contact",
        "mediation_certificate",
        "mediation_held",
        "mediation_concluded_certificate",
        "mediation_agreement_action",
        "appeal",
        "subject_access",
    } <= set(RULES)


def test_rules_are_frozen() -> None:
    with pytest.raises(AttributeError):
        RULES["final_plan"].title = "Something else"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("_case", "received_on", "extended", "expected"),
    [
        ("ICO: corresponding day next month", date(2025, 9, 3), False, date(2025, 10, 3)),
        ("ICO: 31 March has no 31 April", date(2025, 3, 31), False, date(2025, 4, 30)),
        ("a Saturday moves to the Monday", date(2025, 9, 6), False, date(2025, 10, 6)),
        ("a bank holiday moves on", date(2025, 11, 25), False, date(2025, 12, 29)),
        ("extended by two months", date(2025, 1, 31), True, date(2025, 4, 30)),
    ],
)
def test_subject_access_due(_case, received_on, extended, expected) -> None:
    assert subject_access_due(received_on, HOLIDAYS, extended=extended) == expected


def test_who_acts_names_the_party_or_the_rule_s_own_wording():
    rules, party = deadlines.RULES, deadlines.Party
    assert deadlines.who_acts(rules["recommendation_response"]) == (
        "The health or social care service"
    )
    plain = next(rule for rule in rules.values() if not rule.who and rule.party == party.COUNCIL)
    assert deadlines.who_acts(plain) == "The council" == deadlines.PARTY_NAMES[party.COUNCIL]
    windows = deadlines.FAMILY_WINDOWS
    family = next(rule for rule in rules.values() if rule.key in windows and not rule.who)
    assert deadlines.who_acts(family) == "You"
    assert all(rules[key].party == party.FAMILY for key in windows)
