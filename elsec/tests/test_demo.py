"""The demo data: a pathfinder with settings, workforce and screenings, made once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from elsec import evaluation
from elsec.models import ChildRecord, Pathfinder, Referral, Screening
from tests.demo_api import load_demo


@pytest.mark.django_db
def test_demo_data_is_made_once_and_gives_figures():
    load_demo()  # includes seed_elsec
    pathfinder = Pathfinder.objects.get()
    assert pathfinder.settings.count() == 3
    assert pathfinder.workforce.count() == 2
    assert ChildRecord.objects.count() == 24
    assert Screening.objects.filter(after_episode__isnull=False).exists()
    assert Referral.objects.exists()
    out = StringIO()
    call_command("seed_elsec", stdout=out)
    assert "already there" in out.getvalue()
    assert ChildRecord.objects.count() == 24
    today = timezone.localdate()
    figures = evaluation.compute(
        pathfinder, evaluation.Filters(pathfinder.starts_on, today), today=today
    )
    assert figures.children_screened == 21
    assert figures.progress_cohort > 0
