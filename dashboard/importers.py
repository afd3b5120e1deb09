"""Reading published statistics in the open-data CSV format of "Explore education statistics".

The format is "tidy": one row per time period, area and breakdown, with the geography columns
(``time_period, time_identifier, geographic_level, country_code, country_name, region_code,
region_name, new_la_code, old_la_code, la_name``), the breakdown columns (``breakdown_topic,
breakdown``) and then one column per indicator. A figure that is not a number is one of the
published symbols (``x``, ``c``, ``z``, ``low``...), which is kept as it is.

``read_statistics_file`` checks the whole file and either returns it parsed or raises
``StatisticsFileError`` listing every problem by row and column. Nothing here touches the
database: ``dashboard.services.import_statistics`` applies a checked file in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.datasets import DATASETS, SYMBOLS, DatasetSpec, reporting_year_of
from dashboard.models import GeographicLevel
from sendcpp.exceptions import DomainError

MAX_ERRORS = 100

GEOGRAPHY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
)
BREAKDOWN_COLUMNS = ("breakdown_topic", "breakdown")
NON_INDICATOR_COLUMNS = frozenset(GEOGRAPHY_COLUMNS + BREAKDOWN_COLUMNS)

TIME_IDENTIFIERS = {
    "Calendar year": re.compile(r"^\d{4}$"),
    "Academic year": re.compile(r"^\d{6}$"),
    "Financial year": re.compile(r"^\d{6}$"),
}
_ONS_CODE = re.compile(r"^[EKNSW]\d{8}$")
_LA_CODE = re.compile(r"^\d{3}$")
# Up to 10 digits before the point and 4 after, as StatisticValue.value stores.
_NUMBER = re.compile(r"^-?\d{1,10}(\.\d{1,4})?$")


class StatisticsFileError(DomainError):
    """A statistics file was refused. ``errors`` lists every problem found, by row and column."""

    def __init__(
        self, errors: list[str], *, total: int | None = None, what: str = "The file was"
    ) -> None:
        self.errors = errors
        self.total = total if total is not None else len(errors)
        more = self.total - 1
        self.headline = (
            f"{what} not loaded: {self.total} problem{'s' if self.total != 1 else ''} found."
        )
        message = f"{self.headline} {errors[0]}" + (f" (and {more} more)" if more else "")
        super().__init__(message)


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    level: str
    region_code: str = ""
    la_code: str = ""


@dataclass
class StatisticsFile:
    """A checked file: its areas, and its values to be written (``values()``)."""

    spec: DatasetSpec
    text: str
    header: list[str]
    indicator_columns: list[tuple[int, str]]
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    last_reported_year: dict[str, int] = field(default_factory=dict)
    row_count: int = 0
    value_count: int = 0
    latest_period: str = ""  # the file's latest time period (figures or symbols)

    def values(self) -> Iterator[tuple[str, str, str, str, str, str | None, str]]:
        """(area code, time period, breakdown topic, breakdown, indicator, number, symbol) for
        every figure, in file order. Only call on a file that passed the checks."""
        position = {name: index for index, name in enumerate(self.header)}
        reader = csv.reader(io.StringIO(self.text))
        next(reader)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = [cell.strip() for cell in row]
            code = _area_code(cells, position)
            period = cells[position["time_period"]]
            topic = cells[position["breakdown_topic"]]
            breakdown = cells[position["breakdown"]]
            for index, name in self.indicator_columns:
                raw = cells[index]
                if raw in SYMBOLS:
                    yield code, period, topic, breakdown, name, None, raw
                else:
                    yield code, period, topic, breakdown, name, raw, ""


def period_order(period: str) -> tuple[int, int]:
    """Time periods in order across kinds: by the reporting year they are published in, then a
    calendar year (2024) before the January census of the same release (202425)."""
    return (reporting_year_of(period), len(period))


def _area_code(cells: list[str], position: dict[str, int]) -> str:
    level = cells[position["geographic_level"]]
    if level == GeographicLevel.NATIONAL:
        return cells[position["country_code"]]
    if level == GeographicLevel.REGIONAL:
        return cells[position["region_code"]]
    return cells[position["new_la_code"]]


def decode(data: bytes) -> str:
    """The file's text. Open data is UTF-8 (Excel adds a byte-order mark); anything else is
    refused with the row where it goes wrong, rather than guessed."""
    if not data.strip():
        raise StatisticsFileError(["The file is empty."])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StatisticsFileError(
            ["The file is UTF-16 text. Save it as 'CSV UTF-8' and try again."]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise StatisticsFileError(
            [
                f"Row {row}: the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be "
                "read). Save it as 'CSV UTF-8' and try again."
            ]
        ) from error


def read_statistics_file(data: bytes, *, dataset_key: str) -> StatisticsFile:
    """Check a whole open-data file for ``dataset_key``; raise ``StatisticsFileError`` listing
    every problem, or return the checked file."""
    spec = DATASETS.get(dataset_key)
    if spec is None:
        known = ", ".join(sorted(DATASETS))
        raise StatisticsFileError([f"Unknown data set '{dataset_key}'. Known data sets: {known}."])
    text = decode(data)
    reader = csv.reader(io.StringIO(text))
    header = [column.strip() for column in next(reader, [])]
    if not any(header):
        raise StatisticsFileError(["The file is empty."])
    checker = _Checker(spec, header)
    checker.check_header()
    parsed = StatisticsFile(
        spec=spec, text=text, header=header, indicator_columns=checker.indicator_columns
    )
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        checker.check_row(line, row, parsed)
    if parsed.row_count == 0 and not checker.errors:
        checker.error("The file has a header row but no data rows.")
    checker.raise_if_errors()
    return parsed


class _Checker:
    """Collects every problem in a file, each naming its row and column."""

    def __init__(self, spec: DatasetSpec, header: list[str]) -> None:
        self.spec = spec
        self.header = header
        self.errors: list[str] = []
        self.total = 0
        self.position: dict[str, int] = {}
        self.duplicates: dict[str, list[int]] = {}
        self.indicator_columns: list[tuple[int, str]] = []
        self.seen: dict[tuple[str, str, str, str], int] = {}

    def error(self, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    def raise_if_errors(self) -> None:
        if self.total:
            raise StatisticsFileError(self.errors, total=self.total)

    def check_header(self) -> None:
        for index, name in enumerate(self.header):
            if not name:
                self.error(f"Row 1, column {index + 1}: the column has no name.")
            elif name in self.position:
                self.duplicates.setdefault(name, [self.position[name]]).append(index)
            else:
                self.position[name] = index
        required = [*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS, *self.spec.indicator_names]
        missing = [name for name in required if name not in self.position]
        if missing:
            self.error(
                f"Row 1: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}. This is not the open-data format of "
                f"'{self.spec.key}' the dashboard reads (an older release's file, or another file?)."
            )
        self.raise_if_errors()
        self.indicator_columns = [
            (index, name)
            for name, index in self.position.items()
            if name not in NON_INDICATOR_COLUMNS
        ]

    def check_row(self, line: int, row: list[str], parsed: StatisticsFile) -> None:
        if len(row) != len(self.header):
            self.error(
                f"Row {line}: expected {len(self.header)} values, found {len(row)} "
                "(a missing or extra comma?)."
            )
            return
        cells = [cell.strip() for cell in row]
        self._check_duplicated_columns(line, cells)
        area = self._check_geography(line, cells)
        has_figures = self._check_values(line, cells)
        parsed.row_count += 1
        parsed.value_count += len(self.indicator_columns)
        if area is None:
            return
        period = cells[self.position["time_period"]]
        topic = cells[self.position["breakdown_topic"]]
        breakdown = cells[self.position["breakdown"]]
        if (
            period.isdigit()
            and len(period) in {4, 6}
            and (
                not parsed.latest_period
                or period_order(period) > period_order(parsed.latest_period)
            )
        ):
            parsed.latest_period = period
        if not topic or not breakdown:
            self.error(f"Row {line}, column breakdown_topic/breakdown: the breakdown is blank.")
        key = (period, area.code, topic, breakdown)
        if key in self.seen:
            self.error(
                f"Row {line}: repeats row {self.seen[key]} ({area.name}, {period}, "
                f"{topic}: {breakdown})."
            )
        else:
            self.seen[key] = line
        known = parsed.areas.get(area.code)
        if known is not None and known.level != area.level:
            self.error(
                f"Row {line}, column geographic_level: {area.code} was {known.level} earlier in "
                f"the file."
            )
        parsed.areas[area.code] = area
        # An authority that has merged appears with only symbols after it ceased to exist.
        if has_figures and period.isdigit() and len(period) in {4, 6}:
            year = reporting_year_of(period)
            if year > parsed.last_reported_year.get(area.code, 0):
                parsed.last_reported_year[area.code] = year

    def _check_duplicated_columns(self, line: int, cells: list[str]) -> None:
        # Published files occasionally repeat a column; that is harmless while the copies agree.
        for name, indexes in self.duplicates.items():
            if len({cells[i] for i in indexes}) > 1:
                self.error(
                    f"Row {line}, column {name}: the column appears {len(indexes)} times with "
                    "different values."
                )

    def _cell(self, cells: list[str], name: str) -> str:
        return cells[self.position[name]]

    def _check_geography(self, line: int, cells: list[str]) -> AreaRecord | None:
        identifier = self._cell(cells, "time_identifier")
        period = self._cell(cells, "time_period")
        pattern = TIME_IDENTIFIERS.get(identifier)
        if pattern is None:
            self.error(
                f"Row {line}, column time_identifier: '{identifier}' is not a supported time "
                f"identifier ({', '.join(TIME_IDENTIFIERS)})."
            )
        elif not pattern.match(period) or (
            len(period) == 6 and int(period[4:]) != (int(period[:4]) + 1) % 100
        ):
            self.error(
                f"Row {line}, column time_period: '{period}' is not a {identifier.lower()} "
                f"(like {'2024' if identifier == 'Calendar year' else '202425'})."
            )
        level = self._cell(cells, "geographic_level")
        if level == GeographicLevel.NATIONAL:
            return self._area(line, cells, level, "country_code", "country_name")
        if level == GeographicLevel.REGIONAL:
            return self._area(line, cells, level, "region_code", "region_name")
        if level == GeographicLevel.LOCAL_AUTHORITY:
            area = self._area(line, cells, level, "new_la_code", "la_name")
            region = self._cell(cells, "region_code")
            la_code = self._cell(cells, "old_la_code")
            if not _ONS_CODE.match(region):
                self.error(f"Row {line}, column region_code: '{region}' is not an ONS code.")
            if la_code and not _LA_CODE.match(la_code):
                self.error(f"Row {line}, column old_la_code: '{la_code}' is not a 3-digit code.")
            if area is None:
                return None
            return AreaRecord(area.code, area.name, area.level, region, la_code)
        self.error(
            f"Row {line}, column geographic_level: '{level}' is not a supported geographic level "
            f"({', '.join(GeographicLevel.values)})."
        )
        return None

    def _area(
        self, line: int, cells: list[str], level: str, code_column: str, name_column: str
    ) -> AreaRecord | None:
        code = self._cell(cells, code_column)
        name = self._cell(cells, name_column)
        if not _ONS_CODE.match(code):
            self.error(
                f"Row {line}, column {code_column}: '{code}' is not an ONS area code "
                "(like E92000001)."
            )
            return None
        if not name:
            self.error(f"Row {line}, column {name_column}: the area's name is blank.")
            return None
        return AreaRecord(code, name, level)

    def _check_values(self, line: int, cells: list[str]) -> bool:
        """Check a row's figures; whether any of them is a number."""
        has_figures = False
        for index, name in self.indicator_columns:
            raw = cells[index]
            if raw in SYMBOLS:
                continue
            if _NUMBER.match(raw):
                has_figures = True
                continue
            if not raw:
                problem = "is blank (a missing figure must be a symbol such as x or z)"
            else:
                problem = f"'{raw}' is not a number or a recognised symbol ({', '.join(SYMBOLS)})"
            self.error(f"Row {line}, column {name}: {problem}.")
        return has_figures
