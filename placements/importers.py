"""Reading and validating directory import files, before anything is written.

Two formats:
- ``gias``: the GIAS establishments download (CSV, or the same columns in XLSX). Both the
  "friendly" column names of the GIAS extract (``Establishment name``) and the full download's
  (``EstablishmentName``) are understood. Rows of establishment types the directory does not hold
  (e.g. higher education institutions) are skipped and counted, never silently dropped.
- ``la``: the facts the LA maintains (needs catered for, places, vacancies, resourced provision,
  SENCO), as CSV or XLSX, one row per setting keyed on URN or UKPRN.

The whole file is read and every row checked; errors name the row (as numbered in a spreadsheet,
the header being row 1) and the column, e.g. "Row 14, column URN: must be 6 digits".
``placements.services.import_settings`` applies a valid file in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from placements.locations import normalise_postcode
from placements.models import Phase, ProvisionType, SettingImport, SettingStatus
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation
from sendcpp.needs import BroadArea, NeedType
from sendcpp.spreadsheets import cell_text

MAX_ROWS = 50_000
_EMPTY = {"", "na", "n/a", "null", "none"}
_XLSX_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. ``row`` counts as a spreadsheet does (header = row 1)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}" if where else f"Column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRejected(DomainError):
    """The file has problems; nothing was imported. ``errors`` lists every one found."""

    def __init__(self, errors: list[RowError]) -> None:
        count = len(errors)
        super().__init__(
            f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported: "
            "correct the file and import it again."
        )
        self.errors = errors


@dataclass(frozen=True)
class Table:
    """The file's header (as written) and its rows, each a dict by normalised header with the
    spreadsheet row number."""

    headers: dict[str, str]  # normalised -> as written
    rows: list[tuple[int, dict[str, str]]]


# --- Reading CSV and XLSX -------------------------------------------------------------------------


def _normalise_header(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip().lower())


def _decode(content: bytes, encoding: str) -> str:
    try:
        return content.decode("utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding)
    except UnicodeDecodeError as error:
        row = content[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [
                RowError(
                    f"the file is not in {encoding.upper()} encoding. Save it as “CSV UTF-8”, "
                    "or import it as Windows-1252 (the encoding of GIAS downloads)",
                    row=row,
                )
            ]
        ) from error
    except LookupError as error:
        raise ImportRejected([RowError(f"Unknown text encoding “{encoding}”")]) from error


def _csv_rows(content: bytes, encoding: str) -> list[list[str]]:
    text = _decode(content, encoding)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportRejected(
            [RowError(f"the file is not a readable CSV file ({error})")]
        ) from error


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRejected(
            [RowError("the file is not a readable Excel (.xlsx) workbook")]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _header(written: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    errors = []
    for name in written:
        key = _normalise_header(name)
        if key and key in headers:
            errors.append(RowError("appears more than once in the header", row=1, column=name))
        if key:
            headers[key] = name
    if errors:
        raise ImportRejected(errors)
    return headers


def read_table(content: bytes, *, encoding: str = "utf-8") -> Table:
    """Read a CSV or XLSX file (told apart by content, not name) into a ``Table``."""
    if not content.strip():
        raise ImportRejected([RowError("The file is empty")])
    is_xlsx = content.startswith(_XLSX_SIGNATURE)
    raw = _xlsx_rows(content) if is_xlsx else _csv_rows(content, encoding)
    if not raw or not any((c or "").strip() for c in raw[0]):
        raise ImportRejected([RowError("The file is empty")])
    written = [(c or "").strip() for c in raw[0]]
    headers = _header(written)
    keys = [_normalise_header(name) for name in written]
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {
            key: (cells[i] if i < len(cells) else "").strip() for i, key in enumerate(keys) if key
        }
        # Skip blank lines, and rows of nothing but "NA" as some exports end with.
        if any(v.lower() not in _EMPTY for v in values.values()):
            rows.append((number, values))
    if not rows:
        raise ImportRejected([RowError("The file has a header but no rows")])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(f"The file has more than {MAX_ROWS:,} rows")])
    return Table(headers=headers, rows=rows)


# --- Columns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column the importer understands: its name in messages and the headers it accepts."""

    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False


