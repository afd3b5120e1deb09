"""``{% load feedback %}{% page_feedback_link %}``: the "Was this page useful?" link a public
page shows when the council has published a questionnaire for its public pages. A page adds
the tag; it never imports this app."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from feedback import selectors

register = template.Library()


@register.inclusion_tag("feedback/page_feedback_link.html", takes_context=True)
def page_feedback_link(context: dict[str, Any]) -> dict[str, Any]:
    questionnaire = selectors.page_questionnaire()
    if questionnaire is None:
        return {"url": ""}
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    query = urlencode({"from": match.view_name}) if match is not None else ""
    url = reverse("feedback:page-feedback", kwargs={"questionnaire_id": questionnaire.public_id})
    return {"url": f"{url}?{query}" if query else url}


@register.filter
def suppressed_percent(value: Any) -> str:
    """A percentage as the reports show it: a dash when there is nothing to divide by, "c" when it
    is hidden so nobody can be recognised, else the figure with a per cent sign."""
    if value is None:
        return "\u2013"  # an en dash
    if value == "c":
        return "c"
    return f"{value}%"
