"""Factories for published statistics, and a writer of small open-data CSV files."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import factory

from dashboard.importers import BREAKDOWN_COLUMNS, GEOGRAPHY_COLUMNS
from dashboard.models import Area, Dataset, GeographicLevel, StatisticValue

factory.Faker._DEFAULT_LOCALE = "en_GB"


class EnglandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "E92000001"
    name = "England"
    level = GeographicLevel.NATIONAL
    last_reported_year = 2025


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "E12000009"
    name = "South West"
    level = GeographicLevel.REGIONAL
    last_reported_year = 2025


class LocalAuthorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    level = GeographicLevel.LOCAL_AUTHORITY
    region = factory.SubFactory(RegionFactory)
    la_code = factory.Sequence(lambda n: f"{800 + n % 99}")
    last_reported_year = 2025


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        django_get_or_create = ("key",)

    key = "caseload"
    title = "EHC plans at January each year"
    publication = "Education, health and care plans"
    reporting_year = 2025
    published_on = date(2025, 6, 26)
    source_name = "caseload.csv"
    source_sha256 = "0" * 64


class StatisticValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticValue

    dataset = factory.SubFactory(DatasetFactory)
    area = factory.SubFactory(EnglandFactory)
    time_period = "202425"
    breakdown_topic = "All EHC plans"
    breakdown = "All EHC plans"
    indicator = "ehcplans"
    value = Decimal("100")
    symbol = ""


ENGLAND = ["National", "E92000001", "England", "", "", "", "", ""]
SOUTH_WEST = ["Regional", "E92000001", "England", "E12000009", "South West", "", "", ""]
SWINDON = [
    "Local authority", "E92000001", "England", "E12000009", "South West", "E06000030", "866",
    "Swindon",
]  # fmt: skip


def open_data_csv(
    indicators: list[str],
    rows: list[tuple[str, list[str], str, list[str]]],
    *,
    time_identifier: str = "Academic year",
) -> bytes:
    """An open-data file: each row is (time period, geography, breakdown, indicator values);
    the geography is ENGLAND, SOUTH_WEST or SWINDON above."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS, *indicators])
    for period, geography, breakdown, values in rows:
        writer.writerow([period, time_identifier, *geography, breakdown, breakdown, *values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


NEWPLANS_HEADER = ["new_ehc_plans"]


def newplans_csv(values: dict[str, dict[str, str]] | None = None) -> bytes:
    """A small 'newplans' file: {period: {"England": "97747", "Swindon": "281", ...}}."""
    values = values or {
        "2023": {"England": "84428", "South West": "8120", "Swindon": "371"},
        "2024": {"England": "97747", "South West": "9888", "Swindon": "x"},
    }
    geography = {"England": ENGLAND, "South West": SOUTH_WEST, "Swindon": SWINDON}
    return open_data_csv(
        NEWPLANS_HEADER,
        [
            (period, geography[name], "New EHC plans", [value])
            for period, by_area in values.items()
            for name, value in by_area.items()
        ],
        time_identifier="Calendar year",
    )


def truncate_statistics() -> None:
    """Empty the statistics tables at once (a module's shared data): TRUNCATE rather than
    DELETE, which would leave millions of dead rows behind for the next module."""
    from django.db import connection

    tables = ", ".join(model._meta.db_table for model in (StatisticValue, Dataset, Area))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables}")


ASSESSMENTS_HEADER = [
    "assess_in_year",
    "assess_issued",
    "assess_issued_pc",
    "assess_not_issued",
    "assess_not_issued_pc",
]


def assessments_csv(rows: dict[str, list[str]] | None = None) -> bytes:
    """A small 'assessments' file for England: {period: [the five indicators]}."""
    rows = rows or {
        "2023": ["90000", "80000", "88.9", "10000", "11.1"],
        "2024": ["100000", "90000", "90", "10000", "10"],
    }
    return open_data_csv(
        ASSESSMENTS_HEADER,
        [(period, ENGLAND, "All EHC needs assessments", values) for period, values in rows.items()],
        time_identifier="Calendar year",
    )
