"""Paging of every API list: numbered pages (``?page=``, with ``count``), as clients have always
had, or cursor pages (``?cursor=``) that never count and read each page from the index, however
deep. Cursor paging is the shared kit's keyset paging (``sendcpp.web.paging.seek_page``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sendcpp.web.paging import SeekPage, seek_page


class Pagination(PageNumberPagination):
    """``?page=N`` answers ``{count, next, previous, results}``. ``?cursor=`` (empty for the first
    page) answers ``{next, previous, results}``: follow ``next`` and ``previous`` as given; the
    cursors in them are opaque."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    before_query_param = "before"

    seek: SeekPage | None = None

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        params = request.query_params
        wants_cursor = self.cursor_query_param in params or self.before_query_param in params
        if not (wants_cursor and isinstance(queryset, QuerySet)):
            self.seek = None
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        # Ties in a list's order are broken by id, which a cursor needs.
        for candidate in (queryset, queryset.order_by(*ordering, "pk")):
            try:
                self.seek = seek_page(
                    candidate,
                    after=params.get(self.cursor_query_param) or None,
                    before=params.get(self.before_query_param) or None,
                    per_page=self.get_page_size(request) or self.page_size,
                )
                break
            except ValueError:
                continue
        else:  # ordered by an expression: numbered pages, as before
            return super().paginate_queryset(queryset, request, view)
        return self.seek.object_list

    def _cursor_link(self, name: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        for stale in (self.page_query_param, self.cursor_query_param, self.before_query_param):
            url = remove_query_param(url, stale)
        return replace_query_param(url, name, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        if self.seek is None:
            return super().get_paginated_response(data)
        return Response(
            {
                "next": self._cursor_link(self.cursor_query_param, self.seek.next_cursor),
                "previous": self._cursor_link(self.before_query_param, self.seek.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        numbered = super().get_paginated_response_schema(schema)
        numbered["required"] = ["next", "previous", "results"]
        numbered["properties"]["count"]["description"] = (
            "How many records match, on numbered pages only (not with a cursor)."
        )
        return numbered

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Cursor paging: empty for the first page, then as given in `next`. "
                    "Pages are never counted and cost the same however deep."
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.before_query_param,
                "required": False,
                "in": "query",
                "description": "Cursor paging backwards: as given in `previous`.",
                "schema": {"type": "string"},
            },
        ]
