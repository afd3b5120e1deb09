"""One paginator for list pages. The page links keep the other query parameters (filters)
through Django's ``{% querystring %}`` tag in ``govuk/pagination.html``.

Two ways to page, behind one function:

- ``paginate(request, items)``: numbered pages with an exact count ("Page 2 of 7"), for lists
  that stay small (a search's results, one person's messages).
- ``paginate(request, items, seek=True)``: keyset ("seek") paging for lists that grow with the
  authority (caseloads, every case, deadlines). It never counts and never skips rows with
  ``OFFSET``: the "Next" link carries the sort key of the last row shown (``?after=``), the
  "Previous" link that of the first (``?before=``), and the next page is read from the index
  from that point on, so page 100 costs what page 1 costs. The queryset's own ``order_by`` is
  the key; it must end with a unique field (``id``). ``items`` may be a ``ShapedQuery``
  (``sendcpp.shapes``): each page's query is then compiled once per shape of the list, with the
  cursor's values (ids, dates, times, a surname) as values.

``seek_page`` is the same keyset step for callers outside a page (the API's cursor pagination).
"""

from __future__ import annotations

import base64
import binascii
import json
import weakref
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Field, Func, GeneratedField, Model, OrderBy, Q, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.http import HttpRequest, QueryDict

from sendcpp.shapes import ShapedQuery, Shapes

PAGE_SIZE = 25

#: What a keyset-paged list can be: a queryset, or a query compiled once per shape.
Items = QuerySet[Any] | ShapedQuery


@dataclass(frozen=True)
class _Key:
    """One column of a queryset's ordering."""

    name: str
    model_field: Field[Any, Any]
    descending: bool
    nulls_last: bool

    def reversed(self) -> _Key:
        return _Key(self.name, self.model_field, not self.descending, not self.nulls_last)


def _field(model: type[Model], path: str) -> Field[Any, Any]:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return model._meta.get_field("id" if name == "pk" else name)  # type: ignore[return-value]


