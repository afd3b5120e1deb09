"""Reading the cells of a spreadsheet a council uploads (XLSX read with openpyxl): one rule for
every importer, so that a date, a whole number typed as 12.0 or an empty cell reads the same
everywhere."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def cell_text(value: Any) -> str:
    """A cell as the text a CSV would hold: dates as ISO dates, whole numbers without ``.0``,
    empty cells as ``""``, everything else trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