def _find_columns(table: Table, columns: Iterable[Column]) -> tuple[dict[str, str], list[RowError]]:
    found: dict[str, str] = {}
    errors = []
    for column in columns:
        header = next(
            (a for a in (column.label, *column.aliases) if _normalise_header(a) in table.headers),
            None,
        )
        if header is not None:
            found[column.key] = _normalise_header(header)
        elif column.required:
            errors.append(RowError("is missing from the header", row=1, column=column.label))
    return found, errors


class _Row:
    """One row's values by column key, collecting errors as they are found."""

    def __init__(
        self, number: int, values: dict[str, str], found: dict[str, str], labels: dict[str, str]
    ) -> None:
        self.number = number
        self.values = values
        self.found = found
        self.labels = labels
        self.errors: list[RowError] = []

    def has(self, key: str) -> bool:
        return key in self.found

    def text(self, key: str) -> str:
        if key not in self.found:
            return ""
        value = self.values.get(self.found[key], "")
        return "" if value.lower() in _EMPTY else value

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(message, row=self.number, column=self.labels[key]))

    def parse(self, key: str, parser: Callable[[str], Any]) -> Any:
        value = self.text(key)
        if not value:
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.error(key, str(error))
            return None


def _digits(length: int, *, first: str = "") -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(rf"{first}\d{{{length - len(first)}}}", value):
            start = f" starting with {first}" if first else ""
            raise ValueError(f"must be {length} digits{start}")
        return value

    return parse


_urn = _digits(6)
_ukprn = _digits(8, first="1")


