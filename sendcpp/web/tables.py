"""Column headings for the GOV.UK table include, ``govuk/table.html``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column's heading; a ``numeric`` column is right-aligned, heading and cells alike."""

    text: str
    numeric: bool = False

    def __str__(self) -> str:
        return self.text


def columns(*headings: str, numeric: int = 0) -> list[Column]:
    """The headings of a table whose last ``numeric`` columns hold numbers:
    ``{% columns "Date" "Status" "Papers" numeric=1 as head %}``."""
    first_numeric = len(headings) - numeric
    return [Column(text, index >= first_numeric) for index, text in enumerate(headings)]
