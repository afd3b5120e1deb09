"""Calendar arithmetic over real England and Wales calendars: month ends, leap days, bank
holidays with substitute days, the 2022 jubilee and state funeral, and clock-change weekends.

Pure tests: no database and no Django settings (run with ``-p no:django``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sendcpp.calendar import (
    ENGLAND_AND_WALES,
    SHIPPED_BANK_HOLIDAYS,
    add_calendar_months,
    add_days,
    add_weeks,
    add_working_days,
    count_working_days,
    days_in_month,
    is_weekend,
    is_working_day,
    last_day_of_days_beginning_with,
    last_day_of_months_beginning_with,
    last_working_day_beginning_with,
    load_bank_holidays_json,
    long_date,
    read_bank_holidays_file,
    subtract_working_days,
    working_day_on_or_after,
)

SHIPPED = read_bank_holidays_file()
HOLIDAYS = frozenset(day for day, _ in SHIPPED)


# --- Dates in words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "weekday", "words"),
    [
        (date(2026, 12, 7), False, "7 December 2026"),
        (date(2026, 12, 7), True, "Monday 7 December 2026"),
        (date(2027, 1, 1), True, "Friday 1 January 2027"),
        (date(2028, 2, 29), False, "29 February 2028"),
    ],
)
def test_a_date_in_words_has_no_leading_zero_and_no_commas(day, weekday, words):
    assert long_date(day, weekday=weekday) == words


def test_a_bank_holiday_is_named_with_its_date_in_words():
    from sendcpp.models import BankHoliday

    assert str(BankHoliday(date=date(2026, 12, 25), title="Christmas Day")) == (
        "Christmas Day (25 December 2026)"
    )
    assert str(BankHoliday(date=date(2027, 1, 1), title="New Year's Day")) == (
        "New Year's Day (1 January 2027)"
    )


# --- Calendar days, weeks and months --------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "start", "months", "expected"),
    [
        ("1 Oct + 2 months (spec 1.2)", date(2024, 10, 1), 2, date(2024, 12, 1)),
        ("31 Jan + 1 month, common year", date(2025, 1, 31), 1, date(2025, 2, 28)),
        ("31 Jan + 1 month, leap year", date(2024, 1, 31), 1, date(2024, 2, 29)),
        ("30 Jan + 1 month, leap year", date(2024, 1, 30), 1, date(2024, 2, 29)),
        ("31 Mar + 1 month (30-day April)", date(2025, 3, 31), 1, date(2025, 4, 30)),
        ("31 Dec + 2 months across the year", date(2024, 12, 31), 2, date(2025, 2, 28)),
        ("15 Nov + 3 months across the year", date(2024, 11, 15), 3, date(2025, 2, 15)),
        ("29 Feb 2024 + 12 months", date(2024, 2, 29), 12, date(2025, 2, 28)),
        ("29 Feb 2024 + 48 months (2028 leap)", date(2024, 2, 29), 48, date(2028, 2, 29)),
        ("28 Feb 2027 + 12 months into 2028", date(2027, 2, 28), 12, date(2028, 2, 28)),
        ("31 Aug + 6 months", date(2025, 8, 31), 6, date(2026, 2, 28)),
        ("zero months", date(2025, 5, 31), 0, date(2025, 5, 31)),
        ("31 Jul - 5 months", date(2025, 7, 31), -5, date(2025, 2, 28)),
        ("31 Jul 2028 - 5 months (leap)", date(2028, 7, 31), -5, date(2028, 2, 29)),
        ("15 Jan - 1 month into last year", date(2025, 1, 15), -1, date(2024, 12, 15)),
        ("30 Mar 2025 BST starts + 1 month", date(2025, 3, 30), 1, date(2025, 4, 30)),
        ("26 Oct 2025 GMT resumes + 1 month", date(2025, 10, 26), 1, date(2025, 11, 26)),
    ],
)
def test_add_calendar_months(_case: str, start: date, months: int, expected: date) -> None:
    assert add_calendar_months(start, months) == expected


@pytest.mark.parametrize(
    ("_case", "start", "months", "expected"),
    [
        ("12 months from 1 Jan 2019 (Surrey)", date(2019, 1, 1), 12, date(2019, 12, 31)),
        ("12 months from 1 Sep 2019 (Surrey)", date(2019, 9, 1), 12, date(2020, 8, 31)),
        ("12 months from 25 Nov 2024 (IPSEA)", date(2024, 11, 25), 12, date(2025, 11, 24)),
        ("12 months from 1 Mar 2023 end on leap day", date(2023, 3, 1), 12, date(2024, 2, 29)),
        ("12 months from 1 Mar 2024", date(2024, 3, 1), 12, date(2025, 2, 28)),
        ("12 months from leap day 2024", date(2024, 2, 29), 12, date(2025, 2, 28)),
        ("48 months from leap day 2024", date(2024, 2, 29), 48, date(2028, 2, 28)),
        ("1 month from 31 Jan, common year", date(2025, 1, 31), 1, date(2025, 2, 28)),
        ("1 month from 30 Jan, leap year", date(2024, 1, 30), 1, date(2024, 2, 29)),
        ("1 month from 1 Feb, leap year", date(2024, 2, 1), 1, date(2024, 2, 29)),
        ("3 months from 30 Nov across the year", date(2024, 11, 30), 3, date(2025, 2, 28)),
        ("3 months from 1 Dec", date(2024, 12, 1), 3, date(2025, 2, 28)),
        ("1 month from clock-change Sunday", date(2025, 3, 30), 1, date(2025, 4, 29)),
    ],
)
def test_last_day_of_months_beginning_with(
    _case: str, start: date, months: int, expected: date
) -> None:
    assert last_day_of_months_beginning_with(start, months) == expected


def test_last_day_of_months_beginning_with_needs_a_month() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        last_day_of_months_beginning_with(date(2025, 1, 1), 0)


@pytest.mark.parametrize(
    ("_case", "start", "days", "expected"),
    [
        ("30 days from 10 Jan 2025 (spec 1.12)", date(2025, 1, 10), 30, date(2025, 2, 9)),
        ("30 days from 31 Jan 2024 across leap day", date(2024, 1, 31), 30, date(2024, 3, 1)),
        ("1 day across the year", date(2024, 12, 31), 1, date(2025, 1, 1)),
        ("across BST start", date(2025, 3, 29), 2, date(2025, 3, 31)),
        ("zero days", date(2025, 6, 1), 0, date(2025, 6, 1)),
    ],
)
def test_add_days(_case: str, start: date, days: int, expected: date) -> None:
    assert add_days(start, days) == expected


@pytest.mark.parametrize(
    ("_case", "start", "days", "expected"),
    [
        ("15 days beginning Mon 9 Dec 2024 (spec)", date(2024, 12, 9), 15, date(2024, 12, 23)),
        ("15 days beginning 20 Feb 2024 over leap", date(2024, 2, 20), 15, date(2024, 3, 5)),
        ("15 days beginning 20 Feb 2025", date(2025, 2, 20), 15, date(2025, 3, 6)),
        ("1 day beginning with a day is that day", date(2025, 6, 1), 1, date(2025, 6, 1)),
        ("15 days beginning 24 Oct 2025 over GMT", date(2025, 10, 24), 15, date(2025, 11, 7)),
    ],
)
def test_last_day_of_days_beginning_with(
    _case: str, start: date, days: int, expected: date
) -> None:
    assert last_day_of_days_beginning_with(start, days) == expected


def test_last_day_of_days_beginning_with_needs_a_day() -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        last_day_of_days_beginning_with(date(2025, 1, 1), 0)


@pytest.mark.parametrize(
    ("_case", "start", "weeks", "expected"),
    [
        ("6 weeks from Mon 2 Sep 2024 (spec)", date(2024, 9, 2), 6, date(2024, 10, 14)),
        ("20 weeks across Christmas (spec)", date(2024, 9, 2), 20, date(2025, 1, 20)),
        ("1 week across BST start", date(2025, 3, 24), 1, date(2025, 3, 31)),
        ("1 week across GMT return", date(2024, 10, 25), 1, date(2024, 11, 1)),
        ("1 week across leap day", date(2024, 2, 26), 1, date(2024, 3, 4)),
        ("2 weeks back", date(2025, 1, 10), -2, date(2024, 12, 27)),
    ],
)
def test_add_weeks(_case: str, start: date, weeks: int, expected: date) -> None:
    assert add_weeks(start, weeks) == expected


@pytest.mark.parametrize(
    ("_case", "year", "month", "expected"),
    [
        ("February 2024 (leap)", 2024, 2, 29),
        ("February 2025", 2025, 2, 28),
        ("February 2028 (leap)", 2028, 2, 29),
        ("February 2100 (century, not leap)", 2100, 2, 28),
        ("February 2000 (400-year leap)", 2000, 2, 29),
        ("April", 2025, 4, 30),
        ("December", 2025, 12, 31),
        ("January", 2025, 1, 31),
    ],
)
def test_days_in_month(_case: str, year: int, month: int, expected: int) -> None:
    assert days_in_month(year, month) == expected


# --- Working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "day", "weekend", "working"),
    [
        ("ordinary Monday", date(2025, 3, 3), False, True),
        ("Saturday", date(2025, 3, 1), True, False),
        ("Sunday", date(2025, 3, 2), True, False),
        ("BST starts (Sunday)", date(2025, 3, 30), True, False),
        ("Monday after BST starts", date(2025, 3, 31), False, True),
        ("GMT resumes (Sunday)", date(2025, 10, 26), True, False),
        ("Monday after GMT resumes", date(2025, 10, 27), False, True),
        ("Good Friday 2025", date(2025, 4, 18), False, False),
        ("Easter Monday 2025", date(2025, 4, 21), False, False),
        ("Christmas Eve 2024 (working)", date(2024, 12, 24), False, True),
        ("Christmas Day 2024", date(2024, 12, 25), False, False),
        ("Boxing Day 2024", date(2024, 12, 26), False, False),
        ("Christmas 2021 substitute Mon 27 Dec", date(2021, 12, 27), False, False),
        ("Boxing Day 2021 substitute Tue 28 Dec", date(2021, 12, 28), False, False),
        ("New Year 2022 substitute Mon 3 Jan", date(2022, 1, 3), False, False),
        ("Christmas 2022 substitute Tue 27 Dec", date(2022, 12, 27), False, False),
        ("New Year 2023 substitute Mon 2 Jan", date(2023, 1, 2), False, False),
        ("Spring bank holiday moved: Mon 30 May 2022", date(2022, 5, 30), False, True),
        ("Spring bank holiday Thu 2 Jun 2022", date(2022, 6, 2), False, False),
        ("Platinum Jubilee Fri 3 Jun 2022", date(2022, 6, 3), False, False),
        ("State Funeral Mon 19 Sep 2022", date(2022, 9, 19), False, False),
        ("VE Day moved: Mon 4 May 2020", date(2020, 5, 4), False, True),
        ("VE Day Fri 8 May 2020", date(2020, 5, 8), False, False),
        ("Coronation Mon 8 May 2023", date(2023, 5, 8), False, False),
        ("Summer bank holiday 2025", date(2025, 8, 25), False, False),
    ],
)
def test_weekends_and_working_days(_case: str, day: date, weekend: bool, working: bool) -> None:
    assert is_weekend(day) is weekend
    assert is_working_day(day, HOLIDAYS) is working


@pytest.mark.parametrize(
    ("_case", "day", "expected"),
    [
        ("a working day is itself", date(2021, 12, 31), date(2021, 12, 31)),
        ("Saturday before Christmas 2024", date(2024, 12, 21), date(2024, 12, 23)),
        ("Christmas Day 2024", date(2024, 12, 25), date(2024, 12, 27)),
        ("Christmas Day 2021 (Saturday)", date(2021, 12, 25), date(2021, 12, 29)),
        ("New Year's Day 2022 (Saturday)", date(2022, 1, 1), date(2022, 1, 4)),
        ("Good Friday 2025", date(2025, 4, 18), date(2025, 4, 22)),
        ("Jubilee Thursday 2022", date(2022, 6, 2), date(2022, 6, 6)),
        ("BST-start Sunday", date(2025, 3, 30), date(2025, 3, 31)),
    ],
)
def test_working_day_on_or_after(_case: str, day: date, expected: date) -> None:
    assert working_day_on_or_after(day, HOLIDAYS) == expected


@pytest.mark.parametrize(
    ("_case", "start", "days", "expected"),
    [
        ("3 after Fri 20 Dec 2024 (spec 1.12)", date(2024, 12, 20), 3, date(2024, 12, 27)),
        ("3 after Fri 23 Dec 2022", date(2022, 12, 23), 3, date(2022, 12, 30)),
        ("1 after Fri 24 Dec 2021", date(2021, 12, 24), 1, date(2021, 12, 29)),
        ("3 after Thu 31 Dec 2020", date(2020, 12, 31), 3, date(2021, 1, 6)),
        ("1 after Thu 17 Apr 2025 (Easter)", date(2025, 4, 17), 1, date(2025, 4, 22)),
        ("1 after Wed 1 Jun 2022 (jubilee)", date(2022, 6, 1), 1, date(2022, 6, 6)),
        ("1 after Fri 16 Sep 2022 (funeral)", date(2022, 9, 16), 1, date(2022, 9, 20)),
        ("1 after Fri 28 Mar 2025 (BST)", date(2025, 3, 28), 1, date(2025, 3, 31)),
        ("start on a Saturday", date(2025, 1, 4), 1, date(2025, 1, 6)),
        ("start on a bank holiday", date(2024, 12, 25), 1, date(2024, 12, 27)),
        ("5 after Mon is next Mon", date(2025, 3, 3), 5, date(2025, 3, 10)),
        ("30 after Mon 2 Dec 2024", date(2024, 12, 2), 30, date(2025, 1, 16)),
        ("zero is the start day", date(2025, 1, 4), 0, date(2025, 1, 4)),
    ],
)
def test_add_working_days(_case: str, start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days, HOLIDAYS) == expected


def test_add_working_days_refuses_negative() -> None:
    with pytest.raises(ValueError, match="subtract_working_days"):
        add_working_days(date(2025, 1, 6), -1, HOLIDAYS)


@pytest.mark.parametrize(
    ("_case", "start", "days", "expected"),
    [
        ("15 beginning Mon 3 Mar 2025 (spec)", date(2025, 3, 3), 15, date(2025, 3, 21)),
        ("15 beginning Sat 1 Mar 2025", date(2025, 3, 1), 15, date(2025, 3, 21)),
        ("1 beginning a working day", date(2025, 3, 3), 1, date(2025, 3, 3)),
        ("1 beginning Good Friday", date(2025, 4, 18), 1, date(2025, 4, 22)),
        ("15 beginning Mon 16 Dec 2024", date(2024, 12, 16), 15, date(2025, 1, 8)),
        ("15 beginning Mon 23 May 2022", date(2022, 5, 23), 15, date(2022, 6, 14)),
    ],
)
def test_last_working_day_beginning_with(
    _case: str, start: date, days: int, expected: date
) -> None:
    assert last_working_day_beginning_with(start, days, HOLIDAYS) == expected


def test_last_working_day_beginning_with_needs_a_day() -> None:
    with pytest.raises(ValueError, match="at least 1 working day"):
        last_working_day_beginning_with(date(2025, 3, 3), 0, HOLIDAYS)


@pytest.mark.parametrize(
    ("_case", "start", "days", "expected"),
    [
        ("15 before Mon 24 Mar 2025", date(2025, 3, 24), 15, date(2025, 3, 3)),
        ("1 before Tue 22 Apr 2025 (Easter)", date(2025, 4, 22), 1, date(2025, 4, 17)),
        ("1 before Wed 29 Dec 2021", date(2021, 12, 29), 1, date(2021, 12, 24)),
        ("1 before Tue 20 Sep 2022 (funeral)", date(2022, 9, 20), 1, date(2022, 9, 16)),
        ("zero is the start day", date(2025, 3, 1), 0, date(2025, 3, 1)),
    ],
)
def test_subtract_working_days(_case: str, start: date, days: int, expected: date) -> None:
    assert subtract_working_days(start, days, HOLIDAYS) == expected


def test_subtract_working_days_refuses_negative() -> None:
    with pytest.raises(ValueError, match="add_working_days"):
        subtract_working_days(date(2025, 1, 6), -1, HOLIDAYS)


@pytest.mark.parametrize(
    ("_case", "start", "end", "expected"),
    [
        ("Christmas week 2024", date(2024, 12, 20), date(2024, 12, 27), 3),
        ("jubilee week 2022", date(2022, 6, 1), date(2022, 6, 8), 3),
        ("same day", date(2025, 3, 3), date(2025, 3, 3), 0),
        ("end before start", date(2025, 3, 10), date(2025, 3, 3), 0),
        ("a whole ordinary week", date(2025, 3, 2), date(2025, 3, 9), 5),
    ],
)
def test_count_working_days(_case: str, start: date, end: date, expected: int) -> None:
    assert count_working_days(start, end, HOLIDAYS) == expected


@pytest.mark.parametrize("days", [1, 3, 15, 30])
def test_working_day_arithmetic_is_consistent_through_2022(days: int) -> None:
    day = date(2022, 1, 1)
    while day.year == 2022:
        forward = add_working_days(day, days, HOLIDAYS)
        assert count_working_days(day, forward, HOLIDAYS) == days
        assert is_working_day(forward, HOLIDAYS)
        if is_working_day(day, HOLIDAYS):
            assert add_working_days(subtract_working_days(day, days, HOLIDAYS), days, HOLIDAYS) == (
                day
            )
        day = add_days(day, 1)


# --- The gov.uk bank-holidays JSON format ---------------------------------------------------------


def _feed(*events: object, division: object = ENGLAND_AND_WALES) -> dict[str, object]:
    return {
        ENGLAND_AND_WALES: {"division": division, "events": list(events)},
        "scotland": {"division": "scotland", "events": [{"title": "St Andrew's Day"}]},
    }


def test_load_bank_holidays_json_reads_england_and_wales_only_sorted() -> None:
    data = _feed(
        {"title": " Boxing Day ", "date": "2025-12-26", "notes": "", "bunting": True},
        {"title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": True},
    )
    assert load_bank_holidays_json(data) == [
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
    ]


def test_load_bank_holidays_json_accepts_a_division_without_its_name() -> None:
    data = {ENGLAND_AND_WALES: {"events": [{"title": "Good Friday", "date": "2025-04-18"}]}}
    assert load_bank_holidays_json(data) == [(date(2025, 4, 18), "Good Friday")]


def test_load_bank_holidays_json_accepts_no_events() -> None:
    assert load_bank_holidays_json(_feed()) == []


@pytest.mark.parametrize(
    ("_case", "data", "message"),
    [
        ("not an object", ["2025-12-25"], "expected a JSON object"),
        ("division missing", {"scotland": {"events": []}}, "division is missing"),
        ("division not an object", {ENGLAND_AND_WALES: []}, "division is missing"),
        ("wrong division name", _feed(division="scotland"), "says division 'scotland'"),
        ("events missing", {ENGLAND_AND_WALES: {"division": ENGLAND_AND_WALES}}, "no events"),
        ("events not a list", {ENGLAND_AND_WALES: {"events": {}}}, "no events list"),
        ("event not an object", _feed("2025-12-25"), "event 0 is not an object"),
        ("title missing", _feed({"date": "2025-12-25"}), "event 0 has no title"),
        ("title blank", _feed({"title": "  ", "date": "2025-12-25"}), "has no title"),
        ("title not text", _feed({"title": 1, "date": "2025-12-25"}), "has no title"),
        ("date missing", _feed({"title": "Christmas Day"}), "has date None"),
        ("date not text", _feed({"title": "X", "date": 20251225}), "has date 20251225"),
        ("UK date format", _feed({"title": "X", "date": "25/12/2025"}), "not YYYY-MM-DD"),
        ("compact ISO date", _feed({"title": "X", "date": "20251225"}), "not YYYY-MM-DD"),
        ("date with time", _feed({"title": "X", "date": "2025-12-25T00:00"}), "not YYYY"),
        ("impossible date", _feed({"title": "X", "date": "2025-02-30"}), "impossible date"),
        (
            "duplicate date",
            _feed({"title": "A", "date": "2025-12-25"}, {"title": "B", "date": "2025-12-25"}),
            "2025-12-25 appears twice",
        ),
        (
            "second event bad",
            _feed({"title": "A", "date": "2025-12-25"}, {"title": "B", "date": "x"}),
            "event 1 \\(B\\)",
        ),
    ],
)
def test_load_bank_holidays_json_rejects_malformed_input(
    _case: str, data: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_bank_holidays_json(data)  # type: ignore[arg-type]


def test_read_bank_holidays_file_rejects_invalid_json(tmp_path: Path) -> None:
    broken = tmp_path / "bank-holidays.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bank-holidays\.json is not valid JSON"):
        read_bank_holidays_file(broken)


def test_read_bank_holidays_file_reads_a_given_file(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(_feed({"title": "Easter Monday", "date": "2026-04-06"})))
    assert read_bank_holidays_file(path) == [(date(2026, 4, 6), "Easter Monday")]


# --- The shipped bank-holidays.json ---------------------------------------------------------------

#: Easter Sundays from published tables, independent of the algorithm used to build the file.
EASTER_SUNDAYS = [
    date(2014, 4, 20),
    date(2015, 4, 5),
    date(2016, 3, 27),
    date(2017, 4, 16),
    date(2018, 4, 1),
    date(2019, 4, 21),
    date(2020, 4, 12),
    date(2021, 4, 4),
    date(2022, 4, 17),
    date(2023, 4, 9),
    date(2024, 3, 31),
    date(2025, 4, 20),
    date(2026, 4, 5),
    date(2027, 3, 28),
    date(2028, 4, 16),
    date(2029, 4, 1),
    date(2030, 4, 21),
]


def _year(year: int) -> list[date]:
    return [day for day, _ in SHIPPED if day.year == year]


def test_shipped_file_is_england_and_wales_in_the_gov_uk_format() -> None:
    data = json.loads(SHIPPED_BANK_HOLIDAYS.read_text(encoding="utf-8"))
    assert data[ENGLAND_AND_WALES]["division"] == ENGLAND_AND_WALES
    for event in data[ENGLAND_AND_WALES]["events"]:
        assert set(event) == {"title", "date", "notes", "bunting"}


def test_shipped_file_covers_2014_to_2030() -> None:
    years = {day.year for day, _ in SHIPPED}
    assert years == set(range(2014, 2031))
    assert len(SHIPPED) == 17 * 8 + 3  # 8 a year, plus jubilee, funeral and coronation


def test_shipped_2025_dates() -> None:
    assert _year(2025) == [
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]


def test_shipped_2022_dates() -> None:
    assert _year(2022) == [
        date(2022, 1, 3),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 8, 29),
        date(2022, 9, 19),
        date(2022, 12, 26),
        date(2022, 12, 27),
    ]


@pytest.mark.parametrize(
    ("_case", "year", "expected"),
    [
        ("2020 VE day replaces early May", 2020, [date(2020, 5, 8), date(2020, 5, 25)]),
        ("2023 coronation is extra", 2023, [date(2023, 5, 1), date(2023, 5, 8), date(2023, 5, 29)]),
        ("2027 early May and spring", 2027, [date(2027, 5, 3), date(2027, 5, 31)]),
    ],
)
def test_shipped_may_holidays(_case: str, year: int, expected: list[date]) -> None:
    assert [day for day in _year(year) if day.month == 5] == expected


@pytest.mark.parametrize(
    ("_case", "year", "expected"),
    [
        ("2015 Fri Christmas, Boxing Day Mon 28", 2015, [date(2015, 12, 25), date(2015, 12, 28)]),
        ("2016 Sun Christmas", 2016, [date(2016, 12, 26), date(2016, 12, 27)]),
        ("2020 Fri Christmas", 2020, [date(2020, 12, 25), date(2020, 12, 28)]),
        ("2021 Sat Christmas", 2021, [date(2021, 12, 27), date(2021, 12, 28)]),
        ("2022 Sun Christmas", 2022, [date(2022, 12, 26), date(2022, 12, 27)]),
        ("2026 Fri Christmas", 2026, [date(2026, 12, 25), date(2026, 12, 28)]),
        ("2027 Sat Christmas", 2027, [date(2027, 12, 27), date(2027, 12, 28)]),
    ],
)
def test_shipped_christmas_substitute_days(_case: str, year: int, expected: list[date]) -> None:
    assert [day for day in _year(year) if day.month == 12] == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2017, date(2017, 1, 2)),
        (2022, date(2022, 1, 3)),
        (2023, date(2023, 1, 2)),
        (2028, date(2028, 1, 3)),
        (2027, date(2027, 1, 1)),
    ],
)
def test_shipped_new_year_substitute_days(year: int, expected: date) -> None:
    assert _year(year)[0] == expected


@pytest.mark.parametrize("easter", EASTER_SUNDAYS, ids=lambda day: str(day.year))
def test_shipped_easter_matches_published_tables(easter: date) -> None:
    assert add_days(easter, -2) in HOLIDAYS  # Good Friday
    assert add_days(easter, 1) in HOLIDAYS  # Easter Monday


def test_shipped_holidays_all_fall_on_weekdays_with_titles() -> None:
    for day, title in SHIPPED:
        assert not is_weekend(day), (day, title)
        assert title