def _whole_number(maximum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = Decimal(value)
        except InvalidOperation as error:
            raise ValueError("must be a whole number") from error
        if number != number.to_integral_value() or number < 0:
            raise ValueError("must be a whole number, 0 or more")
        if number > maximum:
            raise ValueError(f"must be {maximum:,} or less")
        return int(number)

    return parse


def _date(value: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError("must be a date like 31/08/2026")


def _yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in {"yes", "y", "true", "1"}:
        return True
    if lowered in {"no", "n", "false", "0"}:
        return False
    raise ValueError("must be Yes or No")


def _postcode(value: str) -> str:
    postcode = normalise_postcode(value)
    if not postcode:
        raise ValueError("must be a UK postcode, like LS1 4AB")
    return postcode


def _max_length(length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > length:
            raise ValueError(f"must be {length} characters or fewer")
        return value

    return parse


def _codes(value: str, allowed: dict[str, str], what: str) -> list[str]:
    parts = []
    for part in re.split(r"[;|]", value):
        # Commas separate too, except inside a name that has one ("Social, emotional and ...").
        known = part.strip().lower() in allowed
        parts.extend([part] if known or "," not in part else part.split(","))
    codes = []
    for part in parts:
        key = part.strip().lower()
        if not key:
            continue
        if key not in allowed:
            raise ValueError(f"“{part.strip()}” is not {what}")
        if allowed[key] not in codes:
            codes.append(allowed[key])
    return codes


_NEED_CODES = {
    **{c.lower(): c for c in NeedType.values},
    **{label.lower(): c for c, label in NeedType.choices},
}
_AREA_CODES = {
    **{c.lower(): c for c in BroadArea.values},
    **{label.lower(): c for c, label in BroadArea.choices},
    "communication & interaction": BroadArea.COMMUNICATION_INTERACTION,
    "cognition & learning": BroadArea.COGNITION_LEARNING,
    "social, emotional and mental health": BroadArea.SEMH,
    "social emotional and mental health": BroadArea.SEMH,
    "sensory and physical": BroadArea.SENSORY_PHYSICAL,
    "sensory & physical": BroadArea.SENSORY_PHYSICAL,
}


def _need_types(value: str) -> list[str]:
    return _codes(value, _NEED_CODES, "an SEN2 need type such as ASD, SLCN or SEMH")


def _broad_areas(value: str) -> list[str]:
    return _codes(value, _AREA_CODES, "one of the four broad areas of need")


# --- GIAS -----------------------------------------------------------------------------------------

#: GIAS type of establishment -> (organisation kind, provision type). Types not here are skipped.
GIAS_TYPES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "Community School",
            "Voluntary Aided School",
            "Voluntary Controlled School",
            "Foundation School",
            "Academy Converter",
            "Academy Sponsor Led",
            "Free Schools",
            "University Technical College",
            "Studio Schools",
            "City Technology College",
        ),
        (Organisation.Kind.SCHOOL, ProvisionType.MAINSTREAM),
    ),
    **dict.fromkeys(
        (
            "Free Schools - 16-19",
            "Academy 16-19 Converter",
            "Academy 16-19 Sponsor Led",
            "Further Education",
            "Sixth Form Centres",
        ),
        (Organisation.Kind.COLLEGE, ProvisionType.COLLEGE),
    ),
    **dict.fromkeys(
        (
            "Community Special School",
            "Foundation Special School",
            "Academy Special Converter",
            "Academy Special Sponsor Led",
            "Free Schools Special",
        ),
        (Organisation.Kind.SPECIAL_SCHOOL, ProvisionType.SPECIAL),
    ),
    **dict.fromkeys(
        (
            "Non-Maintained Special School",
            "Other Independent Special School",
            "Special Post 16 Institution",
        ),
        (Organisation.Kind.INDEPENDENT, ProvisionType.INDEPENDENT_SPECIAL),
    ),
    "Other Independent School": (Organisation.Kind.SCHOOL, ProvisionType.INDEPENDENT),
    **dict.fromkeys(
        (
            "Pupil Referral Unit",
            "Free Schools - Alternative Provision",
            "Academy Alternative Provision Converter",
            "Academy Alternative Provision Sponsor Led",
        ),
        (Organisation.Kind.ALTERNATIVE_PROVISION, ProvisionType.ALTERNATIVE),
    ),
    "LA Nursery School": (Organisation.Kind.EARLY_YEARS, ProvisionType.EARLY_YEARS),
}

GIAS_PHASES = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    "middle deemed primary": Phase.PRIMARY,
    "secondary": Phase.SECONDARY,
    "middle deemed secondary": Phase.SECONDARY,
    "all through": Phase.ALL_THROUGH,
    "all-through": Phase.ALL_THROUGH,
    "16 plus": Phase.POST_16,
    "not applicable": Phase.NOT_APPLICABLE,
}

GIAS_STATUSES = {
    "open": SettingStatus.OPEN,
    "open, but proposed to close": SettingStatus.PROPOSED_TO_CLOSE,
    "closed": SettingStatus.CLOSED,
}

GIAS_COLUMNS = (
    Column("urn", "URN", (), required=True),
    Column("name", "Establishment name", ("EstablishmentName",), required=True),
    Column("type", "Type of establishment", ("TypeOfEstablishment (name)",), required=True),
    Column("phase", "Phase of education", ("PhaseOfEducation (name)",), required=True),
    Column("low_age", "Statutory lowest age", ("StatutoryLowAge",), required=True),
    Column("high_age", "Statutory highest age", ("StatutoryHighAge",), required=True),
    Column("status", "Establishment status", ("EstablishmentStatus (name)",), required=True),
    Column("postcode", "Postcode", (), required=True),
    Column("la_code", "Local authority (code)", ("LA (code)",), required=True),
    Column("la_name", "Local authority (name)", ("LA (name)",)),
    Column("ukprn", "UKPRN", ()),
    Column("street", "Street", ()),
    Column("locality", "Locality", ()),
    Column("town", "Town", ()),
    Column("boarders", "Boarders", ("Boarders (name)",)),
    Column("sixth_form", "Sixth form", ("OfficialSixthForm (name)",)),
    Column("gender", "Gender", ("Gender (name)",)),
    Column("website", "Website address", ("SchoolWebsite",)),
    Column("telephone", "Telephone number", ("TelephoneNum",)),
    Column("opened_on", "Opening date", ("OpenDate",)),
    Column("closed_on", "Closing date", ("CloseDate",)),
    Column("easting", "Easting", ()),
    Column("northing", "Northing", ()),
    Column("resourced", "Type of resourced provision", ("TypeOfResourcedProvision (name)",)),
)


