"""Template helpers for panel reports."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.8333 -> '83.3%'; no figure -> 'No data'."""
    return "No data" if share is None else f"{share * 100:.1f}%"


@register.filter
def days(value: float | None) -> str:
    return "No data" if value is None else f"{value:g} days"


@register.filter
def label_of(value: str, labels: dict[str, str]) -> str:
    return labels.get(value, value)
