"""One mapping from domain errors to API responses."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sendcpp.exceptions import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        # A rule that found several problems (an import file) lists each of them.
        problems = getattr(exc, "errors", None)
        if problems:
            body["errors"] = [str(problem) for problem in problems]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if _malformed_public_id(context):
            return Response({"detail": NOT_FOUND}, status=404)
        return Response({"detail": exc.messages}, status=400)
    return drf_exception_handler(exc, context)


#: As DRF answers for a record that does not exist or that the caller may not see.
NOT_FOUND = "Not found."


def _malformed_public_id(context: dict[str, Any]) -> bool:
    """Whether the record named in the path by its ``public_id`` cannot exist, as the id is not a
    UUID: the answer is then 404, as for any record that is not there, not 400."""
    value = (context.get("kwargs") or {}).get("public_id")
    if value is None:
        return False
    try:
        uuid.UUID(str(value))
    except ValueError:
        return True
    return False
