"""The demo seed: the directory from the shipped files, and a few lists, consultations and
placements, loaded once however often the command runs."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from placements.models import (
    Consultation,
    Placement,
    Setting,
    SettingImport,
    TailoredList,
    TailoredListVersion,
)


def test_seed_needs_the_demo_authority(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_placements")


def test_seed_is_idempotent(db):
    call_command("seed_demo", cases=30)
    call_command("seed_placements")
    counts = (
        Setting.objects.count(),
        TailoredList.objects.count(),
        TailoredListVersion.objects.count(),
        Consultation.objects.count(),
        Placement.objects.count(),
    )
    assert counts == (49, 2, 2, 2, 5)
    assert Setting.objects.get(organisation__urn="990006").places == 120
    call_command("seed_placements")
    assert (
        Setting.objects.count(),
        TailoredList.objects.count(),
        TailoredListVersion.objects.count(),
        Consultation.objects.count(),
        Placement.objects.count(),
    ) == counts
    assert SettingImport.objects.count() == 6
    # The demo SENCO has a consultation to answer.
    assert Consultation.objects.filter(setting__users__username="senco1", status="sent").exists()
