"""Panel analytics, for the question "is a 2-panel system better than 1 panel?": pure
aggregations over plain records of decisions (no database), so each figure can be checked by hand.

For a chosen period the figures are:
- how long from the request to the decision, for decisions whether to assess and whether to issue
  (median and mean days);
- the share of decisions whether to assess made within 6 weeks of the request (reg 5(1));
- decisions per meeting;
- outcomes by panel and kind of decision;
- consistency: decisions of the same kind for children with the same need profile (primary need
  and age band) should have the same outcome. A profile with two or more decisions is
  "compared"; the consistency share is the share of compared decisions that agree with their
  profile's most common outcome.
Periods are labelled with the panel configuration that decided them (how many panels took the
statutory decisions), so that periods under one and two panels can be put side by side.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from panels.models import DecisionKind, Outcome

#: Reg 5(1): the decision whether to assess is due within 6 weeks of the request.
SIX_WEEKS_IN_DAYS = 42

#: Age bands (as in the SEN2 return's published tables).
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "Under 5"),
    (5, 10, "5 to 10"),
    (11, 15, "11 to 15"),
    (16, 19, "16 to 19"),
    (20, 25, "20 to 25"),
)

_STATUTORY_KINDS = (DecisionKind.ASSESS, DecisionKind.ISSUE)


@dataclass(frozen=True)
class DecisionFact:
    """One recorded panel decision, as the analytics need it."""

    panel: str
    panel_kind: str
    meeting: str
    kind: str
    outcome: str
    decided_on: date
    request_received_on: date | None = None
    primary_need: str = ""
    age: int | None = None


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "Over 25"


def days_to_decision(fact: DecisionFact) -> int | None:
    if fact.request_received_on is None:
        return None
    return (fact.decided_on - fact.request_received_on).days


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Timing:
    """Days from the request to the decision, for one kind of decision."""

    kind: str
    decisions: int
    median_days: float | None
    mean_days: float | None


def time_to_decision(facts: Iterable[DecisionFact], kind: str) -> Timing:
    days = [d for f in facts if f.kind == kind and (d := days_to_decision(f)) is not None]
    return Timing(
        kind=kind,
        decisions=len(days),
        median_days=round(float(statistics.median(days)), 1) if days else None,
        mean_days=round(statistics.fmean(days), 1) if days else None,
    )


@dataclass(frozen=True)
class WithinSixWeeks:
    decisions: int
    within: int
    share: float | None


def within_six_weeks(facts: Iterable[DecisionFact]) -> WithinSixWeeks:
    """Decisions whether to assess made within 6 weeks (42 days) of the request."""
    days = [
        d for f in facts if f.kind == DecisionKind.ASSESS and (d := days_to_decision(f)) is not None
    ]
    within = sum(1 for d in days if d <= SIX_WEEKS_IN_DAYS)
    return WithinSixWeeks(decisions=len(days), within=within, share=_share(within, len(days)))


def decisions_per_meeting(facts: Sequence[DecisionFact]) -> float | None:
    meetings = {f.meeting for f in facts}
    return round(len(facts) / len(meetings), 2) if meetings else None


@dataclass(frozen=True)
class OutcomeRow:
    panel: str
    kind: str
    decisions: int
    agreed: int
    refused: int
    agreed_share: float | None


def outcomes_by_panel_and_kind(facts: Iterable[DecisionFact]) -> list[OutcomeRow]:
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for fact in facts:
        counts[(fact.panel, fact.kind)][fact.outcome] += 1
    kind_order = {kind: i for i, kind in enumerate(DecisionKind)}
    rows = []
    for (panel, kind), outcome in sorted(
        counts.items(), key=lambda item: (item[0][0], kind_order.get(item[0][1], 99))
    ):
        total = sum(outcome.values())
        rows.append(
            OutcomeRow(
                panel=panel,
                kind=kind,
                decisions=total,
                agreed=outcome[Outcome.AGREED],
                refused=outcome[Outcome.REFUSED],
                agreed_share=_share(outcome[Outcome.AGREED], total),
            )
        )
    return rows


@dataclass(frozen=True)
class ProfileOutcomes:
    """Decisions of one kind for one need profile whose outcomes differed."""

    kind: str
    primary_need: str
    age_band: str
    agreed: int
    refused: int


@dataclass(frozen=True)
class Consistency:
    profiles_compared: int
    profiles_with_different_outcomes: int
    decisions_compared: int
    decisions_agreeing_with_profile: int
    share: float | None
    differing: tuple[ProfileOutcomes, ...]


def consistency(facts: Iterable[DecisionFact]) -> Consistency:
    """Same kind of decision, same primary need and age band: how often the outcome matched."""
    profiles: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for fact in facts:
        band = age_band(fact.age)
        if fact.primary_need and band:
            profiles[(fact.kind, fact.primary_need, band)][fact.outcome] += 1
    compared = {key: outcomes for key, outcomes in profiles.items() if outcomes.total() >= 2}
    differing = tuple(
        ProfileOutcomes(
            kind=key[0],
            primary_need=key[1],
            age_band=key[2],
            agreed=outcomes[Outcome.AGREED],
            refused=outcomes[Outcome.REFUSED],
        )
        for key, outcomes in sorted(compared.items())
        if len(+outcomes) > 1
    )
    decisions = sum(outcomes.total() for outcomes in compared.values())
    agreeing = sum(max(outcomes.values()) for outcomes in compared.values())
    return Consistency(
        profiles_compared=len(compared),
        profiles_with_different_outcomes=len(differing),
        decisions_compared=decisions,
        decisions_agreeing_with_profile=agreeing,
        share=_share(agreeing, decisions),
        differing=differing,
    )


def configuration(facts: Iterable[DecisionFact]) -> str:
    """Which panels took the statutory decisions (whether to assess, whether to issue), e.g.
    "2 panels: Assessment panel, Issuing panel"."""
    panels = sorted({f.panel for f in facts if f.kind in _STATUTORY_KINDS})
    if not panels:
        return "No statutory decisions"
    return f"{len(panels)} panel{'s' if len(panels) != 1 else ''}: {', '.join(panels)}"


@dataclass(frozen=True)
class PeriodSummary:
    label: str
    configuration: str
    decisions: int
    meetings: int
    decisions_per_meeting: float | None
    assess_timing: Timing
    issue_timing: Timing
    within_six_weeks: WithinSixWeeks
    consistency: Consistency
    outcomes: list[OutcomeRow]


def summarise(label: str, facts: Sequence[DecisionFact]) -> PeriodSummary:
    return PeriodSummary(
        label=label,
        configuration=configuration(facts),
        decisions=len(facts),
        meetings=len({f.meeting for f in facts}),
        decisions_per_meeting=decisions_per_meeting(facts),
        assess_timing=time_to_decision(facts, DecisionKind.ASSESS),
        issue_timing=time_to_decision(facts, DecisionKind.ISSUE),
        within_six_weeks=within_six_weeks(facts),
        consistency=consistency(facts),
        outcomes=outcomes_by_panel_and_kind(facts),
    )


def compare(periods: Mapping[str, Sequence[DecisionFact]]) -> list[PeriodSummary]:
    """One summary per labelled period, in the order given, to be read side by side."""
    return [summarise(label, facts) for label, facts in periods.items()]


# --- High-needs commitments by band ----------------------------------------------------------


@dataclass(frozen=True)
class FundingFact:
    """One funding decision: the band and annual amount it fixed for a case (none if refused).
    ``sequence`` orders decisions made on the same day."""

    case: str
    decided_on: date
    sequence: int
    band_name: str = ""
    annual_amount: Decimal | None = None


@dataclass(frozen=True)
class BandCommitment:
    band_name: str
    children: int
    annual_total: Decimal


def commitments_by_band(facts: Iterable[FundingFact]) -> tuple[list[BandCommitment], Decimal]:
    """The annual high-needs commitment of each band: for each case its latest funding decision
    (a later decision replaces an earlier one; a refusal leaves no commitment), at the amount
    copied onto that decision. Returns the rows by band name and the grand total."""
    latest: dict[str, FundingFact] = {}
    for fact in facts:
        current = latest.get(fact.case)
        if current is None or (fact.decided_on, fact.sequence) > (
            current.decided_on,
            current.sequence,
        ):
            latest[fact.case] = fact
    children: Counter[str] = Counter()
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for fact in latest.values():
        if fact.annual_amount is None:
            continue
        children[fact.band_name] += 1
        totals[fact.band_name] += fact.annual_amount
    rows = [
        BandCommitment(band_name=name, children=children[name], annual_total=totals[name])
        for name in sorted(totals)
    ]
    return rows, sum((row.annual_total for row in rows), Decimal("0"))
