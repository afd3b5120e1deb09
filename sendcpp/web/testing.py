"""Helpers for tests that post to HTML forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from sendcpp.web.dates import PARTS


def date_parts(name: str, value: date) -> dict[str, str]:
    """What a person types in the GOV.UK date input ``name`` for ``value``."""
    return dict(
        zip(
            (f"{name}-{part}" for part in PARTS),
            (str(value.day), str(value.month), str(value.year)),
            strict=True,
        )
    )


def form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Form data with every ``date`` value typed into its three date boxes."""
    typed: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, date):
            typed.update(date_parts(name, value))
        else:
            typed[name] = value
    return typed
