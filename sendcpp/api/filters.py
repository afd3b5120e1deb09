"""Query filters of the API that need more than django-filter gives."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, turned into UTC before it reaches the database.

    ISO 8601 (and Python) allow offsets from UTC of up to 23:59; PostgreSQL refuses anything
    beyond 15:59 and a far-off year can leave its range once moved to UTC. Converting here
    answers those with a clear 400 instead of a database error.
    """

    default_error_messages = {
        "out_of_range": "Enter a date and time that is still between the years 1 and 9999 in UTC.",
    }

    def to_python(self, value: Any) -> datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["out_of_range"], code="out_of_range"
            ) from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField
