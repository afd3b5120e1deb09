"""Queries compiled once per shape.

On the hot pages, building a Django queryset and compiling it to SQL costs more Python than
PostgreSQL spends planning and running the result (a coordinator's "work today" counts: about
9 ms of Python for a 5 ms query; ``bench/README.md``). Where a query's SQL depends only on a few
facts about the request (which filters are set, the person's role) and otherwise only on
*values* (ids, dates and text compared as it is, such as a name), it is built once per process
with stand-in values, and every call puts its own values in the stand-ins' places among the
parameters.

It is safe by construction, not by care:

- the caller names everything the SQL depends on in ``shape`` and passes the values separately
  (an id compared with a JSON value is a stand-in too: Django passes it wrapped as JSON, and the
  call's value goes in the same wrapping);
- a compiled shape is kept only when each stand-in the query uses came back as a parameter of
  its own, unchanged, and nothing else looks like one: no stand-in in the SQL text or inside another
  parameter (a list, a JSON value, a string: a name searched for as the start of a word is
  such a string), no id or date derived from a stand-in (a date a week after it), and no date
  or time that is not a stand-in at all (one the build took from the clock would be frozen in
  the shape);
- a shape that fails any of these is remembered as such, and its query is then built with the
  call's own values every time (correct, just not faster).

A kept shape's SQL never changes, so PostgreSQL is asked to prepare it once on each connection
(``PREPARE``) and each call runs the prepared statement with its values (``EXECUTE``): after a
few calls PostgreSQL plans it once for all values instead of on every call, which for the audit
log's query over every history table is most of its cost. Preparing is done once per connection,
outside the queries Django counts, like the connection's own setup; a statement PostgreSQL will
not prepare is run as it is.

``build`` must use its values as values only (passed to filters, never branched on); anything it
branches on belongs in ``shape``. It must read every id from its values, never from a person or
record it closes over: an id written into the query that way is not a stand-in, and nothing
about it tells the kit it is not a constant. A caller without a shape for the person (no
``access.scope_values``) passes None. Each user of the kit has a test that reads two people's
(or records') pages through one shape.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import re
import weakref
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

import psycopg
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb
from psycopg.types.numeric import Int2, Int4, Int8

__all__ = ["ShapedQuery", "Shapes"]

Value = int | dt.date | UUID | str  # dt.datetime is a dt.date
Build = Callable[[Mapping[str, Any]], QuerySet[Any]]

# Far beyond any id (ids are 64-bit), and a year no date in a case can have.
_STAND_IN_ID = 4_611_686_018_427_380_000
_STAND_IN_YEAR = 1901


# Integers Django gives psycopg with their size said (a value compared with an integer column in
# an expression): a stand-in in one is a stand-in, and the call's value goes in the same size.
_SIZED_INTEGERS = (Int2, Int4, Int8)

_NOT_YET = object()  # a shape not compiled yet (None is a shape that cannot be kept)


class _Compiled(NamedTuple):
    sql: str
    params: list[Any]
    compiler: SQLCompiler  # what Django needs to make model instances of the rows
    # Whether instances can be made from the rows alone: no prefetching, no related manager's
    # own objects to attach (those need the queryset, which is not kept).
    plain: bool
    using: str
    empty: bool = False  # the query can have no rows, whatever the values (``none()``)
    statement: str = ""  # the name it is prepared under on each connection (kept shapes only)
    prepare: str = ""  # what follows ``PREPARE <statement>``: its parameters' types and its SQL
    # Where each value goes among the parameters, and its name (kept shapes only).
    slots: tuple[tuple[int, str], ...] = ()


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
    if isinstance(value, str):
        # The number first: any part of it Django kept (or changed around) still shows it.
        return f"{_STAND_IN_ID + index} stand-in"
    raise TypeError(f"a stand-in can take the place of an id, a date or text, not {type(value)}")


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
            fresh = _compile(build(values))
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
            fresh = _compile(build(values))
            return fresh, fresh.params
        filled = list(compiled.params)
        for index, name in compiled.slots:
            param, value = filled[index], values[name]
            if isinstance(param, Jsonb):
                filled[index] = Jsonb(value, dumps=param.dumps)
            elif isinstance(param, _SIZED_INTEGERS) and isinstance(value, int):
                filled[index] = type(param)(value)  # the size Django gave the stand-in
            else:
                filled[index] = value
        return compiled, filled

    def rows(
        self, shape: Hashable | None, build: Build, values: Mapping[str, Value]
    ) -> list[dict[str, Any]]:
        """The rows of ``build(values)``, each a dictionary by column name."""
        compiled, params = self._filled(shape, build, values)
        if compiled.empty:
            return []
        with connections[compiled.using].cursor() as cursor:
            _execute(cursor, compiled, params)
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
            _execute(cursor, compiled, params)
            fetched = cursor.fetchall()
        return _instances(compiled.compiler, compiled.using, fetched)

    def first(self, shape: Hashable | None, build: Build, values: Mapping[str, Value]) -> Any:
        """The first instance ``objects`` gives, or None: for a query of one record (its
        ``build`` takes the first row itself, ``[:1]``, so that no more are read)."""
        found = self.objects(shape, build, values)
        return found[0] if found else None

    def is_kept(self, shape: Hashable, values: Mapping[str, Value]) -> bool:
        """Whether ``shape`` was compiled once and kept (for tests and benchmarks)."""
        return self._compiled.get(_key(shape, values)) is not None


@dataclass(frozen=True)
class ShapedQuery:
    """A query of model instances compiled once per shape, not run yet, for a kit that narrows
    it further before running it (the keyset pager: ``sendcpp.web.paging``): ``build(values)``
    is the queryset, as for ``Shapes``. A ``shape`` of None is built afresh every time."""

    shapes: Shapes
    shape: Hashable | None
    build: Build
    values: Mapping[str, Value]

    def queryset(self) -> QuerySet[Any]:
        """The query built with its own values (for what the kit does not compile)."""
        return self.build(self.values)

    def then(self, step: Hashable, change: Callable[[QuerySet[Any]], QuerySet[Any]]) -> ShapedQuery:
        """The same query changed by ``change`` (say, read the other way round): another shape,
        ``step`` saying which."""
        shape = None if self.shape is None else (self.shape, step)
        build = self.build
        return ShapedQuery(self.shapes, shape, lambda given: change(build(given)), self.values)

    def objects(
        self,
        step: Hashable,
        narrow: Callable[[QuerySet[Any], list[Any]], QuerySet[Any]],
        more: list[Any],
    ) -> list[Any]:
        """The instances of ``narrow(queryset, more)``: compiled once for the shape and ``step``
        when every value in ``more`` can take a stand-in's place (an id, a date or a time, a
        UUID), built for this call otherwise (a name to page on, a missing value)."""
        if self.shape is None or not all(_can_stand_in(value) for value in more):
            return list(narrow(self.queryset(), more))
        names = [f"shaped_more_{index}" for index in range(len(more))]
        if any(name in self.values for name in names):
            raise ValueError("a shaped query's values may not use the names its kit adds")
        build = self.build

        def narrowed(given: Mapping[str, Any]) -> QuerySet[Any]:
            return narrow(build(given), [given[name] for name in names])

        values = {**self.values, **dict(zip(names, more, strict=True))}
        return self.shapes.objects((self.shape, step), narrowed, values)


def _can_stand_in(value: Any) -> bool:
    return isinstance(value, int | dt.date | UUID | str) and not isinstance(value, bool)


def _compile(queryset: QuerySet[Any]) -> _Compiled:
    compiler = queryset.query.get_compiler(using=queryset.db)
    plain = not (queryset._prefetch_related_lookups or queryset._known_related_objects)  # type: ignore[attr-defined]
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        # Django's own answer to a query that can select nothing (say, a person who may see no
        # case): no SQL at all, and no rows.
        return _Compiled("", [], compiler, plain, queryset.db, empty=True)
    return _Compiled(sql, list(params), compiler, plain, queryset.db)


def _kept(build: Build, values: Mapping[str, Value]) -> _Compiled | None:
    """The query built with stand-ins, if it can be kept (see the module's docstring)."""
    stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(values.items(), 1)}
    places = {(type(value), value): name for name, value in stand_ins.items()}
    compiled = _compile(build(stand_ins))
    slots = []
    for index, param in enumerate(compiled.params):
        name = _place(places, param)
        if name is not None:
            slots.append((index, name))
        elif _looks_like_stand_in(param):
            return None
    if str(_STAND_IN_ID)[:12] in compiled.sql or f"{_STAND_IN_YEAR}-" in compiled.sql:
        return None
    compiled = compiled._replace(slots=tuple(slots))
    types = _types(compiled.params)
    if compiled.empty or types is None:
        return compiled
    numbered = _numbered(compiled.sql)
    prepare = f"({', '.join(types)}) AS {numbered}" if types else f"AS {numbered}"
    digest = hashlib.sha256(prepare.encode()).hexdigest()[:32]
    return compiled._replace(statement=f"shape_{digest}", prepare=prepare)


