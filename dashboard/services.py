"""Writes of the dashboard: loading published statistics, and recording a SEN2 export."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from dashboard.datasets import Release
from dashboard.importers import (
    MAX_ERRORS,
    StatisticsFile,
    StatisticsFileError,
    period_order,
    read_statistics_file,
)
from dashboard.models import Area, Dataset, GeographicLevel, StatisticValue
from sendcpp.exceptions import DomainError
from sendcpp.models import AccessLog, Case, User


class OlderRelease(DomainError):
    """A release older than the one loaded was offered: loading it would undo newer figures."""

    status_code = 409


@dataclass(frozen=True)
class ReleaseFile:
    """One open-data file of a release: its data set and the name it came under."""

    dataset_key: str
    name: str
    data: bytes


@dataclass
class ReleaseLoaded:
    """What loading a release did: the data sets now loaded from it, and those kept because
    the figures already loaded are newer (``skip_older``)."""

    loaded: list[Dataset] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def import_statistics(
    data: bytes,
    *,
    dataset_key: str,
    release: Release,
    source_name: str,
    by: User | None = None,
) -> Dataset:
    """Load one open-data file as the values of a data set (a release of one file)."""
    result = import_release([ReleaseFile(dataset_key, source_name, data)], release=release, by=by)
    return result.loaded[0]


def import_release(
    files: Sequence[ReleaseFile],
    *,
    release: Release,
    by: User | None = None,
    skip_older: bool = False,
    progress: Progress | None = None,
) -> ReleaseLoaded:
    """Load a release (a folder of open-data files), all or nothing.

    Every file is checked before anything is written; any problem in any file is reported by
    file, row and column (``StatisticsFileError``) and nothing is loaded. A file older than the
    figures loaded for its data set, by the release given or by its own time periods (a file
    whose latest period is earlier than the loaded figures' is from an older release, whatever it
    is called), is refused (``OlderRelease``) and nothing is loaded; or, with ``skip_older``,
    kept out while the rest loads. Then every file is applied in one transaction, each data set
    locked and checked again. Loading the same file of the same release again changes nothing.
    ``by`` is the person loading it, if any; ``progress`` hears a line per step.
    """
    say = progress or (lambda message: None)
    checked = _check_files(files, say)
    with transaction.atomic():
        keys = [file.dataset_key for file in files]
        loaded = {
            dataset.key: dataset
            for dataset in Dataset.objects.select_for_update().filter(key__in=keys)
        }
        older = {
            file.dataset_key: problem
            for file, parsed in zip(files, checked, strict=True)
            if (problem := _older_than_loaded(file, parsed, release, loaded.get(file.dataset_key)))
        }
        if older and not skip_older:
            raise OlderRelease(" ".join(older.values()))
        result = ReleaseLoaded(kept=list(older))
        for number, (file, parsed) in enumerate(zip(files, checked, strict=True), start=1):
            if file.dataset_key in older:
                say(f"{file.dataset_key}: kept the newer release already loaded")
                continue
            dataset = _apply(file, parsed, release, loaded.get(file.dataset_key))
            result.loaded.append(dataset)
            say(f"{file.dataset_key}: {dataset.value_count} figures ({number} of {len(files)})")
    return result


def _check_files(files: Sequence[ReleaseFile], say: Progress) -> list[StatisticsFile]:
    """Every file checked; every problem of every file, named by file, row and column."""
    errors: list[str] = []
    total = 0
    seen: dict[str, str] = {}
    checked: list[StatisticsFile] = []
    if not files:
        raise StatisticsFileError(["No files were given."], what="The release was")
    for file in files:
        if file.dataset_key in seen:
            errors.append(
                f"{file.name}: holds the {file.dataset_key} data set, as {seen[file.dataset_key]} "
                "does. Give each data set once."
            )
            total += 1
            continue
        seen[file.dataset_key] = file.name
        say(f"Checking {file.name}")
        try:
            checked.append(read_statistics_file(file.data, dataset_key=file.dataset_key))
        except StatisticsFileError as error:
            errors += [f"{file.name}: {problem}" for problem in error.errors]
            total += error.total
    if total:
        what = "The file was" if len(files) == 1 else "The release was"
        raise StatisticsFileError(errors[:MAX_ERRORS], total=total, what=what)
    return checked


def _older_than_loaded(
    file: ReleaseFile, parsed: StatisticsFile, release: Release, dataset: Dataset | None
) -> str:
    """Why this file must not replace the figures loaded, or "" if it may."""
    if dataset is None:
        return ""
    loaded = Release(*dataset.release)
    if release < loaded:
        return (
            f"{file.name}: the {dataset.title} figures loaded are from the {loaded}; this file "
            f"is from the older {release}, so nothing was loaded."
        )
    latest = (
        StatisticValue.objects.filter(dataset=dataset)
        .order_by()
        .aggregate(latest=Max("time_period"))["latest"]
    )
    if (
        latest
        and parsed.latest_period
        and period_order(parsed.latest_period) < period_order(latest)
    ):
        return (
            f"{file.name}: its figures run only to {parsed.latest_period}, but the {dataset.title} "
            f"figures loaded run to {latest}: it is from an older release, so nothing was "
            "loaded."
        )
    return ""


def _apply(
    file: ReleaseFile, checked: StatisticsFile, release: Release, dataset: Dataset | None
) -> Dataset:
    sha256 = hashlib.sha256(file.data).hexdigest()
    if (
        dataset is not None
        and release == Release(*dataset.release)
        and dataset.source_sha256 == sha256
    ):
        return dataset  # the very same file again: nothing to change
    area_ids = _save_areas(checked)
    if dataset is None:
        dataset = Dataset(key=file.dataset_key)
    else:
        StatisticValue.objects.filter(dataset=dataset).delete()
    dataset.title = checked.spec.title
    dataset.publication = checked.spec.publication
    dataset.reporting_year = release.reporting_year
    dataset.published_on = release.published_on
    dataset.source_name = file.name[:200]
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
