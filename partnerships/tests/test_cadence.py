"""Meeting cadence: pure date arithmetic over the shipped England and Wales bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from partnerships.cadence import MAX_MEETINGS_PER_SERIES, meeting_dates, move_to_working_day
from sendcpp.calendar import read_bank_holidays_file

HOLIDAYS = frozenset(day for day, _title in read_bank_holidays_file())


def test_the_shipped_holidays_hold_the_dates_these_tests_rely_on():
    assert {
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: substitute Monday
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
    } <= HOLIDAYS
    assert date(2026, 12, 26) not in HOLIDAYS


def test_a_six_weekly_friday_series_over_christmas_2026():
    dates = meeting_dates(date(2026, 11, 13), interval_weeks=6, count=4, holidays=HOLIDAYS)
    assert [(d.planned_on, d.meets_on) for d in dates] == [
        (date(2026, 11, 13), date(2026, 11, 13)),
        # Christmas Day (Fri), then the weekend, then the substitute Boxing Day (Mon 28).
        (date(2026, 12, 25), date(2026, 12, 29)),
        (date(2027, 2, 5), date(2027, 2, 5)),
        (date(2027, 3, 19), date(2027, 3, 19)),
    ]
    moved = dates[1]
    assert moved.was_moved
    assert moved.moved_reason == (
        "Moved from Friday 25 December 2026 (a bank holiday) to the next working day, "
        "Tuesday 29 December 2026."
    )
    assert not dates[0].was_moved
    assert dates[0].moved_reason == ""


def test_a_six_weekly_series_over_new_year_and_easter_2027():
    dates = meeting_dates(date(2026, 11, 20), interval_weeks=6, count=5, holidays=HOLIDAYS)
    assert [d.meets_on for d in dates] == [
        date(2026, 11, 20),
        date(2027, 1, 4),  # New Year's Day (Fri 1 Jan) -> Monday 4 January
        date(2027, 2, 12),
        date(2027, 3, 30),  # Good Friday (26 Mar) and Easter Monday (29 Mar) -> Tuesday 30
        date(2027, 5, 7),
    ]
    assert [d.planned_on for d in dates] == [
        date(2026, 11, 20),
        date(2027, 1, 1),
        date(2027, 2, 12),
        date(2027, 3, 26),
        date(2027, 5, 7),
    ]
    assert "Friday 26 March 2027 (a bank holiday)" in dates[3].moved_reason
    assert dates[3].moved_reason.endswith("Tuesday 30 March 2027.")


NON_WORKING_DAYS = [
    ("_case Boxing Day on a Saturday", date(2026, 12, 26), "at a weekend"),
    ("_case Sunday 27 December 2026", date(2026, 12, 27), "at a weekend"),
    ("_case substitute Boxing Day", date(2026, 12, 28), "a bank holiday"),
    ("_case Easter Monday 2027", date(2027, 3, 29), "a bank holiday"),
]


@pytest.mark.parametrize(
    ("label", "day", "why"), NON_WORKING_DAYS, ids=[case[0] for case in NON_WORKING_DAYS]
)
def test_a_meeting_that_falls_on_a_non_working_day_moves_forward(label, day, why):
    result = move_to_working_day(day, HOLIDAYS)
    assert result.planned_on == day
    assert result.meets_on > day
    assert why in result.moved_reason
    assert result.meets_on.weekday() < 5
    assert result.meets_on not in HOLIDAYS


def test_saturday_26_december_2026_moves_to_tuesday_29():
    assert move_to_working_day(date(2026, 12, 26), HOLIDAYS).meets_on == date(2026, 12, 29)


def test_a_bank_holiday_at_a_weekend_says_so():
    holidays = frozenset({date(2027, 1, 2)})
    result = move_to_working_day(date(2027, 1, 2), holidays)
    assert "a bank holiday at a weekend" in result.moved_reason
    assert result.meets_on == date(2027, 1, 4)


def test_one_moved_meeting_does_not_push_the_rest_of_the_series():
    dates = meeting_dates(date(2026, 12, 25), interval_weeks=1, count=3, holidays=HOLIDAYS)
    assert [d.meets_on for d in dates] == [date(2026, 12, 29), date(2027, 1, 4), date(2027, 1, 8)]


def test_a_working_day_stays_put():
    result = move_to_working_day(date(2027, 2, 3), HOLIDAYS)
    assert result.meets_on == result.planned_on == date(2027, 2, 3)
    assert not result.was_moved


@pytest.mark.parametrize(
    ("interval", "count"),
    [(0, 3), (-1, 3), (6, 0), (6, MAX_MEETINGS_PER_SERIES + 1)],
    ids=["_case zero interval", "_case negative interval", "_case no meetings", "_case too many"],
)
def test_impossible_series_are_refused(interval, count):
    with pytest.raises(ValueError, match=r"(?i)meetings"):
        meeting_dates(date(2027, 1, 6), interval_weeks=interval, count=count, holidays=HOLIDAYS)


def test_a_series_past_the_end_of_the_calendar_is_refused():
    with pytest.raises(ValueError, match="end of the calendar"):
        meeting_dates(date(9999, 12, 1), interval_weeks=52, count=3, holidays=HOLIDAYS)
