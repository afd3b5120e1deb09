"""How the council's timeliness is counted: one definition for every figure, used by the public
live figures (``dashboard.selectors``) and the managers' performance reports (``reports``), so
the two can never disagree.

Each measure counts *items* done in a period (a new plan issued, a deadline met) and how many of
them were done on time. As the DfE publishes 20-week timeliness, each figure is given including
and excluding the items that had a lawful exception to the time limit (an exception recorded on
the deadline, ``sendcpp.clock.record_exception``): "including" counts every item; "excluding"
leaves the exception items out of both the count and the on-time count.

- New EHC plans within 20 weeks: cases whose first plan was issued in the period (the case's
  ``plan_issued_on``), on time when issued within 20 weeks of the request (SEND Regulations 2014,
  regulation 13(2)); an exception case is one whose "Issue the final plan" deadline has an
  exception recorded.
- Every other measure: the deadlines of its rules met in the period (``met_on``), on time when
  met on or before the statutory date (``due_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth

from sendcpp.deadlines import FINAL_PLAN_WEEKS, RULES
from sendcpp.models import Case, Deadline


@dataclass(frozen=True)
class Measure:
    """One published timeliness figure. ``rules`` are the deadline rules it counts (none: new
    plans, counted from the case)."""

    key: str
    label: str
    counted: str  # what each item is, for column headings ("Plans issued")
    rules: tuple[str, ...] = ()

    @property
    def from_cases(self) -> bool:
        return not self.rules


def _rules_starting(prefix: str) -> tuple[str, ...]:
    return tuple(key for key in RULES if key.startswith(prefix))


NEW_PLANS = Measure("new-plans", "New EHC plans issued within 20 weeks", "Plans issued")

MEASURES: tuple[Measure, ...] = (
    Measure(
        "assessment-decisions",
        "Decisions whether to assess made within 6 weeks",
        "Decisions",
        ("assessment_decision",),
    ),
    NEW_PLANS,
    Measure(
        "annual-reviews",
        "Annual reviews held within 12 months",
        "Reviews",
        ("annual_review",),
    ),
    Measure(
        "review-decisions",
        "Review decisions within 4 weeks of the meeting",
        "Decisions",
        ("review_decision",),
    ),
    Measure(
        "phase-transfers",
        "Phase transfers: plans amended before the transfer date",
        "Transfers",
        ("school_phase_transfer", "post16_phase_transfer", "post16_move"),
    ),
    Measure(
        "mediation",
        "Mediation held within 30 days",
        "Mediations",
        ("mediation_held",),
    ),
    Measure(
        "tribunal-orders",
        "Tribunal orders complied with on time",
        "Orders",
        _rules_starting("tribunal_order_") + _rules_starting("unopposed_appeal_"),
    ),
)

BY_KEY: dict[str, Measure] = {measure.key: measure for measure in MEASURES}

Grouping = Literal["month", "team", "coordinator"]


@dataclass(frozen=True)
class Counts:
    """How many items were done, and on time, with and without the exception items."""

    total: int = 0
    on_time: int = 0
    total_without: int = 0
    on_time_without: int = 0

    @property
    def late(self) -> int:
        return self.total - self.on_time

    @property
    def exceptions(self) -> int:
        return self.total - self.total_without

    @property
    def percent_including(self) -> float | None:
        return percent(self.on_time, self.total)

    @property
    def percent_excluding(self) -> float | None:
        return percent(self.on_time_without, self.total_without)


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a percentage to 1 decimal place; None when there is nothing."""
    return round(100 * part / whole, 1) if whole else None


def items(measure: Measure, cases: QuerySet[Case], *, start: date, end: date) -> QuerySet[Any]:
    """The items ``measure`` counts among ``cases`` done from ``start`` to ``end`` (inclusive),
    each annotated with ``counted_on`` (done), ``counted_due`` (the time limit), ``is_on_time``,
    ``is_excepted`` (had a lawful exception) and ``counted_case`` (the case's id)."""
    if measure.from_cases:
        due = ExpressionWrapper(
            F("request_received_on") + timedelta(weeks=FINAL_PLAN_WEEKS),
            output_field=DateField(),
        )
        return cases.filter(
            plan_issued_on__range=(start, end), request_received_on__isnull=False
        ).annotate(
            counted_on=F("plan_issued_on"),
            counted_due=due,
            counted_case=F("id"),
            is_on_time=ExpressionWrapper(Q(plan_issued_on__lte=due), output_field=BooleanField()),
            is_excepted=Exists(
                Deadline.objects.filter(
                    case_id=OuterRef("pk"), rule="final_plan", has_exception=True
                )
            ),
        )
    return Deadline.objects.filter(
        case__in=cases, rule__in=measure.rules, met_on__range=(start, end)
    ).annotate(
        counted_on=F("met_on"),
        counted_due=F("due_on"),
        counted_case=F("case_id"),
        is_on_time=ExpressionWrapper(Q(met_on__lte=F("due_on")), output_field=BooleanField()),
        is_excepted=F("has_exception"),
    )


_COUNTS = {
    "total": Count("counted_case"),
    "on_time": Count("counted_case", filter=Q(is_on_time=True)),
    "total_without": Count("counted_case", filter=Q(is_excepted=False)),
    "on_time_without": Count("counted_case", filter=Q(is_excepted=False, is_on_time=True)),
}


def counts(rows: QuerySet[Any]) -> Counts:
    """The counts of ``rows`` (from ``items``) in one query."""
    return Counts(**rows.order_by().aggregate(**_COUNTS))


def _case_field(measure: Measure, name: str) -> str:
    return name if measure.from_cases else f"case__{name}"


def counts_by(
    measure: Measure, rows: QuerySet[Any], grouping: Grouping
) -> list[tuple[dict[str, Any], Counts]]:
    """The counts of ``rows`` for each month, team or coordinator (one query), in order. Each
    group is named by ``month`` (a date, the 1st), or by ``key`` (a team's id or a coordinator's
    public id; None for items with neither) and ``name``."""
    if grouping == "month":
        grouped = rows.annotate(month=TruncMonth("counted_on", output_field=DateField())).values(
            "month"
        )
        order: tuple[str, ...] = ("month",)
    elif grouping == "team":
        field = _case_field(measure, "team")
        grouped = rows.values(key=F(field), name=F(f"{field}__name"))
        order = ("name", "key")
    else:
        field = _case_field(measure, "coordinator")
        grouped = rows.values(
            key=F(f"{field}__public_id"),
            first=F(f"{field}__first_name"),
            last=F(f"{field}__last_name"),
        )
        order = ("last", "first", "key")
    result = []
    for row in grouped.annotate(**_COUNTS).order_by(*order):
        numbers = {key: row.pop(key) for key in _COUNTS}
        if grouping == "coordinator":
            first, last = row.pop("first"), row.pop("last")
            row["name"] = f"{first} {last}".strip() if row["key"] else ""
        result.append((row, Counts(**numbers)))
    return result