@dataclass
class GiasRecord:
    """One valid GIAS row, ready to apply."""

    row: int
    urn: str
    name: str
    kind: str
    provision_type: str
    establishment_type: str
    phase: str
    status: str
    la_code: str
    postcode: str
    low_age: int | None = None
    high_age: int | None = None
    ukprn: str = ""
    la_name: str = ""
    street: str = ""
    locality: str = ""
    town: str = ""
    gender: str = ""
    website: str = ""
    telephone: str = ""
    is_boarding: bool = False
    has_sixth_form: bool = False
    opened_on: date | None = None
    closed_on: date | None = None
    easting: int | None = None
    northing: int | None = None
    has_sen_unit: bool | None = None  # None: the file does not say
    has_resourced_provision: bool | None = None


@dataclass
class Parsed:
    """A file read and checked: the records to apply, every error, and what was skipped."""

    records: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    columns: frozenset[str] = frozenset()

    @property
    def rows(self) -> int:
        return len(self.records) + sum(self.skipped.values())


def _choice(mapping: dict[str, Any], what: str) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        try:
            return mapping[value.strip().lower()]
        except KeyError as error:
            raise ValueError(f"“{value}” is not {what}") from error

    return parse


def _resourced_flags(value: str) -> tuple[bool, bool]:
    lowered = value.lower()
    return "sen unit" in lowered, "resourced provision" in lowered


def _gias_location(row: _Row, record: GiasRecord) -> None:
    easting = row.parse("easting", _whole_number(700_000))
    northing = row.parse("northing", _whole_number(1_300_000))
    if (easting is None) != (northing is None) and not row.errors:
        row.error(
            "easting" if easting is None else "northing",
            "give both easting and northing, or neither",
        )
        return
    record.easting, record.northing = easting, northing


def _gias_record(row: _Row) -> GiasRecord | None:
    type_name = row.text("type")
    urn = row.parse("urn", _urn)
    if not row.text("urn"):
        row.error("urn", "must not be empty")
    if type_name and type_name not in GIAS_TYPES:
        return None  # counted as skipped by the caller
    if not type_name:
        row.error("type", "must not be empty")
        return None
    name = row.parse("name", _max_length(200)) or ""
    if not name:
        row.error("name", "must not be empty")
    kind, provision = GIAS_TYPES[type_name]
    phase = (
        row.parse("phase", _choice(GIAS_PHASES, "a GIAS phase of education"))
        or Phase.NOT_APPLICABLE
    )
    status = row.parse(
        "status", _choice(GIAS_STATUSES, "Open, “Open, but proposed to close” or Closed")
    )
    if status is None and not row.text("status"):
        row.error("status", "must not be empty")
    la_code = row.parse("la_code", _digits(3)) or ""
    record = GiasRecord(
        row=row.number,
        urn=urn or "",
        name=name,
        kind=kind,
        provision_type=provision,
        establishment_type=type_name,
        phase=phase,
        status=status or SettingStatus.OPEN,
        la_code=la_code,
        postcode=row.parse("postcode", _postcode) or "",
        low_age=row.parse("low_age", _whole_number(99)),
        high_age=row.parse("high_age", _whole_number(99)),
        ukprn=row.parse("ukprn", _ukprn) or "",
        la_name=row.parse("la_name", _max_length(100)) or "",
        street=row.parse("street", _max_length(200)) or "",
        locality=row.parse("locality", _max_length(100)) or "",
        town=row.parse("town", _max_length(100)) or "",
        gender=row.parse("gender", _max_length(20)) or "",
        website=_website(row),
        telephone=row.parse("telephone", _max_length(30)) or "",
        is_boarding="boarding" in row.text("boarders").lower(),
        has_sixth_form=row.text("sixth_form").lower().startswith("has"),
        opened_on=row.parse("opened_on", _date),
        closed_on=row.parse("closed_on", _date),
    )
    if (
        record.low_age is not None
        and record.high_age is not None
        and record.low_age > record.high_age
    ):
        row.error("low_age", "must not be more than the statutory highest age")
    _gias_location(row, record)
    if row.has("resourced"):
        record.has_sen_unit, record.has_resourced_provision = _resourced_flags(
            row.text("resourced")
        )
    return record


