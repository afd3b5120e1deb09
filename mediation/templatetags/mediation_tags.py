"""Presentation helpers for the mediation templates."""

from __future__ import annotations

from django import template

register = template.Library()

_TAG_COLOURS = {
    # Mediation
    "not_wanted": "grey",
    "requested": "blue",
    "arranged": "light-blue",
    "cannot_arrange": "orange",
    "held": "turquoise",
    "certificate_issued": "green",
    "withdrawn": "grey",
    # Appeals
    "registered": "blue",
    "response_sent": "light-blue",
    "hearing_listed": "purple",
    "decided": "turquoise",
    "conceded": "turquoise",
    "closed": "green",
}


@register.filter
def tag_colour(status: str) -> str:
    """The GOV.UK tag modifier for a mediation or appeal status."""
    return f"govuk-tag--{_TAG_COLOURS.get(status, 'grey')}"
