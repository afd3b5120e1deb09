"""Calendar arithmetic for statutory deadlines: calendar days, weeks and months, and working days
over England and Wales bank holidays.

Everything here is pure: a function gets dates (and, for working days, the bank holidays as a
collection of dates) and returns a date. Nothing reads the clock, the database or the network.
The one exception is kept apart at the bottom of the module: ``bank_holidays()`` reads the
``BankHoliday`` table through the Django cache, so callers can get the holidays to pass in.

Counting conventions (domain spec 1.2), used by ``sendcpp.deadlines``:

- "within N days/weeks of X" — X is day 0, the next day is day 1: due on ``X + N days`` (or
  ``X + 7N days``). Example: 30 days from Fri 10 Jan 2025 is Sun 9 Feb 2025.
- "N days beginning with X" — X itself is day 1: the period ends on ``X + (N - 1) days``.
  Example: 15 days beginning with Mon 9 Dec 2024 end on Mon 23 Dec 2024.
- "within N months of X" — the corresponding date N months on; where that month is too short,
  its last day (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).
- "a period of N months beginning with X" — ends on the day before the corresponding date; where
  there is no corresponding date, on the last day of that month (12 months beginning with
  1 Jan 2019 end on 31 Dec 2019; 12 months beginning with 29 Feb 2024 end on 28 Feb 2025).
- "N working days after X" — the first working day after X is day 1 (X never counts).
- "N working days beginning with X" — X is day 1 if it is itself a working day.

A working day is any day other than a Saturday, a Sunday or an England and Wales bank holiday
(which include Christmas Day and Good Friday, and any substitute days).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

ONE_DAY = timedelta(days=1)

#: The gov.uk bank-holidays JSON shipped with the project (England and Wales, 2014-2030).
SHIPPED_BANK_HOLIDAYS = Path(__file__).resolve().parent / "data" / "bank-holidays.json"

#: The only division of the gov.uk feed that applies to an English local authority.
ENGLAND_AND_WALES = "england-and-wales"

#: Cache key for the frozenset of bank-holiday dates read from the database.
BANK_HOLIDAYS_CACHE_KEY = "bank-holidays:v1"

#: How long (seconds) a process may keep the cached bank holidays before reading them again, as a
#: backstop for caches that ``forget_bank_holidays()`` cannot reach (per-process memory caches).
BANK_HOLIDAYS_CACHE_SECONDS = 24 * 60 * 60

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Calendar days, weeks and months --------------------------------------------------------------


def long_date(day: date, *, weekday: bool = False) -> str:
    """A date as people read it in a letter, a message or an error: "7 December 2026", or
    "Monday 7 December 2026" with ``weekday`` (GOV.UK style: no leading zero, no commas)."""
    return _in_words(day, "l j F Y" if weekday else "j F Y")


_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The letters of Django's date formats written here, each as Django writes it in English.
_DAY_LETTERS: dict[str, Callable[[date], str]] = {
    "j": lambda day: str(day.day),
    "d": lambda day: f"{day.day:02d}",
    "l": lambda day: _WEEKDAYS[day.weekday()],
    "F": lambda day: _MONTHS[day.month - 1],
    "M": lambda day: _MONTHS_SHORT[day.month - 1],
    "m": lambda day: f"{day.month:02d}",
    "Y": lambda day: f"{day.year:04d}",
}
_TIME_LETTERS: dict[str, Callable[[Any], str]] = {
    "H": lambda moment: f"{moment.hour:02d}",
    "i": lambda moment: f"{moment.minute:02d}",
}
_AS_IT_IS = frozenset(" ,/-:.")


@lru_cache(maxsize=64)
def _date_format(pattern: str) -> tuple[tuple[str | Callable[[Any], str], ...], bool] | None:
    """``pattern``'s parts, and whether it has the time of day; None if it has a letter not
    written here (Django's own filter writes it)."""
    parts: list[str | Callable[[Any], str]] = []
    timed = False
    for letter in pattern:
        if letter in _DAY_LETTERS:
            parts.append(_DAY_LETTERS[letter])
        elif letter in _TIME_LETTERS:
            parts.append(_TIME_LETTERS[letter])
            timed = True
        elif letter in _AS_IT_IS:
            parts.append(letter)
        else:
            return None
    return tuple(parts), timed


def format_date(value: date, pattern: str) -> str | None:
    """``value`` written as Django's ``date`` filter writes it with ``pattern`` ("j F Y": "7
    December 2026"; "j M Y, H:i"), for the formats the pages use; None for a format with a
    letter not written here, or the time of day asked of a date. Django's filter works through
    a class and a regular expression for each value: 20 to 40 µs, several hundred times on some
    pages; this is about 2 µs."""
    made = _date_format(pattern)
    if made is None or (made[1] and not isinstance(value, datetime)):
        return None
    return "".join(part if isinstance(part, str) else part(value) for part in made[0])


def short_date(day: date) -> str:
    """A date in a table: "7 Dec 2026" (as Django's ``date:"j M Y"`` writes it)."""
    return _in_words(day, "j M Y")


def _in_words(day: date, pattern: str) -> str:
    """``format_date`` for a pattern of the day alone (no time of day), which it always writes."""
    return format_date(day, pattern) or ""


def due_text(due: date | None, today: date) -> str:
    """'Due today', 'Due in 3 days' or 'Overdue by 2 days' for a statutory date."""
    if due is None:
        return "No deadline"
    days = (due - today).days
    if days == 0:
        return "Due today"
    if days > 0:
        return f"Due in {days} day{'s' if days != 1 else ''}"
    return f"Overdue by {-days} day{'s' if days != -1 else ''}"


def add_days(start: date, days: int) -> date:
    """The date ``days`` calendar days after ``start`` ("within N days of"): ``start`` is day 0."""
    return start + timedelta(days=days)


def last_day_of_days_beginning_with(start: date, days: int) -> date:
    """The last day of a period of ``days`` calendar days beginning with ``start``.

    ``start`` is day 1, so the period ends ``days - 1`` days after it: 15 days beginning with
    Mon 9 Dec 2024 end on Mon 23 Dec 2024. ``days`` must be at least 1.
    """
    if days < 1:
        raise ValueError(f"A period beginning with a day lasts at least 1 day, not {days}.")
    return start + timedelta(days=days - 1)


def add_weeks(start: date, weeks: int) -> date:
    """The date ``weeks`` calendar weeks after ``start`` (same weekday); negative goes back."""
    return start + timedelta(weeks=weeks)


def days_in_month(year: int, month: int) -> int:
    """How many days the given month has (February follows the Gregorian leap-year rule)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_calendar_months(start: date, months: int) -> date:
    """The corresponding date ``months`` calendar months after ``start`` (negative goes back).

    Where the target month has no corresponding day, the result is that month's last day:
    31 Jan 2025 + 1 month = 28 Feb 2025; 31 Jan 2024 + 1 month = 29 Feb 2024;
    29 Feb 2024 + 12 months = 28 Feb 2025; 31 Jul 2025 - 5 months = 28 Feb 2025.
    This is the "within N months of" rule (1 Oct + 2 months = 1 Dec).
    """
    year, month = _shift_month(start.year, start.month, months)
    return date(year, month, min(start.day, days_in_month(year, month)))


def last_day_of_months_beginning_with(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``start``.

    The period ends on the day before the corresponding date ``months`` later; if that month has
    no corresponding date, it ends on that month's last day. So 12 months beginning with
    1 Jan 2019 end on 31 Dec 2019; with 1 Mar 2023, on 29 Feb 2024; with 29 Feb 2024, on
    28 Feb 2025. ``months`` must be at least 1.
    """
    if months < 1:
        raise ValueError(f"A period of months beginning with a day lasts at least 1, not {months}.")
    year, month = _shift_month(start.year, start.month, months)
    if start.day > days_in_month(year, month):
        return date(year, month, days_in_month(year, month))
    return date(year, month, start.day) - ONE_DAY


# --- Working days ---------------------------------------------------------------------------------


def is_weekend(day: date) -> bool:
    """True on Saturdays and Sundays."""
    return day.weekday() >= 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """True unless ``day`` is a Saturday, a Sunday or one of ``holidays``."""
    return not is_weekend(day) and day not in holidays


def working_day_on_or_after(day: date, holidays: Collection[date]) -> date:
    """``day`` itself if it is a working day, otherwise the next working day after it."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The ``days``-th working day after ``start`` ("within N working days after/of X").

    ``start`` never counts, whether or not it is a working day: the first working day after it is
    day 1. 3 working days after Fri 20 Dec 2024 are Mon 23, Tue 24 and (25 and 26 December being
    bank holidays) Fri 27 Dec 2024. ``days`` must be at least 0; 0 returns ``start`` unchanged.
    """
    if days < 0:
        raise ValueError(f"Use subtract_working_days to count back ({days} working days).")
    day = start
    for _ in range(days):
        day = working_day_on_or_after(day + ONE_DAY, holidays)
    return day


def last_working_day_beginning_with(start: date, days: int, holidays: Collection[date]) -> date:
    """The last day of a period of ``days`` working days beginning with ``start``.

    ``start`` is day 1 if it is a working day; otherwise day 1 is the next working day. 15 working
    days beginning with Mon 3 Mar 2025 end on Fri 21 Mar 2025. ``days`` must be at least 1.
    """
    if days < 1:
        raise ValueError(f"A period beginning with a day lasts at least 1 working day, not {days}.")
    return add_working_days(start - ONE_DAY, days, holidays)


def subtract_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The ``days``-th working day before ``start`` (``start`` never counts).

    15 working days before Mon 24 Mar 2025 is Mon 3 Mar 2025. ``days`` must be at least 0.
    """
    if days < 0:
        raise ValueError(f"Use add_working_days to count forward ({days} working days).")
    day = start
    for _ in range(days):
        day -= ONE_DAY
        while not is_working_day(day, holidays):
            day -= ONE_DAY
    return day


def count_working_days(start: date, end: date, holidays: Collection[date]) -> int:
    """How many working days fall after ``start`` and on or before ``end``.

    The inverse of ``add_working_days``: ``count_working_days(s, add_working_days(s, n, h), h)``
    is ``n``. Returns 0 when ``end`` is on or before ``start``.
    """
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if is_working_day(day, holidays):
            count += 1
        day += ONE_DAY
    return count


# --- The gov.uk bank-holidays JSON format ---------------------------------------------------------


def _parse_event(index: int, event: object) -> tuple[date, str]:
    where = f"{ENGLAND_AND_WALES} event {index}"
    if not isinstance(event, Mapping):
        raise ValueError(f"Bank holidays: {where} is not an object.")
    title = event.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"Bank holidays: {where} has no title.")
    raw = event.get("date")
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        raise ValueError(f"Bank holidays: {where} ({title}) has date {raw!r}, not YYYY-MM-DD.")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"Bank holidays: {where} ({title}) has impossible date {raw!r}.") from None
    return day, title.strip()


def _division_events(data: object) -> list[object]:
    if not isinstance(data, Mapping):
        raise ValueError("Bank holidays: expected a JSON object keyed by division.")
    division = data.get(ENGLAND_AND_WALES)
    if not isinstance(division, Mapping):
        raise ValueError(f"Bank holidays: the {ENGLAND_AND_WALES!r} division is missing.")
    name = division.get("division", ENGLAND_AND_WALES)
    if name != ENGLAND_AND_WALES:
        raise ValueError(f"Bank holidays: the {ENGLAND_AND_WALES!r} entry says division {name!r}.")
    events = division.get("events")
    if not isinstance(events, list):
        raise ValueError(f"Bank holidays: the {ENGLAND_AND_WALES!r} division has no events list.")
    return events


def load_bank_holidays_json(data: dict[str, Any]) -> list[tuple[date, str]]:
    """Parse data in the gov.uk bank-holidays JSON format into ``(date, title)`` pairs.

    Only the ``"england-and-wales"`` division is read; ``"scotland"`` and ``"northern-ireland"``
    are ignored. Each event needs a non-empty ``"title"`` and a ``"date"`` written YYYY-MM-DD;
    ``"notes"`` and ``"bunting"`` are ignored. The result is sorted by date.

    Raises ``ValueError`` naming the problem when the division or its events list is missing, an
    event has no title, a date is malformed or impossible, or a date appears twice.
    """
    holidays: dict[date, str] = {}
    for index, event in enumerate(_division_events(data)):
        day, title = _parse_event(index, event)
        if day in holidays:
            raise ValueError(f"Bank holidays: {day.isoformat()} appears twice.")
        holidays[day] = title
    return sorted(holidays.items())


def read_bank_holidays_file(path: Path = SHIPPED_BANK_HOLIDAYS) -> list[tuple[date, str]]:
    """Read a gov.uk-format bank-holidays JSON file (by default the shipped one) and parse it with
    ``load_bank_holidays_json``. Raises ``ValueError`` if the file is not valid JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"Bank holidays: {path.name} is not valid JSON ({error}).") from None
    return load_bank_holidays_json(data)


