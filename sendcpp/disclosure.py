"""Statistical disclosure control for figures the service publishes from its own case records.

The rule (domain spec 5.3), in plain English as the pages explain it:

1. Primary suppression: a count of 1 to ``max_small`` children (4 by default; the setting
   ``DASHBOARD_SMALL_COUNT_MAX``) is not shown; it reads ``c``. Zero is shown: it identifies
   no one.
2. Secondary suppression: a hidden number must not be recoverable, nor narrowed, from
   anything else published with it. Further numbers are hidden until, for every hidden number,
   the lowest and highest it could be (worked out exactly from every figure shown and how they
   add up) are at least ``PROTECTION`` (5) either side of it, or as far as it can go.
3. A percentage is hidden when its numerator or the rest of its denominator is hidden.

``suppress_table`` and ``suppress_series`` apply the classic row-and-column version of rule 2 to
a single table (the next smallest number in a row or column is hidden until the hidden numbers
add up to more than ``max_small``); they are only safe for a table published on its own.

Published DfE figures are shown as published: the DfE EHC plans release applies no suppression.
Raw counts are kept for the SEN2 return and internal reports, which are not published.

Tables are not published alone. An authority's live figures (page, CSV, JSON and API) share
totals: a broad area of need is the sum of its need types, and the plans in force are the total
of every table. Suppressing each table on its own let a hidden count be worked out by
subtraction from another table. So the whole set of figures published together is protected at
once (``FigureSet`` and ``protect``), and every hidden figure is audited with a linear program
(``audit``): the smallest and largest value it could take, as a whole number of children, given
every published figure and how they add up. A hidden figure passes when that range reaches at
least ``PROTECTION`` (5) either side of its true value, or as far as its range can go (0 below,
the smallest shown total containing it above). ``protect`` hides further figures until every
hidden figure passes, and refuses (``DisclosureAuditFailed``) to return figures that do not.
See docs/decisions/0007-disclosure-audit.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.conf import settings
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

SUPPRESSED = "c"
DEFAULT_SMALL_COUNT_MAX = 4
PROTECTION = 5  # a hidden figure's feasible range must reach this far either side of it

Published = int | str  # a count, or "c"


def small_count_max() -> int:
    """The largest count hidden by primary suppression (configurable, 4 unless set)."""
    return int(getattr(settings, "DASHBOARD_SMALL_COUNT_MAX", DEFAULT_SMALL_COUNT_MAX))


def is_small(count: int, max_small: int) -> bool:
    """A count that could identify someone: at least 1 and at most ``max_small``."""
    return 1 <= count <= max_small


def suppress_count(count: int, *, max_small: int | None = None) -> Published:
    """A single published count (one with no totals beside it): primary suppression only."""
    limit = small_count_max() if max_small is None else max_small
    return SUPPRESSED if is_small(count, limit) else count


def suppress_series(counts: Sequence[int], *, max_small: int | None = None) -> list[Published]:
    """A list of counts published with its total (one row): returns the counts followed by the
    total, with small counts hidden and enough others hidden that none can be recovered."""
    return suppress_table([list(counts)], max_small=max_small)[0]


def suppress_table(
    counts: Sequence[Sequence[int]], *, max_small: int | None = None
) -> list[list[Published]]:
    """A table of counts published with row and column totals.

    Returns the table with a total appended to every row and a row of column totals (ending in
    the grand total) appended, small counts hidden (primary suppression) and further cells hidden
    until no hidden cell can be worked out from a row or column total (secondary suppression).
    """
    limit = small_count_max() if max_small is None else max_small
    grid = _with_totals(counts)
    hidden = {
        (r, c)
        for r, row in enumerate(grid)
        for c, value in enumerate(row)
        if is_small(value, limit)
    }
    lines = _lines(len(grid), len(grid[0]))
    changed = True
    while changed:
        changed = False
        for line in lines:
            cell = _cell_to_hide(grid, hidden, line, limit)
            if cell is not None:
                hidden.add(cell)
                changed = True
    return [
        [SUPPRESSED if (r, c) in hidden else value for c, value in enumerate(row)]
        for r, row in enumerate(grid)
    ]


def _with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    if not counts or not counts[0]:
        raise ValueError("A table needs at least one cell")
    width = len(counts[0])
    if any(len(row) != width or any(value < 0 for value in row) for row in counts):
        raise ValueError("A table's rows must be the same length and hold counts (0 or more)")
    rows = [[*row, sum(row)] for row in counts]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


Line = tuple[list[tuple[int, int]], tuple[int, int]]  # the cells of a row or column, its total


def _lines(height: int, width: int) -> list[Line]:
    rows = [([(r, c) for c in range(width - 1)], (r, width - 1)) for r in range(height)]
    columns = [([(r, c) for r in range(height - 1)], (height - 1, c)) for c in range(width)]
    return rows + columns


def _cell_to_hide(
    grid: list[list[int]], hidden: set[tuple[int, int]], line: Line, limit: int
) -> tuple[int, int] | None:
    """The next cell this row or column needs hidden to be safe, or None if it is safe."""
    cells, total = line
    hidden_cells = [cell for cell in cells if cell in hidden]
    if total in hidden:
        # A hidden total is safe while at least one of the cells adding up to it is hidden.
        exposed = not hidden_cells and any(grid[r][c] for r, c in cells)
    else:
        hidden_sum = sum(grid[r][c] for r, c in hidden_cells)
        exposed = len(hidden_cells) == 1 or 0 < hidden_sum <= limit
    if not exposed:
        return None
    shown = [cell for cell in cells if cell not in hidden]
    # The next smallest number that is not zero protects best; a zero only if nothing else is
    # left; the total itself when every cell is already hidden.
    candidates = [cell for cell in shown if grid[cell[0]][cell[1]] > 0] or shown
    if candidates:
        return min(candidates, key=lambda cell: (grid[cell[0]][cell[1]], cell))
    return total if total not in hidden else None


def suppress_percentage(
    numerator: int, denominator: int, *, max_small: int | None = None
) -> Decimal | str | None:
    """``numerator`` as a percentage of ``denominator`` to one decimal place, hidden (``c``)
    when the numerator or the rest of the denominator is hidden; None with no denominator."""
    if denominator <= 0:
        return None
    if numerator < 0 or numerator > denominator:
        raise ValueError("The numerator must be between 0 and the denominator")
    published = suppress_series([numerator, denominator - numerator], max_small=max_small)
    if SUPPRESSED in published:
        return SUPPRESSED
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# ---------------------------------------------------------------------------------------------
# Protecting a whole set of figures published together, proven by an integer program


@dataclass(frozen=True)
class Figure:
    """A published count: the sum of some of the set's unknowns (``cells``), under one or more
    names (the same number shown in several tables is one figure)."""

    cells: frozenset[int]
    names: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Ratio:
    """A published percentage (one decimal place) of ``numerator`` cells over ``denominator``
    cells (which include the numerator's)."""

    name: str
    numerator: frozenset[int]
    denominator: frozenset[int]


class FigureSet:
    """Every figure published together for one area, over the finest counts they are built
    from (the unknowns an observer would solve for): for the live figures, plans in force by
    need type, age group and type of setting, and each headline count."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.figures: list[Figure] = []
        self.ratios: list[Ratio] = []
        self.identities: list[tuple[frozenset[int], frozenset[int]]] = []
        self._by_cells: dict[frozenset[int], int] = {}

    def unknown(self, count: int) -> int:
        """Add one of the finest counts; its index."""
        if count < 0:
            raise ValueError("A count cannot be negative")
        self.values.append(int(count))
        return len(self.values) - 1

    def figure(self, name: str, cells: Iterable[int]) -> int:
        """Publish the sum of ``cells`` under ``name``; its figure number (the same sum
        published twice is the same figure, hidden or shown everywhere alike)."""
        key = frozenset(cells)
        if not key:
            raise ValueError(f"{name}: a figure adds up at least one count")
        index = self.figure_of(key)
        if index is None:
            self.figures.append(Figure(key, (name,)))
            index = self._by_cells[key] = len(self.figures) - 1
        else:
            known = self.figures[index]
            if name not in known.names:
                self.figures[index] = Figure(known.cells, (*known.names, name))
        return index

    def identity(self, one: Iterable[int], other: Iterable[int]) -> None:
        """Two sets of counts that add up to the same number, published or not (the plans by
        type of setting and the plans by need and age are the same plans). Counting each
        breakdown over its own unknowns, joined by identities, is exact and keeps the program
        small."""
        self.identities.append((frozenset(one), frozenset(other)))

    def totals_containing(self, cells: frozenset[int]) -> list[frozenset[int]]:
        """The sets of counts containing ``cells`` whose total is a figure: figures, and a side
        of an identity whose other side is a figure. Smallest first."""
        found = [f.cells for f in self.figures if cells < f.cells]
        for one, other in self.identities:
            for side, twin in ((one, other), (other, one)):
                if cells < side and twin in self._by_cells:
                    found.append(side)
        return sorted(found, key=len)

    def figure_of(self, cells: frozenset[int]) -> int | None:
        """The figure whose total is the total of ``cells``, if there is one."""
        index = self._by_cells.get(cells)
        if index is not None:
            return index
        for one, other in self.identities:
            if cells == one and other in self._by_cells:
                return self._by_cells[other]
            if cells == other and one in self._by_cells:
                return self._by_cells[one]
        return None

    def ratio(self, name: str, numerator: Iterable[int], denominator: Iterable[int]) -> int:
        top, bottom = frozenset(numerator), frozenset(denominator)
        if not top <= bottom:
            raise ValueError(f"{name}: the numerator must be part of the denominator")
        self.ratios.append(Ratio(name, top, bottom))
        return len(self.ratios) - 1

    def total(self, cells: Iterable[int]) -> int:
        return sum(self.values[cell] for cell in cells)

    def value(self, figure: int) -> int:
        return self.total(self.figures[figure].cells)

    def percentage(self, ratio: int) -> Decimal | None:
        found = self.ratios[ratio]
        denominator = self.total(found.denominator)
        if denominator == 0:
            return None
        return (Decimal(self.total(found.numerator)) * 100 / Decimal(denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class CellRange:
    """What an observer can work out about one hidden figure from everything published: it lies
    between ``low`` and ``high`` (``math.inf`` when nothing bounds it)."""

    name: str
    value: int
    low: float
    high: float
    needed_low: int
    needed_high: float
    cells: frozenset[int] = field(default=frozenset(), repr=False, compare=False)

    @property
    def protected(self) -> bool:
        return self.low <= self.needed_low and self.high >= self.needed_high

    def __str__(self) -> str:
        high = "no limit" if math.isinf(self.high) else f"{self.high:g}"
        verdict = "protected" if self.protected else "NOT PROTECTED"
        return f"{self.name}: true {self.value}, could be {self.low:g} to {high} ({verdict})"


@dataclass
class AuditReport:
    """The audit of every hidden figure of a set (and of the numerator of every hidden
    percentage)."""

    cells: list[CellRange] = field(default_factory=list)
    protection: int = PROTECTION
    hidden: int = 0  # figures and percentages hidden (a percentage audits two counts)

    @property
    def passed(self) -> bool:
        return all(cell.protected for cell in self.cells)

    @property
    def failures(self) -> list[CellRange]:
        return [cell for cell in self.cells if not cell.protected]

    def __str__(self) -> str:
        lines = [
            f"Disclosure audit: {len(self.cells)} hidden figures, protection +/-{self.protection}"
        ]
        lines += [f"  {cell}" for cell in self.cells]
        return "\n".join(lines)


class DisclosureAuditFailed(Exception):
    """Figures were about to be published with a hidden number that could be narrowed: nothing
    is published. The message names no figure or value (it may reach a log); ``report`` holds
    the audit for the tests and for whoever investigates."""

    def __init__(self, report: AuditReport) -> None:
        self.report = report
        super().__init__(
            f"These figures were not published: {len(report.failures)} hidden number(s) could "
            "be narrowed."
        )


@dataclass
class ProtectedFigures:
    """A figure set with the figures to hide, audited."""

    figure_set: FigureSet
    hidden: frozenset[int]
    hidden_ratios: frozenset[int]
    report: AuditReport

    def published(self, figure: int) -> int | str:
        return SUPPRESSED if figure in self.hidden else self.figure_set.value(figure)

    def published_percentage(self, ratio: int) -> Decimal | str | None:
        value = self.figure_set.percentage(ratio)
        if value is None:
            return None
        return SUPPRESSED if ratio in self.hidden_ratios else value


class _Solver:
    """The observer's integer program: unknowns are non-negative whole numbers; every shown
    figure fixes a sum; every shown percentage bounds its numerator against its denominator.

    Two exact reductions keep it small: an unknown inside a shown zero is zero (dropped), and
    each extreme is first solved as a linear program, whose answer stands when it is whole (an
    integer point reaching the relaxed optimum is the integer optimum); otherwise the integer
    program is solved."""

    def __init__(
        self, figure_set: FigureSet, hidden: frozenset[int], hidden_ratios: frozenset[int]
    ):
        self.figure_set = figure_set
        shown = [i for i in range(len(figure_set.figures)) if i not in hidden]
        zero: set[int] = set()
        for index in shown:
            if figure_set.value(index) == 0:
                zero |= figure_set.figures[index].cells
        kept = [cell for cell in range(len(figure_set.values)) if cell not in zero]
        self.column = {cell: column for column, cell in enumerate(kept)}
        self.size = max(len(kept), 1)
        self.rows: list[dict[int, float]] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        for index in shown:
            if value := figure_set.value(index):
                self._add(dict.fromkeys(figure_set.figures[index].cells, 1), value, value)
        for one, other in figure_set.identities:
            row = dict.fromkeys(one, 1.0)
            for cell in other:
                row[cell] = row.get(cell, 0.0) - 1
            self._add(row, 0, 0)
        self._add_ratios(hidden_ratios)
        matrix = lil_matrix((len(self.rows), self.size))
        for number, row in enumerate(self.rows):
            for column, coefficient in row.items():
                matrix[number, column] = coefficient
        self.matrix = matrix.tocsr()
        self._join()
        # A finite box keeps every program bounded; reaching it means "no limit".
        self.ceiling = 10 * (sum(figure_set.values) + 100)

    def _join(self) -> None:
        """Unknowns no constraint joins are independent: each program is solved over the
        unknowns joined to its objective only (exact, and smaller)."""
        parent = list(range(self.size))

        def find(column: int) -> int:
            while parent[column] != column:
                parent[column] = parent[parent[column]]
                column = parent[column]
            return column

        for row in self.rows:
            first, *others = row
            for other in others:
                parent[find(other)] = find(first)
        self.component = np.array([find(column) for column in range(self.size)])
        self.row_component = np.array([find(next(iter(row))) for row in self.rows], dtype=int)

    def _add_ratios(self, hidden_ratios: frozenset[int]) -> None:
        for index, ratio in enumerate(self.figure_set.ratios):
            shown_pc = self.figure_set.percentage(index)
            if index in hidden_ratios or shown_pc is None:
                continue
            # Rounded to one place: the true share is within 0.05 of the shown one.
            for bound, sign in ((float(shown_pc) - 0.05, 1), (float(shown_pc) + 0.05, -1)):
                row = dict.fromkeys(ratio.denominator, -bound * sign)
                for cell in ratio.numerator:
                    row[cell] += 100 * sign
                self._add(row, -1e-7, np.inf)

    def _add(self, row: dict[int, float], lower: float, upper: float) -> None:
        """A constraint over unknowns (those fixed at zero left out)."""
        kept = {self.column[c]: v for c, v in row.items() if c in self.column and v}
        if kept:
            self.rows.append(kept)
            self.lower.append(lower)
            self.upper.append(upper)

    def extreme(self, cells: frozenset[int], *, sign: int) -> float:
        columns = [self.column[cell] for cell in cells if cell in self.column]
        if not columns:
            return 0.0
        joined = np.isin(self.component, self.component[columns])
        kept = np.flatnonzero(joined)
        rows = np.flatnonzero(np.isin(self.row_component, self.component[columns]))
        objective = np.zeros(len(kept))
        objective[np.searchsorted(kept, columns)] = sign
        constraints = (
            [
                LinearConstraint(
                    self.matrix[rows][:, kept],
                    np.array(self.lower)[rows],
                    np.array(self.upper)[rows],
                )
            ]
            if len(rows)
            else []
        )
        bounds = Bounds(np.zeros(len(kept)), np.full(len(kept), self.ceiling))
        value = None
        for integrality in (np.zeros(len(kept)), np.ones(len(kept))):
            result = milp(
                objective, constraints=constraints, integrality=integrality, bounds=bounds
            )
            if result.status != 0:  # the true figures are always a solution
                raise RuntimeError(f"The disclosure audit could not be solved: {result.message}")
            if np.allclose(result.x, np.round(result.x), atol=1e-6):
                value = round(sign * result.fun)
                break
        if value is None:  # pragma: no cover - the integer program always answers
            raise RuntimeError("The disclosure audit could not be solved")
        return math.inf if sign < 0 and value >= self.ceiling else float(value)


def _audited(
    figure_set: FigureSet, hidden: frozenset[int], hidden_ratios: frozenset[int]
) -> Iterator[tuple[str, frozenset[int]]]:
    """(name, cells) of what the audit checks: each hidden figure, and the numerator and the
    rest of each hidden percentage."""
    for index in sorted(hidden):
        figure = figure_set.figures[index]
        yield " / ".join(figure.names), figure.cells
    for index in sorted(hidden_ratios):
        ratio = figure_set.ratios[index]
        yield f"{ratio.name}: numerator", ratio.numerator
        yield f"{ratio.name}: the rest", ratio.denominator - ratio.numerator


nan = math.nan


def audit(
    figure_set: FigureSet,
    hidden: Iterable[int],
    hidden_ratios: Iterable[int] = (),
    *,
    protection: int = PROTECTION,
    only: Iterable[frozenset[int]] | None = None,
) -> AuditReport:
    """For every hidden figure, the least and greatest value it can take given every figure
    shown (solved exactly with HiGHS), and whether that is wide enough."""
    hidden, hidden_ratios = frozenset(hidden), frozenset(hidden_ratios)
    solver = _Solver(figure_set, hidden, hidden_ratios)
    wanted = set(only) if only is not None else None
    report = AuditReport(protection=protection, hidden=len(hidden) + len(hidden_ratios))
    for name, cells in _audited(figure_set, hidden, hidden_ratios):
        if not cells or (wanted is not None and cells not in wanted):
            continue
        value = figure_set.total(cells)
        containing = [
            figure_set.total(total)
            for total in figure_set.totals_containing(cells)
            if figure_set.figure_of(total) not in hidden
        ]
        needed_low = max(0, value - protection)
        low = solver.extreme(cells, sign=1)
        report.cells.append(
            CellRange(
                name=name,
                value=value,
                low=low,
                # A figure already too narrow below fails whatever its top: skipped while
                # choosing what to hide (``only``), always solved for the report.
                high=solver.extreme(cells, sign=-1) if only is None or low <= needed_low else nan,
                needed_low=needed_low,
                needed_high=min([value + protection, *containing]),
                cells=cells,
            )
        )
    return report


def protect(
    figure_set: FigureSet, *, max_small: int | None = None, protection: int = PROTECTION
) -> ProtectedFigures:
    """Choose the figures to hide: every count of 1 to ``max_small`` (primary suppression) and
    every percentage whose numerator or rest is one, then (secondary suppression) further
    figures until the audit proves no hidden figure can be narrowed to less than
    ``protection`` either side. Raises ``DisclosureAuditFailed`` rather than return figures
    that fail the audit."""
    limit = small_count_max() if max_small is None else max_small
    count = len(figure_set.figures)
    hidden = {i for i in range(count) if is_small(figure_set.value(i), limit)}
    hidden_ratios: set[int] = set()
    for index, ratio in enumerate(figure_set.ratios):
        top = figure_set.total(ratio.numerator)
        rest = figure_set.total(ratio.denominator) - top
        if is_small(top, limit) or is_small(rest, limit):
            hidden_ratios.add(index)
    checking: set[frozenset[int]] | None = None  # None: everything
    while True:
        failures = audit(
            figure_set, hidden, hidden_ratios, protection=protection, only=checking
        ).failures
        if not failures:
            break
        # Hiding a figure only removes a constraint, so a figure that passed still passes:
        # only the failures, and whatever is hidden next, need checking again.
        checking = {failure.cells for failure in failures}
        # One more figure for each failure, chosen before any is hidden (a round at a time).
        chosen = {
            _next_to_hide(figure_set, hidden, hidden_ratios, failure.cells) for failure in failures
        }
        for kind, index in chosen:
            if kind == "figure":
                hidden.add(index)
                checking.add(figure_set.figures[index].cells)
            else:
                hidden_ratios.add(index)
                ratio = figure_set.ratios[index]
                checking |= {ratio.numerator, ratio.denominator - ratio.numerator}
    return require_safe(figure_set, hidden, hidden_ratios, protection=protection)


def require_safe(
    figure_set: FigureSet,
    hidden: Iterable[int],
    hidden_ratios: Iterable[int] = (),
    *,
    protection: int = PROTECTION,
) -> ProtectedFigures:
    """The figures with ``hidden`` hidden, ready to publish, once a full audit proves every
    hidden figure safe; ``DisclosureAuditFailed`` (nothing published) if any is not."""
    hidden, hidden_ratios = frozenset(hidden), frozenset(hidden_ratios)
    report = audit(figure_set, hidden, hidden_ratios, protection=protection)
    if not report.passed:
        raise DisclosureAuditFailed(report)
    return ProtectedFigures(figure_set, hidden, hidden_ratios, report)


def _next_to_hide(
    figure_set: FigureSet, hidden: set[int], hidden_ratios: set[int], cells: frozenset[int]
) -> tuple[str, int]:
    """The shown figure whose hiding best protects ``cells``: the smallest non-zero figure
    beside it under a common total (a sibling: the classic secondary suppression), else the
    smallest figure overlapping it, else a percentage built on it."""
    shown = [i for i in range(len(figure_set.figures)) if i not in hidden]

    def order(index: int) -> tuple[bool, int, int]:
        value = figure_set.value(index)
        return (value == 0, value, index)

    # The tightest totals containing it first: a sibling there is what an observer subtracts;
    # then a figure overlapping it (a breakdown of it, or of the total it is in). A number
    # that is not zero protects best; a zero only when nothing else is left.
    parents = figure_set.totals_containing(cells)
    for nonzero in (True, False):
        for parent in parents:
            siblings = [
                i
                for i in shown
                if figure_set.figures[i].cells <= parent
                and not figure_set.figures[i].cells & cells
                and (figure_set.value(i) > 0 or not nonzero)
            ]
            if siblings:
                return "figure", min(siblings, key=order)
        overlapping = [
            i
            for i in shown
            if figure_set.figures[i].cells & cells and (figure_set.value(i) > 0 or not nonzero)
        ]
        if overlapping:
            return "figure", min(overlapping, key=order)
    ratios = [
        i
        for i, ratio in enumerate(figure_set.ratios)
        if i not in hidden_ratios and ratio.denominator & cells
    ]
    if ratios:
        return "ratio", ratios[0]
    raise RuntimeError("Nothing left to hide, yet a hidden figure can be narrowed")
