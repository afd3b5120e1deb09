"""The OpenAPI schema: drf-spectacular's, plus the error responses each operation can give, so
that a client (and the schema-driven fuzzing in ``tests/test_api_fuzz.py``) knows every status
code the API answers with and the shape of its body."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions

# ``{"detail": ...}``, with ``field`` when a rule of the service is about one field of the input
# (see ``sendcpp.api.errors``).
ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string", "description": "The field of the input the error is about"},
    },
    "required": ["detail"],
}
# A 400 is either an error as above (``detail`` is a list for several messages), or the invalid
# fields of the input, each with its messages (nested for nested input).
VALIDATION_ERROR = {
    "type": "object",
    "properties": {
        "detail": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
        "field": {"type": "string", "description": "The field of the input the error is about"},
    },
    "additionalProperties": {},
}
DESCRIPTIONS = {
    "400": "The input is not valid, or a rule of the service refused the change",
    "401": "No valid partner key or session",
    "403": "Signed in, but not allowed (or the CSRF token is missing from a session request)",
    "404": "Not found, or not one the caller may see",
    "409": "The record is not at a stage where this can happen, or changed since it was read",
    "415": "The body is not in a format this operation accepts, or cannot be read as one",
    "429": "Too many requests: try again later",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self._error_codes(operation):
            responses.setdefault(code, self._error_response(code))
        return operation

    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        """The error status codes this operation can answer with."""
        locations = {parameter["in"] for parameter in operation.get("parameters", [])}
        writes = self.method in UNSAFE_METHODS
        authenticates = bool(self.view.get_authenticators())
        open_to_all = all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        paginated = self._get_paginator() is not None and self._is_list_view()
        codes = []
        if writes or "query" in locations or "requestBody" in operation:
            codes.append("400")
        # A bad partner key is refused even where no sign-in is needed.
        if authenticates:
            codes.append("401")
        # Session requests that change something need the CSRF token, whoever may call.
        if authenticates and (writes or not open_to_all):
            codes.append("403")
        # A record in the path or the input the caller may not see, or a page past the last.
        if writes or "path" in locations or paginated:
            codes.append("404")
        if writes:
            codes.append("409")
        # A body sent in a media type the operation's parsers do not take, or malformed as one.
        if writes or "requestBody" in operation:
            codes.append("415")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _error_response(self, code: str) -> dict[str, Any]:
        name, schema = ("ValidationError", VALIDATION_ERROR) if code == "400" else ("Error", ERROR)
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return {
            "description": DESCRIPTIONS[code],
            "content": {"application/json": {"schema": component.ref}},
        }