# --- Prepared statements -------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%([%s])")
#: The statements prepared on each open connection (by the driver's connection object, so a
#: connection opened afresh starts with none).
_PREPARED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
_PREPARED_MOST = 256  # on one connection; then they are all let go and prepared again as used
_UNPREPARABLE: set[str] = set()  # statements PostgreSQL would not prepare: run as they are


# The PostgreSQL type of each kind of parameter a prepared statement may have, said outright: left
# to PostgreSQL, a parameter with nothing to go by (``COALESCE(NULL, $1)``) would be text, where
# Django's own query, with the value written in, has a number.
_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (Int2, "smallint"),
    (Int4, "integer"),
    (Int8, "bigint"),
    (int, "bigint"),
    (float, "double precision"),
    (Decimal, "numeric"),
    (str, "text"),
    (dt.datetime, "timestamptz"),
    (dt.date, "date"),
    (dt.time, "time"),
    (dt.timedelta, "interval"),
    (UUID, "uuid"),
    (Jsonb, "jsonb"),
)


def _types(params: list[Any]) -> list[str] | None:
    """The PostgreSQL type of each parameter, or None if any is of a kind not said here (a list,
    a date and time without a zone, a number too large for 64 bits): such a query is not prepared."""
    types = []
    for param in params:
        kind = next((name for python, name in _TYPES if isinstance(param, python)), None)
        naive = isinstance(param, dt.datetime) and param.tzinfo is None
        too_large = kind == "bigint" and not -(2**63) <= param < 2**63
        if kind is None or naive or too_large:
            return None
        types.append(kind)
    return types


