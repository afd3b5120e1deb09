"""Building the compact extract of published statistics that ships with the project
(``dashboard/data/``), from a full download of the DfE release. Run once per release with
``manage.py build_statistics_extract <folder>``; the app itself only ever reads the extract.

The extract keeps the open-data format, so the same importer loads it and a full file alike:
only the rows (headline breakdown for every period, the other breakdowns the pages use for the
latest period) and the columns (indicators the pages use) are fewer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.datasets import DatasetSpec
from dashboard.importers import BREAKDOWN_COLUMNS, GEOGRAPHY_COLUMNS, decode

TRIBUNAL_SOURCE = "send-tribunals-and-appeal-rate-2014-2024.csv"


def filter_open_data_file(data: bytes, spec: DatasetSpec) -> str:
    """The rows and columns of an open-data file that the dashboard's pages use, as CSV."""
    rows = list(csv.DictReader(io.StringIO(decode(data))))
    latest: dict[str, str] = {}
    for row in rows:
        topic = row["breakdown_topic"]
        if topic in spec.breakdowns:
            latest[topic] = max(latest.get(topic, ""), row["time_period"])
    columns = [*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS, *spec.indicator_names]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        topic = row["breakdown_topic"]
        if topic == spec.headline_topic or latest.get(topic) == row["time_period"]:
            writer.writerow(row)
    return out.getvalue()


@dataclass(frozen=True)
class LocalAuthority:
    new_la_code: str
    old_la_code: str
    name: str
    region_code: str
    region_name: str


def local_authorities(caseload: bytes) -> dict[str, LocalAuthority]:
    """Every local authority in an open-data file, by normalised name (latest period wins)."""
    found: dict[str, tuple[str, LocalAuthority]] = {}
    for row in csv.DictReader(io.StringIO(decode(caseload))):
        if row["geographic_level"] != "Local authority":
            continue
        la = LocalAuthority(
            row["new_la_code"],
            row["old_la_code"],
            row["la_name"],
            row["region_code"],
            row["region_name"],
        )
        key = _name_key(row["la_name"])
        if key not in found or row["time_period"] >= found[key][0]:
            found[key] = (row["time_period"], la)
    return {key: la for key, (_, la) in found.items()}


# Names the tribunal table spells differently from the open-data files.
_NAME_ALIASES = {"durham": "county durham", "herefordshire": "herefordshire, county of"}


def _name_key(name: str) -> str:
    # The tribunal table appends footnote numbers to names ("Cumberland8", "England Total4,9").
    key = re.sub(r"[\d,]+$", "", name.strip()).strip().lower()
    return _NAME_ALIASES.get(key, key)


_TRIBUNAL_COLUMNS = (
    "appeals_registered",
    "appealable_decisions",
    "appeal_rate",
)


def _tribunal_value(raw: str) -> str:
    value = raw.strip().replace(",", "")
    if value.endswith("%"):
        value = value[:-1]
    return value or "x"


def convert_tribunal_table(data: bytes, authorities: dict[str, LocalAuthority]) -> str:
    """The Ministry of Justice / DfE appeal-rate spreadsheet table ("SEND Tribunals and appeal
    rate 2014-2024") in the open-data format, one row per area and calendar year.

    Authorities are matched by name, not by the table's 3-digit codes: in the 2024 table some
    codes sit against the wrong names (Northamptonshire/Nottingham/Nottinghamshire,
    Cambridgeshire/Central Bedfordshire) while the figures follow the names. Symbols are kept:
    ``-`` none registered, ``..`` not available, ``x`` unavailable.
    """
    rows = list(csv.reader(io.StringIO(decode(data))))
    header = next(i for i, row in enumerate(rows) if row and row[0].strip() == "Local Authority")
    years = [cell.strip() for cell in rows[header][2:] if re.fullmatch(r"\d{4}", cell.strip())]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS, *_TRIBUNAL_COLUMNS])
    unmatched = []
    for row in rows[header + 2 :]:
        name = row[0].strip() if row else ""
        if not name:
            break
        if not any(cell.strip() for cell in row[2:]) or name.lower().startswith(
            "england total excluding"
        ):
            continue  # a region heading, or a total that leaves out suppressed authorities
        if _name_key(name) == "england total":
            geography = ["National", "E92000001", "England", "", "", "", "", ""]
        else:
            la = authorities.get(_name_key(name))
            if la is None:
                unmatched.append(name)
                continue
            geography = [
                "Local authority",
                "E92000001",
                "England",
                la.region_code,
                la.region_name,
                la.new_la_code,
                la.old_la_code,
                la.name,
            ]
        for index, year in enumerate(years):
            cells = row[2 + 3 * index : 5 + 3 * index]
            writer.writerow(
                [year, "Calendar year", *geography, "Total", "Total"]
                + [_tribunal_value(cell) for cell in cells]
            )
    if unmatched:
        raise ValueError(f"No local authority matches {', '.join(unmatched)}")
    return out.getvalue()


def extract_files(source: dict[str, bytes], specs: Iterable[DatasetSpec]) -> dict[str, str]:
    """The extract's files (name -> CSV text) from a release's files (name -> bytes)."""
    files = {
        f"{spec.key}.csv": filter_open_data_file(source[f"{spec.key}.csv"], spec)
        for spec in specs
        if spec.key != "tribunal_appeal_rates"
    }
    authorities = local_authorities(source["caseload.csv"])
    files["tribunal_appeal_rates.csv"] = convert_tribunal_table(
        source[TRIBUNAL_SOURCE], authorities
    )
    return files
