"""Writes of the dashboard: loading published statistics, and recording a SEN2 export."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from dashboard.datasets import Release
from dashboard.importers import StatisticsFile, read_statistics_file
from dashboard.models import Area, Dataset, GeographicLevel, StatisticValue
from sendcpp.exceptions import DomainError
from sendcpp.models import AccessLog, Case, User


class OlderRelease(DomainError):
    """A release older than the one loaded was offered: loading it would undo newer figures."""

    status_code = 409


def import_statistics(
    data: bytes,
    *,
    dataset_key: str,
    release: Release,
    source_name: str,
    by: User | None = None,
) -> Dataset:
    """Load one open-data file as the values of a data set, replacing that data set's values.

    The whole file is checked before anything is written, then applied in one transaction: a
    file with any problem changes nothing. Loading the same release again gives the same values;
    a release older than the one loaded is refused. ``by`` is the person loading it, if any.
    """
    checked = read_statistics_file(data, dataset_key=dataset_key)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().filter(key=dataset_key).first()
        if dataset is not None and release < Release(*dataset.release):
            raise OlderRelease(
                f"The {dataset.title} figures loaded are from the {Release(*dataset.release)}; "
                f"this file is from the older {release}, so it was not loaded."
            )
        if (
            dataset is not None
            and release == Release(*dataset.release)
            and dataset.source_sha256 == sha256
        ):
            return dataset  # the very same file again: nothing to change
        area_ids = _save_areas(checked)
        if dataset is None:
            dataset = Dataset(key=dataset_key)
        else:
            StatisticValue.objects.filter(dataset=dataset).delete()
        dataset.title = checked.spec.title
        dataset.publication = checked.spec.publication
        dataset.reporting_year = release.reporting_year
        dataset.published_on = release.published_on
        dataset.source_name = source_name[:200]
        dataset.source_sha256 = sha256
        dataset.row_count = checked.row_count
        dataset.value_count = checked.value_count
        dataset.imported_at = timezone.now()
        dataset.save()
        _copy_values(dataset, checked, area_ids)
    return dataset


_LEVEL_ORDER = {
    GeographicLevel.NATIONAL: 0,
    GeographicLevel.REGIONAL: 1,
    GeographicLevel.LOCAL_AUTHORITY: 2,
}


def _save_areas(checked: StatisticsFile) -> dict[str, int]:
    """Create the file's areas that are new and bring names, regions and codes up to date."""
    records = sorted(checked.areas.values(), key=lambda a: (_LEVEL_ORDER[a.level], a.code))
    codes = [record.code for record in records]
    region_codes = {record.region_code for record in records if record.region_code}
    existing = Area.objects.in_bulk([*codes, *region_codes], field_name="code")
    for record in records:
        area = existing.get(record.code) or Area(code=record.code)
        region = existing.get(record.region_code) if record.region_code else None
        year = checked.last_reported_year.get(record.code)
        newest = area.last_reported_year is None or (year or 0) >= area.last_reported_year
        changed = area.pk is None
        # The newest figures name the area: a later release's spelling wins.
        if newest:
            for attribute, value in (
                ("name", record.name),
                ("level", record.level),
                ("region", region),
                ("la_code", record.la_code),
                ("last_reported_year", year),
            ):
                if getattr(area, attribute) != value:
                    setattr(area, attribute, value)
                    changed = True
        if changed:
            area.save()
        existing[record.code] = area
    return {code: existing[code].pk for code in codes}


def _copy_values(dataset: Dataset, checked: StatisticsFile, area_ids: dict[str, int]) -> None:
    # COPY in text format, a block at a time: a national file has over a million figures, and
    # row-by-row INSERTs (or even per-row COPY adaptation) take many times longer.
    table = StatisticValue._meta.db_table
    columns = (
        "dataset_id, area_id, time_period, breakdown_topic, breakdown, indicator, value, symbol"
    )
    lines: list[str] = []
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for code, period, topic, breakdown, indicator, number, symbol in checked.values():
            lines.append(
                f"{dataset.pk}\t{area_ids[code]}\t{period}\t{_copy_text(topic)}\t"
                f"{_copy_text(breakdown)}\t{_copy_text(indicator)}\t"
                f"{number if number is not None else NULL}\t{_copy_text(symbol)}\n"
            )
            if len(lines) >= COPY_BLOCK:
                copy.write("".join(lines))
                lines.clear()
        copy.write("".join(lines))


COPY_BLOCK = 10_000
NULL = "\\N"


def _copy_text(value: str) -> str:
    # PostgreSQL's COPY text format: backslash, tab and line breaks are escaped.
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def record_sen2_export(*, cases: Iterable[Case], by: User) -> int:
    """Write the read-access log for a SEN2 return: the return holds each child's record, so its
    download is a read of every child in it. One row per child, written in bulk."""
    now = timezone.now()
    rows = [
        AccessLog(at=now, user=by, child_id=case.child_id, case=case, what="SEN2 return", via="web")
        for case in cases
    ]
    AccessLog.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
