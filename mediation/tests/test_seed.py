"""The demo disagreements load on top of the demo local authority, once."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mediation.models import AppealWindow, MediationCase, TribunalAppeal, TribunalOrder
from sendcpp.models import Relationship


def test_seed_mediation_is_idempotent(db, capsys):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_mediation")
    call_command("seed_demo", cases=30)
    call_command("seed_mediation")
    counts = (
        AppealWindow.objects.count(),
        MediationCase.objects.count(),
        TribunalAppeal.objects.count(),
    )
    assert counts == (6, 5, 4)
    assert set(TribunalAppeal.objects.values_list("status", flat=True)) == {
        "registered",
        "hearing_listed",
        "decided",
        "conceded",
    }
    assert TribunalOrder.objects.filter(complied_on__isnull=True).count() == 2
    # The first demo families are left for walking through from the start.
    fresh = Relationship.objects.filter(
        user__username__in=["parent1", "parent2", "parent3"]
    ).values("child_id")
    assert not AppealWindow.objects.filter(case__child_id__in=fresh).exists()
    call_command("seed_mediation")
    assert (
        AppealWindow.objects.count(),
        MediationCase.objects.count(),
        TribunalAppeal.objects.count(),
    ) == counts
    assert "already loaded" in capsys.readouterr().out
