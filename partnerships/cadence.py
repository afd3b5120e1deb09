"""The board's meeting cadence, as pure functions: a first date, an interval in weeks and a count
in; the meeting dates out. A planned date that falls on a weekend or an England and Wales bank
holiday moves to the next working day, and the result says so. The series keeps to its planned
dates, so one moved meeting does not push the later ones."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sendcpp.calendar import add_weeks, is_weekend, long_date, working_day_on_or_after

#: The longest series scheduled at once (a year of weekly meetings).
MAX_MEETINGS_PER_SERIES = 52


@dataclass(frozen=True)
class MeetingDate:
    """One meeting of a series: the date the cadence planned, and the working day it is on."""

    planned_on: date
    meets_on: date
    moved_reason: str = ""

    @property
    def was_moved(self) -> bool:
        return self.meets_on != self.planned_on


def move_to_working_day(planned_on: date, holidays: Collection[date]) -> MeetingDate:
    """The meeting on ``planned_on``, or on the next working day if that is a weekend or a bank
    holiday, with a sentence saying why it moved."""
    meets_on = working_day_on_or_after(planned_on, holidays)
    if meets_on == planned_on:
        return MeetingDate(planned_on=planned_on, meets_on=meets_on)
    why = "a bank holiday" if planned_on in holidays else "at a weekend"
    if is_weekend(planned_on) and planned_on in holidays:
        why = "a bank holiday at a weekend"
    reason = (
        f"Moved from {long_date(planned_on, weekday=True)} ({why}) to the next working day, "
        f"{long_date(meets_on, weekday=True)}."
    )
    return MeetingDate(planned_on=planned_on, meets_on=meets_on, moved_reason=reason)


def meeting_dates(
    first_on: date, *, interval_weeks: int, count: int, holidays: Collection[date]
) -> list[MeetingDate]:
    """``count`` meetings every ``interval_weeks`` weeks from ``first_on``, each moved to the
    next working day when its planned date is not one.

    The planned dates are ``first_on + k * interval_weeks`` weeks for k = 0 .. count - 1; moving
    one meeting never shifts the others. Raises ValueError for an interval under 1 week or a
    count outside 1 .. MAX_MEETINGS_PER_SERIES.
    """
    if interval_weeks < 1:
        raise ValueError("Meetings must be at least a week apart.")
    if not 1 <= count <= MAX_MEETINGS_PER_SERIES:
        raise ValueError(f"Schedule between 1 and {MAX_MEETINGS_PER_SERIES} meetings at once.")
    try:
        return [
            move_to_working_day(add_weeks(first_on, k * interval_weeks), holidays)
            for k in range(count)
        ]
    except OverflowError as error:
        raise ValueError("The series runs past the end of the calendar.") from error
