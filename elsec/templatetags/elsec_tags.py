"""Small template filters for ELSEC's pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from elsec.models import Referral

register = template.Library()


@register.filter
def waiting_days(referral: Referral, today: date) -> int:
    """Days from referral to being seen, or until today while waiting."""
    return referral.waiting_days(today)


@register.filter
def figure(value: Any) -> str:
    """A published figure as text: a number, ``c`` for a hidden one, or "none" when there is
    nothing to count."""
    if value is None:
        return "none"
    if isinstance(value, Decimal | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


@register.filter
def bar_width(value: Any) -> str:
    """A percentage as the width of a bar out of 300 (0 for a hidden or missing one)."""
    try:
        return str(round(float(value) * 3))
    except (TypeError, ValueError):
        return "0"
