"""Statistical disclosure control: primary and secondary suppression, table by table."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from sendcpp import disclosure
from sendcpp.disclosure import SUPPRESSED as C


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(0, 0, id="_case zero is shown"),
        pytest.param(1, C, id="_case one is hidden"),
        pytest.param(4, C, id="_case four is hidden"),
        pytest.param(5, 5, id="_case five is shown"),
        pytest.param(1200, 1200, id="_case large is shown"),
    ],
)
def test_single_counts_are_suppressed_from_one_to_four(count, expected):
    assert disclosure.suppress_count(count, max_small=4) == expected


def test_the_threshold_is_configurable(settings):
    settings.DASHBOARD_SMALL_COUNT_MAX = 9
    assert disclosure.small_count_max() == 9
    assert disclosure.suppress_count(7) == C
    assert disclosure.suppress_count(10) == 10


def test_the_default_threshold_is_four(settings):
    del settings.DASHBOARD_SMALL_COUNT_MAX
    assert disclosure.small_count_max() == 4


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param([10, 20, 30], [10, 20, 30, 60], id="_case nothing small"),
        pytest.param([0, 20, 30], [0, 20, 30, 50], id="_case zero needs no protection"),
        pytest.param(
            [3, 20, 30], [C, C, 30, 53], id="_case one small: the next smallest is hidden too"
        ),
        pytest.param(
            [3, 4, 30, 50], [C, C, 30, 50, 87], id="_case two small adding to 7 shield each other"
        ),
        pytest.param(
            [1, 1, 30, 50], [C, C, C, 50, 82], id="_case two ones would be recovered: hide more"
        ),
        pytest.param([2, 0, 0], [C, 0, 0, C], id="_case a small total is hidden"),
        pytest.param(
            [3, 0, 40], [C, 0, C, 43], id="_case the next smallest non-zero is hidden, not a zero"
        ),
        pytest.param([7], [7, 7], id="_case one cell"),
        pytest.param([2], [C, C], id="_case one small cell and its total"),
    ],
)
def test_series_secondary_suppression(counts, expected):
    assert disclosure.suppress_series(counts, max_small=4) == expected


def test_a_small_pair_adding_to_more_than_four_is_safe():
    # 1 and 4 hidden: the total tells you they add up to 5, which does not reveal either.
    assert disclosure.suppress_series([1, 4, 40], max_small=4) == [C, C, 40, 45]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(
            [[10, 20], [30, 40]],
            [[10, 20, 30], [30, 40, 70], [40, 60, 100]],
            id="_case nothing small",
        ),
        pytest.param(
            [[2, 20, 30], [15, 25, 35]],
            [[C, C, 30, 52], [C, C, 35, 75], [17, 45, 65, 127]],
            id="_case one small cell: its row and column and the crossing cell",
        ),
        pytest.param(
            [[1, 50], [50, 1]],
            [[C, C, 51], [C, C, 51], [51, 51, 102]],
            id="_case small cells on the diagonal protect each other's rows and columns",
        ),
    ],
)
def test_table_secondary_suppression(table, expected):
    assert disclosure.suppress_table(table, max_small=4) == expected


def _hidden(published):
    return {(r, c) for r, row in enumerate(published) for c, v in enumerate(row) if v == C}


def _lines(height, width):
    rows = [([(r, c) for c in range(width - 1)], (r, width - 1)) for r in range(height)]
    cols = [([(r, c) for r in range(height - 1)], (height - 1, c)) for c in range(width)]
    return rows + cols


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_worked_out_from_a_total(seed):
    rng = random.Random(seed)
    height, width = rng.randint(1, 5), rng.randint(1, 5)
    table = [
        [rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 13, 40, 100]) for _ in range(width)]
        for _ in range(height)
    ]
    published = disclosure.suppress_table(table, max_small=4)
    full = [[*row, sum(row)] for row in table]
    full.append([sum(col) for col in zip(*full, strict=True)])
    hidden = _hidden(published)
    # Every small count is hidden, every shown figure is the true one.
    for r, c in itertools.product(range(height + 1), range(width + 1)):
        if (r, c) not in hidden:
            assert published[r][c] == full[r][c]
        else:
            assert published[r][c] == C
        if 1 <= full[r][c] <= 4:
            assert (r, c) in hidden
    for cells, total in _lines(height + 1, width + 1):
        inside = [cell for cell in cells if cell in hidden]
        if total in hidden:
            # A hidden total cannot be rebuilt from its cells if they are all shown.
            assert inside or not any(full[r][c] for r, c in cells)
        else:
            # Never exactly one hidden cell against a shown total, and never a small sum.
            assert len(inside) != 1
            hidden_sum = sum(full[r][c] for r, c in inside)
            assert hidden_sum == 0 or hidden_sum > 4


def test_a_table_must_hold_counts():
    with pytest.raises(ValueError, match="counts"):
        disclosure.suppress_table([[1, -2]])
    with pytest.raises(ValueError, match="same length"):
        disclosure.suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError, match="at least one cell"):
        disclosure.suppress_table([])


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(39407, 84866, Decimal("46.4"), id="_case England 2024, 20 weeks"),
        pytest.param(50, 100, Decimal("50.0"), id="_case half"),
        pytest.param(3, 100, C, id="_case small numerator"),
        pytest.param(97, 100, C, id="_case small remainder reveals the rest"),
        pytest.param(4, 4, C, id="_case small denominator"),
        pytest.param(0, 40, Decimal("0.0"), id="_case none within"),
        pytest.param(0, 0, None, id="_case nothing to divide by"),
    ],
)
def test_percentages_are_hidden_with_their_counts(numerator, denominator, expected):
    assert disclosure.suppress_percentage(numerator, denominator, max_small=4) == expected


def test_a_percentage_needs_a_numerator_within_its_denominator():
    with pytest.raises(ValueError, match="between"):
        disclosure.suppress_percentage(5, 4)