def _website(row: _Row) -> str:
    value = row.text("website")
    if value and not value.lower().startswith(("http://", "https://")):
        value = f"https://{value}"
    if len(value) > 300:
        row.error("website", "must be 300 characters or fewer")
        return ""
    return value


def _check_duplicates(parsed: Parsed, key: Callable[[Any], str], label: str, column: str) -> None:
    first_row: dict[str, int] = {}
    for record in parsed.records:
        value = key(record)
        if not value:
            continue
        if value in first_row:
            parsed.errors.append(
                RowError(
                    f"{label} {value} is also on row {first_row[value]}",
                    row=record.row,
                    column=column,
                )
            )
        else:
            first_row[value] = record.row


def _parse_rows(
    table: Table,
    columns: Iterable[Column],
    found: dict[str, str],
    errors: list[RowError],
    make_record: Callable[[_Row], Any],
) -> Parsed:
    """Check every row with ``make_record`` once the header is sound, then refuse a URN given
    twice. A row ``make_record`` returns None for is skipped, counted by its type."""
    parsed = Parsed(errors=errors, columns=frozenset(found))
    if errors:
        return parsed
    labels = {c.key: c.label for c in columns}
    for number, values in table.rows:
        row = _Row(number, values, found, labels)
        record = make_record(row)
        parsed.errors.extend(row.errors)
        if record is None and not row.errors:
            parsed.skipped[row.text("type")] += 1
        elif record is not None and not row.errors:
            parsed.records.append(record)
    _check_duplicates(parsed, lambda r: r.urn, "URN", "URN")
    return parsed


def parse_gias(table: Table) -> Parsed:
    """Check every row of a GIAS file. Rows of types the directory does not hold are skipped."""
    found, errors = _find_columns(table, GIAS_COLUMNS)
    return _parse_rows(table, GIAS_COLUMNS, found, errors, _gias_record)


# --- LA-maintained facts --------------------------------------------------------------------------

LA_COLUMNS = (
    Column("urn", "URN", ()),
    Column("ukprn", "UKPRN", ()),
    Column("need_types", "Need types", ("Needs", "SEN need types")),
    Column("broad_areas", "Broad areas", ("Broad areas of need", "Areas of need")),
    Column("places", "Places", ("Commissioned places",)),
    Column("vacancies", "Vacancies", ("Places free",)),
    Column("vacancies_on", "Vacancies as at", ("Vacancies date",)),
    Column("has_resourced_provision", "Resourced provision", ()),
    Column("has_sen_unit", "SEN unit", ()),
    Column("is_section_41", "Section 41", ("Section 41 approved",)),
    Column("senco_name", "SENCO name", ()),
    Column("senco_email", "SENCO email", ()),
    Column("telephone", "Telephone", ("Telephone number",)),
)
LA_FACTS = tuple(c.key for c in LA_COLUMNS if c.key not in {"urn", "ukprn"})


@dataclass
class LaRecord:
    """One valid row of LA-maintained facts: only the columns the file has are applied."""

    row: int
    urn: str
    ukprn: str
    facts: dict[str, Any]


