"""Field rules shared by every way a value is entered (forms, API serializers and services)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

FUTURE_DATE_OF_BIRTH = "Date of birth must be today or in the past"


def date_of_birth_problem(value: date, *, today: date | None = None) -> str | None:
    """Why ``value`` cannot be a child's date of birth, or None: nobody is born after today (in
    the service's time zone)."""
    if value > (today or timezone.localdate()):
        return FUTURE_DATE_OF_BIRTH
    return None


def validate_date_of_birth(value: date) -> None:
    """Form and serializer validator for a child's date of birth."""
    problem = date_of_birth_problem(value)
    if problem:
        raise ValidationError(problem, code="future")
