"""A report's percentage reads the same in every table: a dash, a hidden "c", or the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from feedback.templatetags.feedback import suppressed_percent


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "\u2013"), ("c", "c"), (Decimal("42.5"), "42.5%"), (0, "0%")],
)
def test_a_percentage_is_a_dash_hidden_or_the_figure(value: object, shown: str) -> None:
    assert suppressed_percent(value) == shown
