"""One mapping from domain errors to API responses."""

from __future__ import annotations

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
        return Response({"detail": exc.messages}, status=400)
    return drf_exception_handler(exc, context)