def _numbered(sql: str) -> str:
    """Django's SQL with PostgreSQL's numbered parameters (``$1``) for its ``%s``."""
    count = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m[1] == "%" else f"${next(count)}", sql)


def _execute(cursor: Any, compiled: _Compiled, params: list[Any]) -> None:
    """Run ``compiled`` with ``params`` on ``cursor`` (Django's, so the query is counted and
    logged as any other): a kept shape as the statement prepared for it on this connection, a
    query built for one call as it is."""
    if not compiled.statement or not _prepare(compiled):
        cursor.execute(compiled.sql, params)
        return
    places = ", ".join(["%s"] * len(params))
    name = compiled.statement
    with _without_history_context(cursor.db):
        cursor.execute(f"EXECUTE {name}({places})" if params else f"EXECUTE {name}", params)


@contextlib.contextmanager
def _without_history_context(database: Any) -> Iterator[None]:
    """Run a kept shape's ``EXECUTE`` without django-pghistory's wrapper. Inside a request it puts
    two ``set_config`` calls naming who acted (their JSON made afresh) before every statement
    but a ``SELECT``, so that a write's history triggers can read them; a kept shape is always a
    ``SELECT``, which fires no trigger, but run as ``EXECUTE`` it got them too (0.6 to 1.5 ms on
    a plan's page of ten such reads). Writes keep them: they are not run here."""
    wrappers = database.execute_wrappers
    kept = [wrap for wrap in wrappers if getattr(wrap, "__module__", "") != "pghistory.runtime"]
    if len(kept) == len(wrappers):
        yield
        return
    every = list(wrappers)
    wrappers[:] = kept
    try:
        yield
    finally:
        wrappers[:] = every


