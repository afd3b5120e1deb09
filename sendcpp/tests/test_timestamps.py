"""Times are read by psycopg's compiled loader (``sendcpp.timestamps``), with the very values
Django's own loader gives: the same instants, in ``datetime.timezone.utc``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from sendcpp.models import AccessLog
from sendcpp.tests.factories import CaseFactory
from sendcpp.timestamps import CompiledUtcLoader, use_compiled_loader

pytestmark = pytest.mark.django_db

TIMES = [
    "2026-03-29 00:59:59.999999+00",  # the last moment of GMT before the clocks go forward
    "2026-03-29 01:00:00+00",
    "2026-10-25 00:30:00.5+00",  # in the hour that happens twice in London
    "2026-12-07 23:59:59+05:30",
    "1999-12-31 23:00:00-01",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]


def _loader() -> type:
    connection.ensure_connection()
    return connection.connection.adapters.get_loader(
        connection.connection.adapters.types["timestamptz"].oid, Format.TEXT
    )


def _read(values: list[str]) -> list[dt.datetime]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value::timestamptz FROM unnest(%s::text[]) WITH ORDINALITY AS t(value, n) "
            "ORDER BY n",
            [values],
        )
        return [row[0] for row in cursor.fetchall()]


def test_times_are_read_by_the_compiled_loader_as_django_reads_them():
    assert _loader() is CompiledUtcLoader
    compiled = _read(TIMES)
    raw = connection.connection
    register_tzloader(connection.timezone, raw)  # Django's own loader, for comparison
    try:
        assert _loader() is not CompiledUtcLoader
        django = _read(TIMES)
    finally:
        raw.adapters.register_loader("timestamptz", CompiledUtcLoader)
    assert compiled == django
    assert [value.tzinfo for value in compiled] == [dt.UTC] * len(TIMES)
    assert compiled[0] == dt.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=dt.UTC)
    assert compiled[3] == dt.datetime(2026, 12, 7, 18, 29, 59, tzinfo=dt.UTC)


def test_a_record_saved_is_read_back_the_same(world):
    at = dt.datetime(2026, 10, 25, 1, 30, 0, 123456, tzinfo=dt.UTC)
    case = CaseFactory()
    AccessLog.objects.create(
        user=world.coordinator, child=case.child, case=case, what="case", at=at
    )
    read = AccessLog.objects.filter(case=case).values_list("at", flat=True).get()
    assert read == at
    assert read.tzinfo is dt.UTC


def test_a_session_not_in_utc_keeps_djangos_loader():
    other = connection.copy()
    try:
        other.ensure_connection()
        raw = other.connection
        with raw.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'Europe/London'")
        register_tzloader(other.timezone, raw)
        use_compiled_loader(sender=None, connection=other)
        loader = raw.adapters.get_loader(raw.adapters.types["timestamptz"].oid, Format.TEXT)
        assert loader is not CompiledUtcLoader
    finally:
        other.close()