# --- How far the loaded bank holidays reach -------------------------------------------------------

#: How many years after this one the loaded bank holidays must cover (the system check).
FUTURE_YEARS_REQUIRED = 2


def last_covered_year(holidays: Collection[date]) -> int | None:
    """The last year the loaded bank holidays cover (the year of the latest one), or None."""
    return max(day.year for day in holidays) if holidays else None


def coverage_warning(day: date, holidays: Collection[date]) -> str:
    """Why a date computed over working days on or before ``day`` may be wrong, or "": the
    bank holidays of ``day``'s year are not loaded, so a holiday could fall on it or before it."""
    last = last_covered_year(holidays)
    if last is not None and day.year <= last:
        return ""
    reach = f"the end of {last}" if last is not None else "no year at all"
    return (
        f"Bank holidays are loaded only to {reach}, so this date may fall on a bank holiday. "
        "Ask an administrator to load the bank holidays for the next years."
    )


def missing_future_years(holidays: Collection[date], today: date) -> int:
    """How many of the next ``FUTURE_YEARS_REQUIRED`` years have no bank holidays loaded."""
    last = last_covered_year(holidays) or today.year - 1
    return max(0, today.year + FUTURE_YEARS_REQUIRED - last)


# --- Database-backed holidays (the only Django code in this module) -------------------------------


