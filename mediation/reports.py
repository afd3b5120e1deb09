"""Figures for evaluating the reforms to mediation (domain spec 4.6) and the tribunal appeal rate
as the Department for Education publishes it. Pure: plain rows (dicts) in, figures out, so every
figure can be checked against a hand-computed fixture. ``mediation.selectors`` builds the rows.

Rows:
- a decision row: ``{"decision": str}`` for each appealable decision sent;
- a mediation row: ``{"decision", "wants_mediation", "la_told_on", "held_on", "outcome",
  "appealed"}`` for each mediation case (``appealed``: an appeal was registered against the same
  decision);
- an appeal row: ``{"decision", "outcome", "after_mediation"}`` for each appeal registered.

Percentages are rounded half up to 1 decimal place, as the DfE publishes the appeal rate
("SEND Appeal rate table 1": appeals registered as a percentage of total appealable decisions).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mediation.models import AppealableDecision, AppealOutcome, Outcome

Row = Mapping[str, Any]

#: Mediation is due within 30 days of the LA being told (Regs regs 32-42).
MEDIATION_HELD_DAYS = 30
ONE_PLACE = Decimal("0.1")


def percentage(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, 1 decimal place (None when ``whole`` is 0)."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def median_days(values: Sequence[int]) -> Decimal | None:
    """The median of ``values`` to 1 decimal place (None when there are none)."""
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def days_to_mediation(row: Row) -> int | None:
    """Calendar days from the council being told the family wants mediation to the mediation."""
    told, held = row.get("la_told_on"), row.get("held_on")
    if told is None or held is None:
        return None
    return (held - told).days


@dataclass
class DecisionFigures:
    """The evaluation figures for one kind of appealable decision (or all of them)."""

    decision: str
    label: str
    decisions_sent: int = 0
    adviser_contacts: int = 0
    mediations_requested: int = 0
    mediations_held: int = 0
    resolved: int = 0
    partly_resolved: int = 0
    not_resolved: int = 0
    held_then_appealed: int = 0
    held_within_30_days: int = 0
    days_to_mediation: list[int] = field(default_factory=list)
    appeals_registered: int = 0

    @property
    def median_days_to_mediation(self) -> Decimal | None:
        return median_days(self.days_to_mediation)

    @property
    def share_held_within_30_days(self) -> Decimal | None:
        return percentage(self.held_within_30_days, self.mediations_held)

    @property
    def share_held_then_appealed(self) -> Decimal | None:
        """Of the mediations held, the share where the family went on to appeal."""
        return percentage(self.held_then_appealed, self.mediations_held)

    @property
    def appeal_rate(self) -> Decimal | None:
        """Appeals registered as a percentage of the appealable decisions sent."""
        return percentage(self.appeals_registered, self.decisions_sent)


def _add_mediation(figures: DecisionFigures, row: Row) -> None:
    figures.adviser_contacts += 1
    if row["wants_mediation"]:
        figures.mediations_requested += 1
    if row.get("held_on") is None:
        return
    figures.mediations_held += 1
    outcome = row.get("outcome")
    figures.resolved += outcome == Outcome.RESOLVED
    figures.partly_resolved += outcome == Outcome.PARTLY
    figures.not_resolved += outcome == Outcome.NOT_RESOLVED
    figures.held_then_appealed += bool(row.get("appealed"))
    days = days_to_mediation(row)
    if days is not None:
        figures.days_to_mediation.append(days)
        figures.held_within_30_days += days <= MEDIATION_HELD_DAYS


def figures_by_decision(
    decisions: Iterable[Row], mediations: Iterable[Row], appeals: Iterable[Row]
) -> list[DecisionFigures]:
    """One row per kind of appealable decision, then a total row ("all"): decisions sent,
    mediation, time to mediation, outcomes, the share that went on to the tribunal, appeals and
    the appeal rate."""
    rows = {
        decision.value: DecisionFigures(decision.value, str(decision.label))
        for decision in AppealableDecision
    }
    total = DecisionFigures("all", "All appealable decisions")
    for row in decisions:
        rows[row["decision"]].decisions_sent += 1
        total.decisions_sent += 1
    for row in mediations:
        _add_mediation(rows[row["decision"]], row)
        _add_mediation(total, row)
    for row in appeals:
        rows[row["decision"]].appeals_registered += 1
        total.appeals_registered += 1
    return [*rows.values(), total]


@dataclass(frozen=True)
class OutcomeFigure:
    outcome: str
    label: str
    count: int
    share: Decimal | None


def mediation_outcomes(mediations: Iterable[Row]) -> list[OutcomeFigure]:
    """How the mediations held ended, with each outcome's share of those held."""
    counts = Counter(row.get("outcome") for row in mediations if row.get("held_on") is not None)
    held = sum(counts.values())
    return [
        OutcomeFigure(
            outcome.value,
            str(outcome.label),
            counts[outcome.value],
            percentage(counts[outcome.value], held),
        )
        for outcome in Outcome
    ]


AWAITING = "awaiting"


