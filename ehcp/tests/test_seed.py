"""The demo data: EHC records matching each demo case's stage, added once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from ehcp.models import AdviceRequest, AssessmentRequest, Plan, PlanVersion


def test_seed_ehcp_fills_the_demo_cases_once(db):
    call_command("seed_demo", cases=16, stdout=StringIO())
    out = StringIO()
    call_command("seed_ehcp", stdout=out)
    assert "added to 16 demo cases" in out.getvalue()
    counts = (
        AssessmentRequest.objects.count(),
        AdviceRequest.objects.count(),
        Plan.objects.count(),
        PlanVersion.objects.count(),
    )
    assert counts[0] == 16
    call_command("seed_ehcp", stdout=out)
    assert "0 demo cases (16 already had them)" in out.getvalue()
    assert counts == (
        AssessmentRequest.objects.count(),
        AdviceRequest.objects.count(),
        Plan.objects.count(),
        PlanVersion.objects.count(),
    )


def test_seed_ehcp_needs_the_demo_authority(db):
    out = StringIO()
    call_command("seed_ehcp", stdout=out)
    assert "seed_demo" in out.getvalue()
