"""Screening free text before it is shown in a report: the names of the child and of the family
are replaced, and so are email addresses, phone numbers and postcodes. Pure: the names are
given by the caller."""

from __future__ import annotations

import re
from collections.abc import Iterable

NAME = "[name]"
EMAIL = "[email address]"
PHONE = "[phone number]"
POSTCODE = "[postcode]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(\+44\s?|0)(\d[\s-]?){9,10}(?!\w)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)


def screen(text: str, names: Iterable[str]) -> str:
    """``text`` with every name in ``names`` (whole words, any case, possessives too) and any
    email address, phone number or postcode replaced."""
    screened = _EMAIL.sub(EMAIL, text)
    screened = _POSTCODE.sub(POSTCODE, screened)
    screened = _PHONE.sub(PHONE, screened)
    words = sorted(
        {part for name in names for part in re.split(r"[\s-]+", name.strip()) if len(part) > 1},
        key=len,
        reverse=True,
    )
    if words:
        pattern = re.compile(
            r"(?<![\w])(" + "|".join(re.escape(word) for word in words) + r")(?![\w])",
            re.IGNORECASE,
        )
        screened = pattern.sub(NAME, screened)
    return screened
