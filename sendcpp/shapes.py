"""Queries compiled once per shape.

On the hot pages, building a Django queryset and compiling it to SQL costs more Python than
PostgreSQL spends planning and running the result (a coordinator's "work today" counts: about
9 ms of Python for a 5 ms query; ``bench/README.md``). Where a query's SQL depends only on a few
facts about the request (which filters are set, the person's role) and otherwise only on
*values* (ids and dates), it is built once per process with stand-in values, and every call puts
its own values in the stand-ins' places among the parameters.

It is safe by construction, not by care:

- the caller names everything the SQL depends on in ``shape`` and passes the values separately;
- a compiled shape is kept only when each stand-in the query uses came back as a parameter of
  its own, unchanged, and nothing else looks like one: no stand-in in the SQL text or inside another
  parameter (a list, a JSON value, a string), no id or date derived from a stand-in (a date a
  week after it), and no date or time that is not a stand-in at all (one the build took from the
  clock would be frozen in the shape);
- a shape that fails any of these is remembered as such, and its query is then built with the
  call's own values every time (correct, just not faster).

``build`` must use its values as values only (passed to filters, never branched on); anything it
branches on belongs in ``shape``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import QuerySet

__all__ = ["Shapes"]

Value = int | dt.date  # dt.datetime is a dt.date
Build = Callable[[Mapping[str, Any]], QuerySet[Any]]

# Far beyond any id (ids are 64-bit), and a year no date in a case can have.
_STAND_IN_ID = 4_611_686_018_427_380_000
_STAND_IN_YEAR = 1901


class _Compiled(NamedTuple):
    sql: str
    params: list[Any]
    places: dict[tuple[type, Any], str]  # each stand-in (its type and value) by value's name


def _stand_in(index: int, value: Value) -> Value:
    if isinstance(value, bool):
        raise TypeError("a yes or no belongs in the shape, not among its values")
    if isinstance(value, int):
        return _STAND_IN_ID + index
    if isinstance(value, dt.datetime):
        return dt.datetime(_STAND_IN_YEAR, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=3 * index)
    if isinstance(value, dt.date):
        return dt.date(_STAND_IN_YEAR, 1, 1) + dt.timedelta(days=3 * index)
    raise TypeError(f"a stand-in can take the place of an id or a date, not {type(value)}")


def _looks_like_stand_in(param: Any) -> bool:
    if isinstance(param, bool):
        return False
    if isinstance(param, int):
        return param >= _STAND_IN_ID - 1_000_000
    if isinstance(param, dt.date):
        return True  # every date or time in a kept shape must be a stand-in of its own
    return str(_STAND_IN_ID)[:12] in str(param) or f"{_STAND_IN_YEAR}-" in str(param)


class Shapes:
    """The compiled SQL of one kind of query, by shape. ``sql`` gives a call's SQL and
    parameters; ``rows`` runs it."""

    def __init__(self, name: str, *, kept: int = 512) -> None:
        self.name = name
        self.kept = kept
        # None for a shape that could not be kept (its query is built afresh every time).
        self._compiled: dict[Hashable, _Compiled | None] = {}

    def sql(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> tuple[str, list[Any]]:
        """The SQL and parameters of ``build(values)``: from the kept shape when there is one.
        A ``shape`` of None says the query depends on more than a shape can name: it is built
        with ``values`` each time."""
        if shape is None:
            sql, params = build(values).query.sql_with_params()
            return sql, list(params)
        key = _key(shape, values)
        if key not in self._compiled:
            if len(self._compiled) >= self.kept:
                self._compiled.clear()
            self._compiled[key] = self._compile(build, values)
        compiled = self._compiled[key]
        if compiled is None:
            sql, params = build(values).query.sql_with_params()
            return sql, list(params)
        filled = []
        for param in compiled.params:
            place = _place(compiled.places, param)
            filled.append(param if place is None else values[place])
        return compiled.sql, filled

    def rows(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> list[dict[str, Any]]:
        """The rows of ``build(values)``, each a dictionary by column name."""
        sql, params = self.sql(shape, build, values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def is_kept(self, shape: Hashable, values: Mapping[str, Value]) -> bool:
        """Whether ``shape`` was compiled once and kept (for tests and benchmarks)."""
        return self._compiled.get(_key(shape, values)) is not None

    @staticmethod
    def _compile(build: Build, values: Mapping[str, Value]) -> _Compiled | None:
        stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(values.items(), 1)}
        places = {(type(value), value): name for name, value in stand_ins.items()}
        sql, params = build(stand_ins).query.sql_with_params()
        for param in params:
            if _place(places, param) is None and _looks_like_stand_in(param):
                return None
        if str(_STAND_IN_ID)[:12] in sql or f"{_STAND_IN_YEAR}-" in sql:
            return None
        return _Compiled(sql, list(params), places)


def _key(shape: Hashable, values: Mapping[str, Value]) -> Hashable:
    # The names and types of the values are part of the shape: a query given a date where it
    # was compiled with a time is another query.
    return (shape, tuple(sorted((name, type(value).__name__) for name, value in values.items())))


def _place(places: dict[tuple[type, Any], str], param: Any) -> str | None:
    """The name of the value whose stand-in ``param`` is, if it is one."""
    return places.get((type(param), param)) if isinstance(param, int | dt.date) else None
