"""Template helpers for the placements app."""

from __future__ import annotations

from datetime import date

from django import template

from placements.models import Consultation, Placement

register = template.Library()


@register.filter
def consultation_overdue(consultation: Consultation, today: date) -> bool:
    return consultation.is_overdue(today)


@register.filter
def review_overdue(placement: Placement, today: date) -> bool:
    return placement.review_is_overdue(today)


@register.filter
def return_overdue(placement: Placement, today: date) -> bool:
    return placement.return_is_overdue(today)