def bank_holidays() -> frozenset[date]:
    """All England and Wales bank holidays in the ``BankHoliday`` table, as a frozenset of dates.

    Cached in the Django cache under ``BANK_HOLIDAYS_CACHE_KEY``; call ``forget_bank_holidays()``
    after changing the table. Pass the result to the pure functions above and in
    ``sendcpp.deadlines``.
    """
    from django.core.cache import cache

    from sendcpp.models import BankHoliday

    cached = cache.get(BANK_HOLIDAYS_CACHE_KEY)
    if cached is not None:
        return frozenset(cached)
    holidays = frozenset(BankHoliday.objects.values_list("date", flat=True))
    cache.set(BANK_HOLIDAYS_CACHE_KEY, holidays, BANK_HOLIDAYS_CACHE_SECONDS)
    return holidays


def forget_bank_holidays() -> None:
    """Drop the cached bank holidays so the next ``bank_holidays()`` call reads the table again."""
    from django.core.cache import cache

    cache.delete(BANK_HOLIDAYS_CACHE_KEY)


def check_bank_holiday_coverage(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """System check (run at start-up): the bank holidays loaded must cover this year and the
    next ``FUTURE_YEARS_REQUIRED``, or every working-day deadline near the end could be wrong.
    Before the database is set up, the shipped file is checked instead."""
    from django.core.checks import Error
    from django.db import DatabaseError
    from django.utils import timezone

    from sendcpp.models import BankHoliday

    try:
        holidays: Collection[date] = frozenset(BankHoliday.objects.values_list("date", flat=True))
    except DatabaseError:
        holidays = frozenset(day for day, _ in read_bank_holidays_file())
    if not holidays:
        holidays = frozenset(day for day, _ in read_bank_holidays_file())
    today = timezone.localdate()
    if missing_future_years(holidays, today) == 0:
        return []
    last = last_covered_year(holidays)
    return [
        Error(
            f"Bank holidays are loaded only to {last}: statutory deadlines need them for "
            f"{today.year} and the next {FUTURE_YEARS_REQUIRED} years.",
            hint="Download https://www.gov.uk/bank-holidays.json and run "
            "'manage.py load_bank_holidays <file>'.",
            id="sendcpp.E101",
        )
    ]
