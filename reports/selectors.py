"""The council's performance reports: its own timeliness by month, team and coordinator, counted
by ``sendcpp.performance`` (the same definitions as the public live figures) over the cases the
person may see (a SEND manager: the whole council)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from sendcpp import access, performance
from sendcpp.access import Actor
from sendcpp.performance import Counts, Measure

TREND_MONTHS = 12
#: How far back a report can be asked for.
MONTHS_OFFERED = 36


@dataclass(frozen=True)
class Month:
    """A calendar month; the current one runs to today."""

    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.start:%b %y}"


def _month_of(day: date, today: date) -> Month:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Month(start, min(end, today))


def months(today: date, count: int = MONTHS_OFFERED) -> list[Month]:
    """The months a report can be for, newest first (this month so far first)."""
    result = [_month_of(today, today)]
    while len(result) < count:
        result.append(_month_of(result[-1].start - timedelta(days=1), today))
    return result


def default_month(today: date) -> Month:
    """The last whole month."""
    return months(today, 2)[1]


def month_from_key(key: str, today: date) -> Month | None:
    return next((month for month in months(today) if month.key == key), None)


@dataclass(frozen=True)
class Row:
    """One line of a report's table: what it counts (``label``), the drill-down's filters for it
    (``group``) and its counts."""

    label: str
    group: dict[str, str]
    counts: Counts


@dataclass
class Report:
    measure: Measure
    month: Month
    total: Counts
    trend: list[Row] = field(default_factory=list)
    teams: list[Row] = field(default_factory=list)
    coordinators: list[Row] = field(default_factory=list)


def _cases(user: Actor) -> QuerySet[Any]:
    return access.cases_for(user)


def summary(user: Actor, month: Month) -> list[tuple[Measure, Counts]]:
    """Every measure's counts for the month."""
    cases = _cases(user)
    return [
        (
            measure,
            performance.counts(performance.items(measure, cases, start=month.start, end=month.end)),
        )
        for measure in performance.MEASURES
    ]


def report(user: Actor, measure: Measure, month: Month, *, today: date) -> Report:
    """One measure for a month, with the trend of the 12 months to it and the month by team and
    by coordinator."""
    cases = _cases(user)
    in_month = performance.items(measure, cases, start=month.start, end=month.end)
    trend_months = list(reversed(months(month.end, TREND_MONTHS)))
    trend_items = performance.items(measure, cases, start=trend_months[0].start, end=month.end)
    by_month = {
        row["month"]: counts for row, counts in performance.counts_by(measure, trend_items, "month")
    }
    result = Report(measure, month, performance.counts(in_month))
    result.trend = [
        Row(one.label, {"month": one.key}, by_month.get(one.start, Counts()))
        for one in trend_months
    ]
    for row, counts in performance.counts_by(measure, in_month, "team"):
        team = row["key"]
        result.teams.append(
            Row(row["name"] or "No team", {"team": str(team) if team else "none"}, counts)
        )
    for row, counts in performance.counts_by(measure, in_month, "coordinator"):
        person = row["key"]
        result.coordinators.append(
            Row(
                row["name"] or "Not assigned",
                {"coordinator": str(person) if person else "none"},
                counts,
            )
        )
    return result


SHOW = {
    "all": ("All", Q()),
    "on_time": ("On time", Q(is_on_time=True)),
    "late": ("Late", Q(is_on_time=False)),
    "exceptions": ("With an exception", Q(is_excepted=True)),
}


def cases_behind(
    user: Actor,
    measure: Measure,
    month: Month,
    *,
    team: int | str | None = "",
    coordinator: UUID | str | None = "",
    show: str = "all",
) -> QuerySet[Any]:
    """The items behind a figure, on the cases ``user`` may see: the month's, for one team or
    coordinator ("" for any, None for none), on time, late or with an exception. Each item's
    case is ``item.case`` (new plans: the item is the case, named ``case`` too)."""
    items = performance.items(measure, _cases(user), start=month.start, end=month.end)
    prefix = "" if measure.from_cases else "case__"
    if team is None:
        items = items.filter(**{f"{prefix}team__isnull": True})
    elif team != "":
        items = items.filter(**{f"{prefix}team_id": team})
    if coordinator is None:
        items = items.filter(**{f"{prefix}coordinator__isnull": True})
    elif coordinator != "":
        items = items.filter(**{f"{prefix}coordinator__public_id": coordinator})
    items = items.filter(SHOW[show][1])
    related = ("child", "coordinator", "team")
    if not measure.from_cases:
        related = tuple(f"case__{name}" for name in related)
    return items.select_related(*related).order_by("counted_on", "id")