def _keys(queryset: QuerySet[Any]) -> list[_Key]:
    """The ordering of ``queryset`` as keys. PostgreSQL puts nulls last in ascending order and
    first in descending order unless the ordering says otherwise."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    keys = []
    for item in ordering:
        if isinstance(item, str):
            name, descending, nulls_last = item.lstrip("-"), item.startswith("-"), None
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            # django-stubs leave out F.name, the field path F was made with.
            name, descending = item.expression.name, item.descending  # type: ignore[attr-defined]
            nulls_last = True if item.nulls_last else (False if item.nulls_first else None)
        else:
            raise ValueError(f"Keyset paging needs ordering by fields, not {item!r}")
        if nulls_last is None:
            nulls_last = not descending
        keys.append(_Key(name, _field(queryset.model, name), descending, nulls_last))
    if not keys or not (keys[-1].model_field.primary_key or keys[-1].model_field.unique):
        raise ValueError("Keyset paging needs an ordering that ends with a unique field")
    return keys


def _after(keys: list[_Key], values: list[Any]) -> Q:
    """Rows that sort after ``values`` on ``keys`` (none of them null). When every key runs the
    same way this is one row comparison, ``(a, b) > (x, y)``, which PostgreSQL answers from a
    matching index; otherwise the same test written out column by column."""
    if len({key.descending for key in keys}) == 1:
        compare = LessThan if keys[0].descending else GreaterThan
        if len(keys) == 1:
            return Q(compare(F(keys[0].name), values[0]))
        row = Func(*(F(key.name) for key in keys), function="ROW", output_field=keys[0].model_field)
        given = Func(*map(Value, values), function="ROW", output_field=keys[0].model_field)
        return Q(compare(row, given))
    after = Q(pk__in=[])
    for index, key in enumerate(keys):
        lookup = "lt" if key.descending else "gt"
        same = {k.name: v for k, v in zip(keys[:index], values[:index], strict=True)}
        after |= Q(**same, **{f"{key.name}__{lookup}": values[index]})
    return after


def _rows_from(items: Items, keys: list[_Key], values: list[Any] | None, limit: int) -> list[Any]:
    """Up to ``limit`` rows of ``items`` (ordered by ``keys``) after ``values``, or from the
    start. Only the first key may be null: its null and non-null rows are read as two ranges, in
    the order the keys put them, each from the index. Each read is one of a few fixed shapes
    with the cursor's values as values, so a list compiled once per shape (``ShapedQuery``) is
    compiled once for each of them."""
    if values is None:
        return _read(items, ("first", limit), lambda rows, _: rows[:limit], [])
    lead = keys[0]
    if not lead.model_field.null:
        return _read(
            items, ("after", limit), lambda rows, v: rows.filter(_after(keys, v))[:limit], values
        )
    after_null = lead.name + "__isnull"
    if values[0] is None:
        rows = _read(
            items,
            ("after, among the nulls", limit),
            lambda rows, v: rows.filter(**{after_null: True}).filter(_after(keys[1:], v))[:limit],
            values[1:],
        )
        rest_null = None if lead.nulls_last else False
    else:
        rows = _read(
            items,
            ("after, among the values", limit),
            lambda rows, v: rows.filter(**{after_null: False}).filter(_after(keys, v))[:limit],
            values,
        )
        rest_null = True if lead.nulls_last else None
    if rest_null is not None and len(rows) < limit:
        # The other range from its start: read as a whole page (one shape), cut to what fits.
        rest = _read(
            items,
            ("the rest", rest_null, limit),
            lambda rows, _: rows.filter(**{after_null: rest_null})[:limit],
            [],
        )
        rows += rest[: limit - len(rows)]
    return rows


def _read(
    items: Items,
    step: tuple[Any, ...],
    narrow: Callable[[QuerySet[Any], list[Any]], QuerySet[Any]],
    values: list[Any],
) -> list[Any]:
    """The rows of ``narrow(items, values)``: compiled once for the list's shape and ``step``
    when the list is a ``ShapedQuery``."""
    if isinstance(items, ShapedQuery):
        return items.objects(step, narrow, values)
    return list(narrow(items, values))


def _encode(keys: list[_Key], row: Model) -> str:
    values = [_value_at(row, key.name) for key in keys]
    text = json.dumps([None if v is None else str(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _value_at(row: Any, path: str) -> Any:
    """The value at an ordering's field path (``team__name``) of a row."""
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _decode(keys: list[_Key], cursor: str) -> list[Any] | None:
    """The key values in a cursor, or None if it is not one of ours (a fresh first page then)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(raw, list) or len(raw) != len(keys):
            return None
        values = []
        for key, value in zip(keys, raw, strict=True):
            if value is not None:
                # A generated column reads its value as the field it is generated as (a number).
                column = key.model_field
                if isinstance(column, GeneratedField) and column.output_field is not None:
                    column = column.output_field
                value = column.to_python(value)
                # Within the column's range (an id past a 64-bit integer), or the query fails.
                column.run_validators(value)
            values.append(value)
        return values
    except (ValueError, TypeError, ValidationError, binascii.Error, FieldDoesNotExist):
        return None


@dataclass
class SeekPage:
    """One page of a keyset-paged list: iterate it for the rows. ``next_cursor`` and
    ``previous_cursor`` are None at either end."""

    object_list: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    query: QueryDict = field(default_factory=QueryDict)

    seek = True

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def _link(self, name: str, cursor: str | None) -> QueryDict:
        query = self.query.copy()
        for stale in ("after", "before", "page"):
            query.pop(stale, None)
        if cursor is not None:
            query[name] = cursor
        return query

    @property
    def next_query(self) -> QueryDict:
        return self._link("after", self.next_cursor)

    @property
    def previous_query(self) -> QueryDict:
        return self._link("before", self.previous_cursor)


#: The ordering of each shape of a ``ShapedQuery``, found once (a shape's ordering is fixed).
_SHAPED_KEYS: weakref.WeakKeyDictionary[Shapes, dict[Hashable, list[_Key]]] = (
    weakref.WeakKeyDictionary()
)
_SHAPED_KEYS_MOST = 512


def _keys_of(items: Items) -> list[_Key]:
    if not isinstance(items, ShapedQuery) or items.shape is None:
        return _keys(items.queryset() if isinstance(items, ShapedQuery) else items)
    known = _SHAPED_KEYS.setdefault(items.shapes, {})
    keys = known.get(items.shape)
    if keys is None:
        keys = _keys(items.queryset())
        if len(known) >= _SHAPED_KEYS_MOST:
            known.clear()
        known[items.shape] = keys
    return keys


def _reversed(items: Items) -> Items:
    if isinstance(items, ShapedQuery):
        return items.then("backwards", lambda rows: rows.reverse())
    return items.reverse()


def seek_page(items: Items, *, after: str | None, before: str | None, per_page: int) -> SeekPage:
    """The page of ``items`` (a queryset, or a ``ShapedQuery`` compiled once per shape) after
    the cursor ``after`` (or before ``before``), read from the index without counting or
    skipping rows. An unreadable cursor gives the first page."""
    keys = _keys_of(items)
    backwards = before is not None and after is None
    cursor = before if backwards else after
    values = _decode(keys, cursor) if cursor else None
    if backwards and values is not None:
        reverse = [key.reversed() for key in keys]
        rows = _rows_from(_reversed(items), reverse, values, per_page + 1)
        more = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return SeekPage(
            rows,
            next_cursor=_encode(keys, rows[-1]) if rows else None,
            previous_cursor=_encode(keys, rows[0]) if rows and more else None,
        )
    rows = _rows_from(items, keys, values, per_page + 1)
    more = len(rows) > per_page
    rows = rows[:per_page]
    return SeekPage(
        rows,
        next_cursor=_encode(keys, rows[-1]) if rows and more else None,
        previous_cursor=_encode(keys, rows[0]) if rows and values is not None else None,
    )


def paginate(
    request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE, seek: bool = False
) -> dict[str, Any]:
    """``{"page_obj": ...}`` for the page asked for. Numbered (``?page=``: the last page if it is
    past the end, the first if it is not a number), or with ``seek=True`` keyset-paged
    (``?after=`` / ``?before=``, see the module's docstring)."""
    if seek:
        page = seek_page(
            items,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=per_page,
        )
        page.query = request.GET
        return {"page_obj": page}
    return {"page_obj": Paginator(items, per_page).get_page(request.GET.get("page"))}
