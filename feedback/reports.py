"""Evaluation figures: pure functions over plain facts (no database), so each figure can be
checked by hand. Every count shown goes through the dashboard's small-number rule
(``sendcpp.disclosure``): a count of 1 to 4 reads "c", and enough others are hidden that it
cannot be worked out from a total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sendcpp.disclosure import SUPPRESSED, Published, suppress_percentage, suppress_table

#: How the one- against two-panel comparison names its groups (the panel configuration on each
#: decision: a combined panel took every decision, or separate panels did).
PANEL_SEGMENTS = (("one", "One panel"), ("two", "Two panels"))
#: The plan format on each plan (the national template against the council's previous format).
PLAN_FORMAT_SEGMENTS = (("national", "National template"), ("previous", "Previous plan format"))


@dataclass(frozen=True)
class Row:
    label: str
    count: Published
    percentage: Decimal | str | None


@dataclass(frozen=True)
class Distribution:
    """The answers to one question: a row per option and the total."""

    rows: tuple[Row, ...]
    total: Published


def distribution(labels: Sequence[str], counts: Sequence[int]) -> Distribution:
    """Counts per option, suppressed as one row with its total; a percentage of the people who
    answered, hidden when its count is, or when the rest of the answers are few (the rule's
    ``suppress_percentage``: else 0% of 3 would tell that all 3 chose the other answers)."""
    if not labels:
        return Distribution(rows=(), total=0)
    published = suppress_table([list(counts)])[0]
    whole = sum(counts)
    rows = []
    for label, count, shown in zip(labels, counts, published, strict=False):
        percentage: Decimal | str | None
        percentage = SUPPRESSED if shown == SUPPRESSED else suppress_percentage(count, whole)
        rows.append(Row(label=label, count=shown, percentage=percentage))
    return Distribution(rows=tuple(rows), total=published[len(labels)])


@dataclass(frozen=True)
class ResponseRate:
    sent: Published
    answered: Published
    declined: Published
    rate: Decimal | str | None


def response_rate(sent: int, answered: int, declined: int) -> ResponseRate:
    """How many were asked, answered and declined; the share of those asked who answered."""
    waiting = sent - answered - declined
    published = suppress_table([[answered, declined, max(waiting, 0)]])[0]
    return ResponseRate(
        sent=published[3],
        answered=published[0],
        declined=published[1],
        rate=suppress_percentage(answered, sent) if sent else None,
    )


@dataclass(frozen=True)
class RatingFact:
    """One rating given (1 to 5), with the group its answer belongs to."""

    segment: str
    rating: int


@dataclass(frozen=True)
class SegmentSummary:
    segment: str
    label: str
    counts: tuple[Published, ...]  # ratings 1 to 5
    responses: Published
    mean: Decimal | str | None
    good_share: Decimal | str | None  # rated 4 or 5, as a percentage


def compare_ratings(
    facts: Iterable[RatingFact], segments: Sequence[tuple[str, str]]
) -> list[SegmentSummary]:
    """The ratings of each group side by side: counts of each rating (protected as one table
    with row and column totals), the mean rating and the share rating it good or very good. A
    group's mean and share are hidden when its number of responses is."""
    counters: dict[str, Counter[int]] = {key: Counter() for key, _label in segments}
    for fact in facts:
        if fact.segment in counters and 1 <= fact.rating <= 5:
            counters[fact.segment][fact.rating] += 1
    grid = [[counters[key][rating] for rating in range(1, 6)] for key, _label in segments]
    published = suppress_table(grid)
    summaries = []
    for (key, label), counts, shown in zip(segments, grid, published, strict=False):
        total = sum(counts)
        hidden = shown[5] == SUPPRESSED
        mean: Decimal | str | None
        if hidden:
            mean = SUPPRESSED
        elif total:
            mean = (
                Decimal(sum(rating * n for rating, n in zip(range(1, 6), counts, strict=True)))
                / Decimal(total)
            ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        else:
            mean = None
        good = counts[3] + counts[4]
        summaries.append(
            SegmentSummary(
                segment=key,
                label=label,
                counts=tuple(shown[:5]),
                responses=shown[5],
                mean=mean,
                good_share=SUPPRESSED if hidden else suppress_percentage(good, total),
            )
        )
    return summaries