def tribunal_outcomes(appeals: Iterable[Row]) -> list[OutcomeFigure]:
    """How the appeals ended (and how many await an outcome), with each outcome's share of the
    appeals that have one."""
    counts = Counter(row.get("outcome") or AWAITING for row in appeals)
    finished = sum(count for outcome, count in counts.items() if outcome != AWAITING)
    figures = [
        OutcomeFigure(
            outcome.value,
            str(outcome.label),
            counts[outcome.value],
            percentage(counts[outcome.value], finished),
        )
        for outcome in AppealOutcome
    ]
    figures.append(OutcomeFigure(AWAITING, "Awaiting an outcome", counts[AWAITING], None))
    return figures


@dataclass(frozen=True)
class DfeAppealRate:
    """The appeal rate as the DfE publishes it ("SEND Appeal rate table 1", calendar years):
    appeals registered ÷ total appealable decisions, where total appealable decisions = requests
    for assessment refused + assessments ending in a decision not to issue a plan + plans held in
    January + plans ceased (DfE: because the needs are met without a plan)."""

    year: int
    appeals_registered: int
    refused_assessments: int
    not_issued: int
    plans_in_january: int
    ceased: int

    @property
    def total_appealable_decisions(self) -> int:
        return self.refused_assessments + self.not_issued + self.plans_in_january + self.ceased

    @property
    def rate(self) -> Decimal | None:
        return percentage(self.appeals_registered, self.total_appealable_decisions)


def census_day(year: int) -> date:
    """The January day plans are counted on: the SEN2 census date, the third Thursday of
    January."""
    first = date(year, 1, 1)
    first_thursday = 1 + (3 - first.weekday()) % 7
    return date(year, 1, first_thursday + 14)


@dataclass(frozen=True)
class EvaluationReport:
    year: int
    by_decision: list[DecisionFigures]
    mediation_outcomes: list[OutcomeFigure]
    tribunal_outcomes: list[OutcomeFigure]
    dfe_rate: DfeAppealRate


def evaluation_report(
    *,
    year: int,
    decisions: Sequence[Row],
    mediations: Sequence[Row],
    appeals: Sequence[Row],
    appeals_registered_in_year: int,
    plans_in_january: int,
) -> EvaluationReport:
    """Every figure of the manager's report for decisions sent in ``year`` (the DfE rate counts
    appeals registered in the calendar year, as the DfE does)."""
    sent = Counter(row["decision"] for row in decisions)
    return EvaluationReport(
        year=year,
        by_decision=figures_by_decision(decisions, mediations, appeals),
        mediation_outcomes=mediation_outcomes(mediations),
        tribunal_outcomes=tribunal_outcomes(appeals),
        dfe_rate=DfeAppealRate(
            year=year,
            appeals_registered=appeals_registered_in_year,
            refused_assessments=sent[AppealableDecision.REFUSE_ASSESS],
            not_issued=sent[AppealableDecision.REFUSE_ISSUE],
            plans_in_january=plans_in_january,
            ceased=sent[AppealableDecision.CEASE],
        ),
    )


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def csv_rows(report: EvaluationReport) -> list[list[str]]:
    """The report as rows for a CSV download (one table after another, with a heading row)."""
    rows: list[list[str]] = [
        [f"Mediation and appeals, decisions sent in {report.year}"],
        [
            "Decision",
            "Decisions sent",
            "Contacted the mediation adviser",
            "Asked for mediation",
            "Mediations held",
            "Median days to mediation",
            "Held within 30 days (%)",
            "Resolved",
            "Partly resolved",
            "Not resolved",
            "Held then appealed",
            "Held then appealed (%)",
            "Appeals registered",
            "Appeal rate (%)",
        ],
    ]
    for figures in report.by_decision:
        rows.append(
            [
                figures.label,
                *(
                    _cell(value)
                    for value in (
                        figures.decisions_sent,
                        figures.adviser_contacts,
                        figures.mediations_requested,
                        figures.mediations_held,
                        figures.median_days_to_mediation,
                        figures.share_held_within_30_days,
                        figures.resolved,
                        figures.partly_resolved,
                        figures.not_resolved,
                        figures.held_then_appealed,
                        figures.share_held_then_appealed,
                        figures.appeals_registered,
                        figures.appeal_rate,
                    )
                ),
            ]
        )
    rows += [[], ["Tribunal outcome", "Appeals", "Share of appeals with an outcome (%)"]]
    rows += [[item.label, str(item.count), _cell(item.share)] for item in report.tribunal_outcomes]
    dfe = report.dfe_rate
    rows += [
        [],
        [f"Appeal rate, DfE method, calendar year {dfe.year}"],
        ["Appeals registered", str(dfe.appeals_registered)],
        ["Requests for assessment refused", str(dfe.refused_assessments)],
        ["Decisions not to issue a plan", str(dfe.not_issued)],
        ["Plans held in January", str(dfe.plans_in_january)],
        ["Plans ceased", str(dfe.ceased)],
        ["Total appealable decisions", str(dfe.total_appealable_decisions)],
        ["SEND Tribunal appeal rate (%)", _cell(dfe.rate)],
    ]
    return rows
