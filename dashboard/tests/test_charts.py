"""Chart geometry: round axes, gaps for missing figures, and a text alternative."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard import charts


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (0, 1),
        (0.7, 1),
        (3.2, 5),
        (46.4, 50),
        (97747, 100000),
        (154489, 200000),
        (2.5, 2.5),
        (21, 25),
    ],
)
def test_axes_end_on_a_round_number(largest, expected):
    assert charts.nice_maximum(largest) == expected


def test_a_line_breaks_where_a_figure_is_not_available():
    chart = charts.line_chart(
        "c", "Title", ["2019", "2020", "2021", "2022"],
        [charts.Series("Area", [Decimal("50"), Decimal("60"), None, Decimal("40")])],
    )  # fmt: skip
    assert len(chart.lines) == 1  # 2019-2020; 2022 stands alone as a marker
    assert len(chart.markers) == 3
    assert "2021: not available" in chart.description


def test_series_differ_by_more_than_colour():
    chart = charts.line_chart(
        "c", "Title", ["2023", "2024"],
        [charts.Series(n, [Decimal(1), Decimal(2)]) for n in ("Swindon", "South West", "England")],
    )  # fmt: skip
    styles = {(line.colour, line.dash) for line in chart.lines}
    assert len(styles) == 3
    assert {marker.shape for marker in chart.markers} == {"circle", "square", "triangle"}
    assert [item.label for item in chart.legend] == ["Swindon", "South West", "England"]


def test_the_description_reads_the_figures():
    chart = charts.column_chart(
        "c", "Plans", ["Jan 2024", "Jan 2025"], [Decimal(576474), Decimal(638745)]
    )
    assert chart.description == "Jan 2024: 576,474; Jan 2025: 638,745."
    assert len(chart.rects) == 2


def test_percentages_above_half_use_a_full_scale():
    chart = charts.horizontal_bar_chart(
        "c", "Need", ["ASD", "SLCN"], [charts.Series("Area", [Decimal("60"), Decimal("40")])],
        is_percent=True,
    )  # fmt: skip
    widths = [rect.width for rect in chart.rects]
    assert widths[0] == pytest.approx(widths[1] * 1.5)
    assert "ASD: 60.0%" in chart.description


def test_long_labels_wrap_onto_two_lines():
    assert charts._wrap("Educated elsewhere (including home education and NEET)") == [
        "Educated elsewhere (including home",
        "education and NEET)",
    ]
