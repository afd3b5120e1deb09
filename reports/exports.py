"""A report as a download: CSV (every table one after the other, with a column naming each) or a
workbook with a sheet per table. Names are written so a spreadsheet never runs them as formulas."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from reports.selectors import Report, Row
from sendcpp.audit import csv_safe


def header(report: Report) -> list[str]:
    return [
        report.measure.counted,
        "On time",
        "Late",
        "On time, including exceptions (%)",
        "With an exception",
        "On time, excluding exceptions (%)",
    ]


def _numbers(row: Row) -> list[Any]:
    counts = row.counts
    return [
        counts.total,
        counts.on_time,
        counts.late,
        counts.percent_including,
        counts.exceptions,
        counts.percent_excluding,
    ]


def tables(report: Report) -> list[tuple[str, list[Row]]]:
    return [
        ("Month", report.trend),
        ("Team", report.teams),
        ("Coordinator", report.coordinators),
    ]


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Measure", "By", "Name", *header(report)])
    for by, rows in tables(report):
        for row in rows:
            writer.writerow(
                [
                    report.measure.label,
                    by,
                    csv_safe(row.label),
                    *("" if value is None else value for value in _numbers(row)),
                ]
            )
    return out.getvalue()


def as_xlsx(report: Report) -> bytes:
    book = Workbook()
    first = True
    for by, rows in tables(report):
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = f"By {by.lower()}"
        sheet.append([by, *header(report)])
        for row in rows:
            sheet.append([csv_safe(row.label), *_numbers(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