def _email(value: str) -> str:
    try:
        EmailValidator()(value)
    except ValidationError as error:
        raise ValueError("must be an email address, like senco@school.example") from error
    return value


_LA_PARSERS: dict[str, Callable[[str], Any]] = {
    "need_types": _need_types,
    "broad_areas": _broad_areas,
    "places": _whole_number(10_000),
    "vacancies": _whole_number(10_000),
    "vacancies_on": _date,
    "has_resourced_provision": _yes_no,
    "has_sen_unit": _yes_no,
    "is_section_41": _yes_no,
    "senco_name": _max_length(200),
    "senco_email": _email,
    "telephone": _max_length(30),
}
_LIST_FACTS = {"need_types", "broad_areas"}
_FLAG_FACTS = {"has_resourced_provision", "has_sen_unit", "is_section_41"}
_TEXT_FACTS = {"senco_name", "senco_email", "telephone"}


def _blank(key: str) -> Any:
    if key in _LIST_FACTS:
        return []
    if key in _FLAG_FACTS:
        return False
    if key in _TEXT_FACTS:
        return ""
    return None


def _la_record(row: _Row) -> LaRecord:
    urn = row.parse("urn", _urn) or ""
    ukprn = row.parse("ukprn", _ukprn) or ""
    if not row.text("urn") and not row.text("ukprn"):
        row.error("urn" if row.has("urn") else "ukprn", "give the URN or the UKPRN")
    facts = {}
    for key in LA_FACTS:
        if row.has(key):
            value = row.parse(key, _LA_PARSERS[key])
            facts[key] = _blank(key) if value is None else value
    places, vacancies = facts.get("places"), facts.get("vacancies")
    if places is not None and vacancies is not None and vacancies > places:
        row.error("vacancies", f"must not be more than the places ({places})")
    return LaRecord(row=row.number, urn=urn, ukprn=ukprn, facts=facts)


def parse_la(table: Table) -> Parsed:
    """Check every row of a file of LA-maintained facts."""
    found, errors = _find_columns(table, LA_COLUMNS)
    if "urn" not in found and "ukprn" not in found:
        errors.append(RowError("the header needs a URN or UKPRN column", row=1))
    if not set(found) & set(LA_FACTS):
        errors.append(
            RowError(
                "the header has no facts to import: add columns such as Need types, Broad "
                "areas, Places or Vacancies",
                row=1,
            )
        )
    parsed = _parse_rows(table, LA_COLUMNS, found, errors, _la_record)
    if not errors:
        _check_duplicates(parsed, lambda r: "" if r.urn else r.ukprn, "UKPRN", "UKPRN")
    return parsed


PARSERS: dict[str, Callable[[Table], Parsed]] = {
    SettingImport.Format.GIAS: parse_gias,
    SettingImport.Format.LA: parse_la,
}


def parse_file(content: bytes, *, file_format: str, encoding: str = "utf-8") -> Parsed:
    """Read and check a whole file; raise ``ImportRejected`` listing every problem."""
    if file_format not in PARSERS:
        raise ImportRejected([RowError(f"Unknown import format “{file_format}”: use gias or la")])
    parsed = PARSERS[file_format](read_table(content, encoding=encoding))
    if parsed.errors:
        raise ImportRejected(sorted(parsed.errors, key=lambda e: (e.row or 0,)))
    return parsed


def provision_type_for(
    establishment_type: str, *, has_unit: bool, has_resourced: bool, current: str = ""
) -> str:
    """A setting's provision type: from its GIAS type, a mainstream school with a resourced
    provision or SEN unit counting as "resourced"."""
    base = GIAS_TYPES.get(establishment_type, (None, current or ProvisionType.MAINSTREAM))[1]
    if base == ProvisionType.RESOURCED:
        base = ProvisionType.MAINSTREAM
    if base == ProvisionType.MAINSTREAM and (has_unit or has_resourced):
        return ProvisionType.RESOURCED
    return base
