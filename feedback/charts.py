"""A horizontal bar chart drawn as SVG, for the report's distributions. Its figures are always
in a table beside it; a hidden (suppressed) count has no bar. Presentation attributes only,
never ``style`` (the content security policy forbids inline styles)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from feedback.reports import Row

WIDTH = 640
LABEL_WIDTH = 240
BAR_HEIGHT = 24
GAP = 10
COLOUR = "#1d70b8"


def bar_chart(rows: Sequence[Row], *, title: str) -> SafeString:
    counts = [row.count for row in rows if isinstance(row.count, int)]
    largest = max(counts, default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    plot = WIDTH - LABEL_WIDTH - 60
    parts = [
        f'<svg class="app-dashboard-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}: the figures are in the table" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="15" '
            f'font-family="arial, sans-serif" fill="#0b0c0c">{escape(row.label[:34])}</text>'
        )
        if isinstance(row.count, int):
            width = round(plot * row.count / largest, 1)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                f'fill="{COLOUR}"/>'
            )
            value = str(row.count)
            x = LABEL_WIDTH + width + 6
        else:
            value = "hidden"
            x = LABEL_WIDTH + 6
        parts.append(
            f'<text x="{x}" y="{y + 17}" font-size="15" font-family="arial, sans-serif" '
            f'fill="#0b0c0c">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  every text is escaped above
