"""Queries compiled once per shape.

On the hot pages, building a Django queryset and compiling it to SQL costs more Python than
PostgreSQL spends planning and running the result (a coordinator's "work today" counts: about
9 ms of Python for a 5 ms query; ``bench/README.md``). Where a query's SQL depends only on a few
facts about the request (which filters are set, the person's role) and otherwise only on
*values* (ids and dates), it is built once per process with stand-in values, and every call puts
its own values in the stand-ins' places among the parameters.

It is safe by construction, not by care:

- the caller names everything the SQL depends on in ``shape`` and passes the values separately
  (an id compared with a JSON value is a stand-in too: Django passes it wrapped as JSON, and the
  call's value goes in the same wrapping);
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
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from psycopg.types.json import Jsonb

__all__ = ["Shapes"]

Value = int | dt.date | UUID  # dt.datetime is a dt.date
Build = Callable[[Mapping[str, Any]], QuerySet[Any]]

# Far beyond any id (ids are 64-bit), and a year no date in a case can have.
_STAND_IN_ID = 4_611_686_018_427_380_000
_STAND_IN_YEAR = 1901


_NOT_YET = object()  # a shape not compiled yet (None is a shape that cannot be kept)


class _Compiled(NamedTuple):
    sql: str
    params: list[Any]
    places: dict[tuple[type, Any], str]  # each stand-in (its type and value) by value's name
    compiler: SQLCompiler  # what Django needs to make model instances of the rows
    # Whether instances can be made from the rows alone: no prefetching, no related manager's
    # own objects to attach (those need the queryset, which is not kept).
    plain: bool
    using: str
    empty: bool = False  # the query can have no rows, whatever the values (``none()``)


def _stand_in(index: int, value: Value) -> Value:
    if isinstance(value, bool):
        raise TypeError("a yes or no belongs in the shape, not among its values")
    if isinstance(value, int):
        return _STAND_IN_ID + index
    if isinstance(value, dt.datetime):
        return dt.datetime(_STAND_IN_YEAR, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=3 * index)
    if isinstance(value, dt.date):
        return dt.date(_STAND_IN_YEAR, 1, 1) + dt.timedelta(days=3 * index)
    if isinstance(value, UUID):
        return UUID(int=_STAND_IN_ID + index)
    raise TypeError(f"a stand-in can take the place of an id or a date, not {type(value)}")


def _looks_like_stand_in(param: Any) -> bool:
    if isinstance(param, Jsonb):
        param = param.obj  # the whole value: the wrapper's own text shortens a long one
    if isinstance(param, bool):
        return False
    if isinstance(param, int):
        return param >= _STAND_IN_ID - 1_000_000
    if isinstance(param, dt.date):
        return True  # every date or time in a kept shape must be a stand-in of its own
    if isinstance(param, UUID):
        return abs(param.int - _STAND_IN_ID) < 1_000_000
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
        with ``values`` each time. Raises ``EmptyResultSet`` for a query that can select
        nothing, as Django's compiler does."""
        compiled, params = self._filled(shape, build, values)
        if compiled.empty:
            raise EmptyResultSet
        return compiled.sql, params

    def _filled(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> tuple[_Compiled, list[Any]]:
        if shape is None:
            fresh = _compile(build(values), {})
            return fresh, fresh.params
        key = _key(shape, values)
        # Read once into a local: another thread may clear the kept shapes at any moment.
        compiled = self._compiled.get(key, _NOT_YET)
        if compiled is _NOT_YET:
            compiled = _kept(build, values)
            if len(self._compiled) >= self.kept:
                self._compiled.clear()
            self._compiled[key] = compiled
        if not isinstance(compiled, _Compiled):
            fresh = _compile(build(values), {})
            return fresh, fresh.params
        filled = []
        for param in compiled.params:
            place = _place(compiled.places, param)
            if place is None:
                filled.append(param)
            elif isinstance(param, Jsonb):
                filled.append(Jsonb(values[place], dumps=param.dumps))
            else:
                filled.append(values[place])
        return compiled, filled

    def rows(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> list[dict[str, Any]]:
        """The rows of ``build(values)``, each a dictionary by column name."""
        compiled, params = self._filled(shape, build, values)
        if compiled.empty:
            return []
        with connections[compiled.using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def objects(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> list[Any]:
        """The model instances ``build(values)`` gives (with what it selects related and the
        annotations it adds), as iterating the queryset would make them."""
        compiled, params = self._filled(shape, build, values)
        if not compiled.plain:
            raise TypeError("objects() makes no prefetches: read those afterwards")
        if compiled.empty:
            return []
        with connections[compiled.using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        return _instances(compiled.compiler, compiled.using, fetched)

    def is_kept(self, shape: Hashable, values: Mapping[str, Value]) -> bool:
        """Whether ``shape`` was compiled once and kept (for tests and benchmarks)."""
        return self._compiled.get(_key(shape, values)) is not None


def _compile(queryset: QuerySet[Any], places: dict[tuple[type, Any], str]) -> _Compiled:
    compiler = queryset.query.get_compiler(using=queryset.db)
    plain = not (queryset._prefetch_related_lookups or queryset._known_related_objects)  # type: ignore[attr-defined]
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        # Django's own answer to a query that can select nothing (say, a person who may see no
        # case): no SQL at all, and no rows.
        return _Compiled("", [], places, compiler, plain, queryset.db, empty=True)
    return _Compiled(sql, list(params), places, compiler, plain, queryset.db)


def _kept(build: Build, values: Mapping[str, Value]) -> _Compiled | None:
    """The query built with stand-ins, if it can be kept (see the module's docstring)."""
    stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(values.items(), 1)}
    places = {(type(value), value): name for name, value in stand_ins.items()}
    compiled = _compile(build(stand_ins), places)
    for param in compiled.params:
        if _place(places, param) is None and _looks_like_stand_in(param):
            return None
    if str(_STAND_IN_ID)[:12] in compiled.sql or f"{_STAND_IN_YEAR}-" in compiled.sql:
        return None
    return compiled


def _instances(compiler: SQLCompiler, using: str, fetched: list[Any]) -> list[Model]:
    """Model instances of ``fetched`` rows, made as Django's ``ModelIterable`` makes them from
    the same compiler: the model's columns, each related object selected, the annotations."""
    if not fetched:
        return []
    select, klass_info = compiler.select, compiler.klass_info
    if klass_info is None:
        raise TypeError("objects() needs a query of model instances, not of values")
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)  # type: ignore[call-arg]
    instances = []
    for row in compiler.results_iter([fetched]):
        instance = model.from_db(using, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in compiler.annotation_col_map.items():
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def _key(shape: Hashable, values: Mapping[str, Value]) -> Hashable:
    # The names and types of the values are part of the shape: a query given a date where it
    # was compiled with a time is another query.
    return (shape, tuple(sorted((name, type(value).__name__) for name, value in values.items())))


def _place(places: dict[tuple[type, Any], str], param: Any) -> str | None:
    """The name of the value whose stand-in ``param`` is, if it is one: as it is, or as a JSON
    value (a key of a JSON column compared with an id)."""
    if isinstance(param, Jsonb):
        param = param.obj
    if isinstance(param, int | dt.date | UUID) and not isinstance(param, bool):
        return places.get((type(param), param))
    return None
