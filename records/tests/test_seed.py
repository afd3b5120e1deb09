"""The demo data for the records app loads on the demo borough, and again without duplicates."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from records.models import DisposalBatch, PlanTransfer, SubjectAccessRequest


def test_seed_records_adds_every_kind_once(db):
    from tests.demo_api import load_demo

    load_demo()
    assert PlanTransfer.objects.filter(local_authority__name="Westshire County Council").exists()
    assert PlanTransfer.objects.filter(local_authority__la_code="990").exists()
    assert SubjectAccessRequest.objects.count() == 1
    assert DisposalBatch.objects.count() == 1
    call_command("seed_records", stdout=StringIO())
    assert PlanTransfer.objects.count() == 2
    assert DisposalBatch.objects.count() == 1
