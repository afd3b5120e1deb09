"""Small-number suppression for counts shown outside the team: the rule the public dashboard
uses (``dashboard.disclosure``, which also protects whole sets of published figures with an
integer program), here as pure functions any app may call on the counts of one table.

1. Primary suppression: a count of 1 to ``max_small`` (4 by default; the setting
   ``DASHBOARD_SMALL_COUNT_MAX``) is not shown; it reads ``c``. Zero is shown: it identifies
   no one.
2. Secondary suppression (``suppress_series``, ``suppress_table``): further numbers in a row or
   column are hidden until no hidden number can be worked out from the totals.
3. A percentage is hidden when its numerator or the rest of its denominator is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

SUPPRESSED = "c"
DEFAULT_SMALL_COUNT_MAX = 4

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
