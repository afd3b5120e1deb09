"""The demo data: support plans at the demo SENCO's school, added once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from support.models import PlanReview, Standard, SupportPlan


def test_seed_support_adds_plans_at_the_demo_school_once(db):
    call_command("seed_demo", cases=30, stdout=StringIO())
    call_command("seed_ehcp", stdout=StringIO())
    out = StringIO()
    call_command("seed_support", stdout=out)
    assert Standard.objects.count() == 23
    plans = SupportPlan.objects.count()
    assert plans >= 1
    assert all(plan.setting.users.filter(username="senco1") for plan in SupportPlan.objects.all())
    assert PlanReview.objects.count() == 1
    call_command("seed_support", stdout=out)
    assert "already has support plans" in out.getvalue()
    assert SupportPlan.objects.count() == plans


def test_the_standards_command_refuses_a_bad_file_and_loads_nothing(db, tmp_path):
    bad = tmp_path / "standards.json"
    bad.write_text('{"source": "Ours", "standards": [{"code": "A"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_standards", str(bad), stdout=StringIO())
    assert not Standard.objects.exists()
