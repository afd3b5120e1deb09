"""Field rules shared by every way a value is entered (forms, API serializers and services)."""

from __future__ import annotations

import re
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


# A UK postcode: outward code (area letters, district) and inward code (sector digit, unit
# letters), e.g. "SW1A 1AA", "M1 1AE", "B33 8TH". Inward letters never include C, I, K, M, O, V.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][ABD-HJLNP-UW-Z]{2})$")
POSTCODE_MESSAGE = "Enter a real postcode, like SW1A 1AA"


def normalise_postcode(value: str) -> str:
    """``value`` in capitals with one space before the inward code ("sw1a1aa" -> "SW1A 1AA");
    ``ValidationError`` when it is not a UK postcode. An empty value stays empty."""
    text = " ".join(value.split()).upper()
    if not text:
        return ""
    match = _POSTCODE.match(text)
    if match is None:
        raise ValidationError(POSTCODE_MESSAGE, code="postcode")
    return f"{match.group(1)} {match.group(2)}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)
