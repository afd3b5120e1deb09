"""``{{ record|pdf_state }}``: what to tell the user about a PDF made by ``sendcpp.pdf``."""

from __future__ import annotations

from typing import Any

from django import template

from sendcpp.pdf import STATE_LABELS
from sendcpp.pdf import pdf_state as _pdf_state

register = template.Library()


@register.filter
def pdf_state(record: Any) -> str:
    return _pdf_state(record).value


@register.filter
def pdf_state_label(record: Any) -> str:
    return STATE_LABELS[_pdf_state(record)]
