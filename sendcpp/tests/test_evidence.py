"""Evidence panels: apps add sections to the case page through providers they register, and
the case page shows only what a provider returns for the person and the case."""

from __future__ import annotations

import pytest

from sendcpp import evidence


def test_providers_are_registered_once_and_asked_in_order(world):
    calls = []

    def first(user, case, page):
        calls.append(("first", user, case, page))
        return evidence.EvidencePanel("First", "first.html", {"n": 1})

    def nothing(user, case, page):
        calls.append(("nothing", user, case, page))

    before = list(evidence._PROVIDERS)
    try:
        evidence.register(first, nothing)
        evidence.register(first)
        panels = evidence.panels_for(world.coordinator, world.case)
    finally:
        evidence._PROVIDERS[:] = before
    assert [panel.title for panel in panels if panel.title == "First"] == ["First"]
    assert [name for name, *_ in calls] == ["first", "nothing"]
    assert calls[0][1:] == (world.coordinator, world.case, "case")


def test_a_page_not_named_is_refused(world):
    with pytest.raises(ValueError, match="Unknown page"):
        evidence.panels_for(world.coordinator, world.case, "elsewhere")