def _prepare(compiled: _Compiled) -> bool:
    """Whether ``compiled`` is prepared on its connection, preparing it if it is not yet."""
    name = compiled.statement
    wrapper = connections[compiled.using]
    # A connection closed after each request would prepare on every request: a round trip more.
    if (
        name in _UNPREPARABLE
        or not settings.DATABASE_PREPARED_STATEMENTS
        or wrapper.settings_dict["CONN_MAX_AGE"] == 0
    ):
        return False
    raw = wrapper.connection
    prepared = _PREPARED.setdefault(raw, set())
    if name in prepared:
        return True
    status = raw.info.transaction_status
    if status not in (TransactionStatus.IDLE, TransactionStatus.INTRANS):
        return False  # a failed transaction: the query will say so itself
    if len(prepared) >= _PREPARED_MOST:
        raw.execute("DEALLOCATE ALL")
        prepared.clear()
    statement = f"PREPARE {name} {compiled.prepare}"
    # Inside a transaction a statement that fails would end it: try it in a savepoint.
    in_transaction = status == TransactionStatus.INTRANS
    try:
        if in_transaction:
            raw.execute("SAVEPOINT shape_prepare")
        raw.execute(statement)
    except psycopg.Error:
        if in_transaction:
            raw.execute("ROLLBACK TO SAVEPOINT shape_prepare")
        _UNPREPARABLE.add(name)
        return False
    finally:
        if in_transaction and raw.info.transaction_status == TransactionStatus.INTRANS:
            raw.execute("RELEASE SAVEPOINT shape_prepare")
    prepared.add(name)
    return True


class _Maker(NamedTuple):
    """What making instances from a compiler's rows needs, worked out once per compiler."""

    model: type[Model]
    names: list[str]
    start: int
    end: int
    populators: list[Any]
    converters: dict[int, Any]
    annotations: list[tuple[str, int]]


#: Each compiled query's ``_Maker``, for as long as the compiled query is kept.
_MAKERS: weakref.WeakKeyDictionary[SQLCompiler, _Maker] = weakref.WeakKeyDictionary()


def _maker(compiler: SQLCompiler, using: str) -> _Maker:
    """The columns, related objects' populators and converters of ``compiler``'s rows, as
    Django's ``ModelIterable`` works them out on every iteration (a tenth of a millisecond and
    more for a row of a dozen related fields, every call); here once per compiled query."""
    maker = _MAKERS.get(compiler)
    if maker is not None:
        return maker
    select, klass_info = compiler.select, compiler.klass_info
    if klass_info is None:
        raise TypeError("objects() needs a query of model instances, not of values")
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    maker = _Maker(
        model=klass_info["model"],
        names=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, using),  # type: ignore[call-arg]
        converters=compiler.get_converters([s[0] for s in select[0 : compiler.col_count]]),
        annotations=list(compiler.annotation_col_map.items()),
    )
    _MAKERS[compiler] = maker
    return maker


def _instances(compiler: SQLCompiler, using: str, fetched: list[Any]) -> list[Model]:
    """Model instances of ``fetched`` rows, made as Django's ``ModelIterable`` makes them from
    the same compiler: the model's columns, each related object selected, the annotations."""
    if not fetched:
        return []
    made = _maker(compiler, using)
    rows = compiler.apply_converters(fetched, made.converters) if made.converters else fetched
    model, names, start, end = made.model, made.names, made.start, made.end
    instances = []
    for row in rows:
        instance = model.from_db(using, names, row[start:end])
        for populator in made.populators:
            populator.populate(row, instance)
        for name, position in made.annotations:
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
    if isinstance(param, _SIZED_INTEGERS):
        return places.get((int, int(param)))
    if isinstance(param, int | dt.date | UUID | str) and not isinstance(param, bool):
        return places.get((type(param), param))
    return None
