"""Fixtures for the EHC app's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def appeal_windows(monkeypatch):
    """Records every call to ``mediation.services.open_appeal_window`` (and still makes it)."""
    import mediation.services

    calls: list[dict] = []
    real = mediation.services.open_appeal_window

    def spy(case, *, decision, decision_sent_on, by):
        calls.append({"case": case.pk, "decision": decision, "sent_on": decision_sent_on})
        return real(case, decision=decision, decision_sent_on=decision_sent_on, by=by)

    monkeypatch.setattr(mediation.services, "open_appeal_window", spy)
    return calls
