"""Template helpers for the EHC pages and the plan's printed layout."""

from __future__ import annotations

from datetime import date

from django import template

from sendcpp import codelists

register = template.Library()


@register.filter
def isodate(value: str | date | None, fmt: str = "j F Y") -> str:
    """Format an ISO date string (as stored in an issued plan) like a date."""
    from django.utils.dateformat import format as format_date

    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, fmt)


@register.filter
def yes_no(value: object) -> str:
    return "Yes" if value else "No"


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def ethnicity_name(code: str) -> str:
    """A DfE ethnicity code in words ("WBRI" → "White British"); words are kept as they are."""
    return codelists.meaning("ethnicity", code)
