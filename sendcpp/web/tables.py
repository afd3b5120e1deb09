"""Column headings for the GOV.UK table include, ``govuk/table.html``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column's heading; a ``numeric`` column is right-aligned, heading and cells alike; a
    ``hidden`` heading is read by screen readers only (a column of buttons, say)."""

    text: str
    numeric: bool = False
    hidden: bool = False

    def __str__(self) -> str:
        return self.text


def _named(names: str, headings: tuple[str, ...]) -> set[str]:
    named = {name.strip() for name in names.split(",") if name.strip()}
    unknown = named - set(headings)
    if unknown:
        raise ValueError(f"No column is headed {', '.join(sorted(unknown))}")
    return named


def columns(*headings: str, numeric: int | str = 0, hidden: str = "") -> list[Column]:
    """The headings of a table whose last ``numeric`` columns hold numbers:
    ``{% columns "Date" "Status" "Papers" numeric=1 as head %}``; or, where a column of numbers
    is not at the end, the numeric headings named, separated by commas:
    ``{% columns "Date" "Score" "Outcome" numeric="Score" as head %}``. ``hidden`` names the
    headings only screen readers read: ``{% columns "Name" "Action" hidden="Action" as head %}``."""
    if isinstance(numeric, str):
        named = _named(numeric, headings)
        numeric_at = [text in named for text in headings]
    else:
        first_numeric = len(headings) - numeric
        numeric_at = [index >= first_numeric for index in range(len(headings))]
    quiet = _named(hidden, headings)
    return [
        Column(text, is_numeric, text in quiet)
        for text, is_numeric in zip(headings, numeric_at, strict=True)
    ]
