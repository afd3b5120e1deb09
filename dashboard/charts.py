"""Server-rendered charts: this module works out the geometry and draws it as SVG markup
(``Chart.svg``; drawn in Python rather than a template because a page holds a few thousand
shapes). Every chart is an image with a text alternative, and its figures are always in a table
beside it. Only presentation attributes are used, never ``style`` (the content security policy
forbids inline styles). Colours are GOV.UK colours with at least 3:1 contrast on white, and
series also differ by line pattern and marker shape, never by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
FONT = "arial, sans-serif"

# (colour, dash pattern, marker) for the page's area, its region and England.
SERIES_STYLES = (
    ("#1d70b8", "", "circle"),
    ("#4c2c92", "8 4", "square"),
    ("#505a5f", "2 4", "triangle"),
    ("#00703c", "12 4 2 4", "circle"),
)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str


@dataclass(frozen=True)
class Line:
    points: str
    colour: str
    dash: str


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    label: str
    colour: str
    dash: str
    shape: str


@dataclass
class Chart:
    """A drawn chart: ``title`` and ``description`` are its text alternative."""

    id: str
    title: str
    description: str
    height: float
    width: int = WIDTH
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = WIDTH
    font: str = FONT

    def svg(self) -> SafeString:
        """The chart as an inline SVG image, labelled by its title and description."""
        parts = [
            f'<svg class="app-dashboard-chart" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {self.width} {_n(self.height)}" width="100%" role="img" '
            f'aria-labelledby="{self.id}-title {self.id}-desc" focusable="false">',
            f'<title id="{self.id}-title">{escape(self.title)}</title>',
            f'<desc id="{self.id}-desc">{escape(self.description)}</desc>',
        ]
        parts += [
            f'<line x1="{_n(self.plot_left)}" x2="{_n(self.plot_right)}" y1="{_n(y)}" '
            f'y2="{_n(y)}" stroke="#b1b4b6" stroke-width="1"/>'
            for y in self.gridlines
        ]
        parts += [
            f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.width)}" height="{_n(r.height)}" '
            f'fill="{r.colour}"/>'
            for r in self.rects
        ]
        parts += [
            f'<polyline points="{line.points}" fill="none" stroke="{line.colour}" '
            f'stroke-width="3"{_dash(line.dash)}/>'
            for line in self.lines
        ]
        parts += [_marker(m.x, m.y, m.shape, m.colour) for m in self.markers]
        for item in self.legend:
            if item.shape == "bar":
                parts.append(
                    f'<rect x="{_n(item.x + 4)}" y="{_n(item.y - 7)}" width="20" height="14" '
                    f'fill="{item.colour}"/>'
                )
            else:
                parts.append(
                    f'<line x1="{_n(item.x)}" x2="{_n(item.x + 28)}" y1="{_n(item.y)}" '
                    f'y2="{_n(item.y)}" stroke="{item.colour}" stroke-width="3"'
                    f"{_dash(item.dash)}/>"
                )
                parts.append(_marker(item.x + 14, item.y, item.shape, item.colour))
            parts.append(self._text(Text(item.x + 36, item.y + 5, item.label), size=14))
        parts += [self._text(text) for text in self.texts]
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

    def _text(self, text: Text, size: int = 13) -> str:
        return (
            f'<text x="{_n(text.x)}" y="{_n(text.y)}" text-anchor="{text.anchor}" '
            f'font-family="{self.font}" font-size="{size}" fill="#0b0c0c">{escape(text.text)}</text>'
        )


def _n(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _marker(x: float, y: float, shape: str, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{_n(x - 5)}" y="{_n(y - 5)}" width="10" height="10" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{_n(x)},{_n(y - 6)} {_n(x - 6)},{_n(y + 5)} {_n(x + 6)},{_n(y + 5)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{colour}"/>'


@dataclass(frozen=True)
class Series:
    """One line or set of bars. ``style`` indexes SERIES_STYLES: the page's area is always 0,
    its region 1 and England 2, so each keeps its look from chart to chart."""

    name: str
    values: Sequence[Decimal | None]
    style: int | None = None


def _style(series: Series, number: int) -> tuple[str, str, str]:
    index = series.style if series.style is not None else number
    return SERIES_STYLES[index % len(SERIES_STYLES)]


def nice_maximum(largest: float) -> float:
    """A round number at or above ``largest`` for an axis: 1, 2, 2.5 or 5 times a power of 10."""
    if largest <= 0:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _format(value: Decimal, is_percent: bool) -> str:
    return f"{value:.1f}%" if is_percent else f"{int(value):,}"


def _describe(labels: Sequence[str], series: Sequence[Series], is_percent: bool) -> str:
    parts = []
    for one in series:
        shown = [
            f"{label}: {_format(value, is_percent) if value is not None else 'not available'}"
            for label, value in zip(labels, one.values, strict=True)
        ]
        prefix = f"{one.name}. " if len(series) > 1 else ""
        parts.append(prefix + "; ".join(shown) + ".")
    return " ".join(parts)


def _wrap(label: str, width: int = 34) -> list[str]:
    words, lines, current = label.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: width - 1] + "…"]
    return lines


def horizontal_bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    is_percent: bool = False,
) -> Chart:
    """Categories down the side, one bar per series for each (the page's area first)."""
    label_width, value_width = 270, 70
    left, right = label_width + 10, WIDTH - value_width
    bar = 12 if len(series) > 1 else 18
    group = bar * len(series) + 12
    top = 10 + (24 if len(series) > 1 else 0)
    chart = Chart(
        chart_id, title, _describe(labels, series, is_percent), height=top + group * len(labels)
    )
    chart.plot_left, chart.plot_right = left, right
    numbers = [float(v) for one in series for v in one.values if v is not None]
    top_value = 100.0 if is_percent and max(numbers, default=0) > 50 else max(numbers, default=0)
    scale = (right - left) / nice_maximum(top_value)
    _legend(chart, series, y=14, bars=True)
    for index, label in enumerate(labels):
        y = top + index * group
        lines = _wrap(label)
        middle = y + (bar * len(series)) / 2
        for line_number, line in enumerate(lines):
            offset = (line_number - (len(lines) - 1) / 2) * 15
            chart.texts.append(Text(label_width, middle + offset + 5, line, "end"))
        for number, one in enumerate(series):
            value = one.values[index]
            colour = _style(one, number)[0]
            bar_y = y + number * bar
            if value is None:
                chart.texts.append(Text(left + 4, bar_y + bar - 3, "not available"))
                continue
            width = max(float(value) * scale, 0)
            chart.rects.append(Rect(left, bar_y, width, bar - 2, colour))
            chart.texts.append(Text(left + width + 4, bar_y + bar - 3, _format(value, is_percent)))
    return chart


def column_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[Decimal | None]
) -> Chart:
    """One column per period (a trend of counts), labelled with its value."""
    height, top, bottom, left = 300, 24, 40, 70
    chart = Chart(chart_id, title, _describe(labels, [Series("", values)], False), height=height)
    chart.plot_left, chart.plot_right = left, WIDTH - 10
    maximum = nice_maximum(max((float(v) for v in values if v is not None), default=0))
    plot_height = height - top - bottom
    _y_axis(chart, maximum, top, plot_height, is_percent=False)
    slot = (chart.plot_right - left) / max(len(labels), 1)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + slot * index
        chart.texts.append(Text(x + slot / 2, height - bottom + 18, label, "middle"))
        if value is None:
            chart.texts.append(Text(x + slot / 2, top + plot_height - 4, "n/a", "middle"))
            continue
        bar_height = float(value) / maximum * plot_height
        y = top + plot_height - bar_height
        chart.rects.append(Rect(x + slot * 0.2, y, slot * 0.6, bar_height, SERIES_STYLES[0][0]))
        chart.texts.append(Text(x + slot / 2, y - 5, _format(value, False), "middle"))
    return chart


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    is_percent: bool = True,
) -> Chart:
    """One line per series over the periods; a gap where a figure is not available."""
    height, bottom, left = 320, 40, 70
    top = 24 + 22 * math.ceil(len(series) / 2)
    chart = Chart(chart_id, title, _describe(labels, series, is_percent), height=height)
    chart.plot_left, chart.plot_right = left, WIDTH - 20
    numbers = [float(v) for one in series for v in one.values if v is not None]
    largest = max(numbers, default=0)
    maximum = 100.0 if is_percent and largest > 50 else nice_maximum(largest)
    plot_height = height - top - bottom
    _y_axis(chart, maximum, top, plot_height, is_percent=is_percent)
    step = (chart.plot_right - left) / max(len(labels) - 1, 1)
    for index, label in enumerate(labels):
        chart.texts.append(Text(left + step * index, height - bottom + 20, label, "middle"))
    _legend(chart, series, y=14)
    for number, one in enumerate(series):
        colour, dash, shape = _style(one, number)
        segment: list[str] = []
        for index, value in enumerate(one.values):
            if value is None:
                if len(segment) > 1:
                    chart.lines.append(Line(" ".join(segment), colour, dash))
                segment = []
                continue
            x = left + step * index
            y = top + plot_height - float(value) / maximum * plot_height
            segment.append(f"{x:.1f},{y:.1f}")
            chart.markers.append(Marker(round(x, 1), round(y, 1), shape, colour))
        if len(segment) > 1:
            chart.lines.append(Line(" ".join(segment), colour, dash))
    return chart


def _y_axis(
    chart: Chart, maximum: float, top: float, plot_height: float, *, is_percent: bool
) -> None:
    for tick in range(5):
        value = maximum * tick / 4
        y = top + plot_height - plot_height * tick / 4
        chart.gridlines.append(round(y, 1))
        text = f"{value:g}%" if is_percent else f"{value:,.0f}"
        chart.texts.append(Text(chart.plot_left - 8, y + 4, text, "end"))


def _legend(chart: Chart, series: Sequence[Series], *, y: float, bars: bool = False) -> None:
    if len(series) < 2:
        return
    for number, one in enumerate(series):
        colour, dash, shape = _style(one, number)
        if bars:
            dash, shape = "", "bar"
        column, row = number % 2, number // 2
        chart.legend.append(
            LegendItem(10 + column * (WIDTH / 2), y + row * 22, one.name, colour, dash, shape)
        )
