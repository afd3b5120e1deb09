"""The open exchange format: a plan exported by one council, imported by another on a
transfer-in, reproduces the same document; a malformed document is refused by path."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pytest
from django.conf import settings

from ehcp import exchange
from ehcp.models import Plan, PlanRow
from ehcp.tests.factories import days_ago
from records import services
from records.models import PlanTransfer, TransferStatus
from records.tests.factories import other_council, plan_in_force
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import Case, Child, Deadline


def _export(world, version=None):
    plan = Plan.objects.get(case=world.case)
    return exchange.export_document(
        plan, version=version, exported_by=world.la.name, exported_on=days_ago(0)
    )


def _without_envelope(document):
    return {key: value for key, value in document.items() if key != "exported"}


@pytest.fixture
def exported(world):
    final = plan_in_force(world.case, world.coordinator, setting=world.school)
    return _export(world, final)


def test_an_exported_plan_is_valid_and_carries_every_section(world, exported):
    assert exchange.validate(exported) == []
    plan = exported["plan"]
    assert [area["area"] for area in plan["areas"]] == [
        "communication",
        "cognition",
        "semh",
        "sensory",
    ]
    assert plan["areas"][0]["rows"][0]["need"].startswith("Finds it hard")
    assert plan["areas"][0]["strengths"] == "Chatty with adults he knows."
    assert plan["health"][0]["provision_who"] == "School nurse"
    assert plan["social_care"][0]["social_care_basis"] == "H1"
    assert plan["placement"]["name"] == world.school.name
    assert plan["budget"]["personal_budget"].startswith("£1,200")
    assert [entry["kind"] for entry in exported["history"]] == ["draft", "final"]
    assert exported["history"][-1]["local_authority"] == world.la.name
    assert exported["dates"]["made_on"] == days_ago(2).isoformat()
    assert exported["child"]["legal_last_name"] == world.case.child.legal_last_name


def test_an_earlier_version_exports_with_the_history_up_to_it(world, exported):
    plan = Plan.objects.get(case=world.case)
    draft = plan.versions.get(number=1)
    document = _export(world, draft)
    assert [entry["number"] for entry in document["history"]] == [1]
    # A draft is not a plan another council can take on.
    assert exchange.validate(document) == [
        ("$.history[0].kind", "The last version must be a final plan")
    ]


def test_round_trip_into_a_second_council_reproduces_the_plan(world, exported):
    west = other_council()
    raw = json.dumps(exported).encode()
    transfer = services.upload_plan_transfer(raw, transferred_on=days_ago(0), by=west.coordinator)
    # Nothing is created until the coordinator accepts.
    assert transfer.status == TransferStatus.PENDING
    assert not Case.objects.filter(local_authority=west.la).exists()

    services.accept_plan_transfer(transfer, by=west.coordinator)
    transfer.refresh_from_db()
    case = transfer.case
    assert case.local_authority == west.la
    assert case.stage == "maintained"
    plan = Plan.objects.get(case=case)
    assert plan.made_on == world.case.ehcp_plan.made_on
    assert PlanRow.objects.filter(plan=plan).count() == 3
    assert set(Deadline.objects.filter(case=case).values_list("rule", flat=True)) == {
        "transfer_notice",
        "transfer_review",
    }
    again = exchange.export_document(
        plan,
        version=None,
        exported_by=west.la.name,
        exported_on=days_ago(0),
        earlier=services.earlier_history(case),
    )
    assert _without_envelope(again) == _without_envelope(exported)


def test_a_malformed_document_is_refused_by_path_and_nothing_is_created(world, exported):
    west = other_council()
    broken = deepcopy(exported)
    broken["plan"]["areas"][1]["rows"] = [{"need": 42}]
    broken["dates"]["made_on"] = "31/12/2025"
    del broken["child"]["legal_first_name"]
    with pytest.raises(services.DocumentRefused) as refused:
        services.upload_plan_transfer(
            json.dumps(broken).encode(), transferred_on=days_ago(0), by=west.coordinator
        )
    paths = [path for path, _ in refused.value.problems]
    assert "$.plan.areas[1].rows[0]" in paths  # missing fields
    assert "$.plan.areas[1].rows[0].need" in paths
    assert "$.dates.made_on" in paths
    assert "$.child" in paths
    assert not PlanTransfer.objects.exists()
    assert Child.objects.filter(responsible_la=west.la).count() == 0


def test_a_file_that_is_not_json_is_refused(world):
    west = other_council()
    with pytest.raises(services.DocumentRefused) as refused:
        services.upload_plan_transfer(
            b"\xff<html>", transferred_on=days_ago(0), by=west.coordinator
        )
    assert refused.value.problems[0][0] == "$"


def test_a_transfer_is_accepted_once_and_declining_creates_nothing(world, exported):
    west = other_council()
    raw = json.dumps(exported).encode()
    first = services.upload_plan_transfer(raw, transferred_on=days_ago(0), by=west.coordinator)
    services.decline_plan_transfer(first, by=west.coordinator)
    assert not Case.objects.filter(local_authority=west.la).exists()
    with pytest.raises(TransitionNotAllowed):
        services.accept_plan_transfer(first, by=west.coordinator)


def test_another_council_cannot_accept_the_transfer(world, exported):
    west = other_council()
    transfer = services.upload_plan_transfer(
        json.dumps(exported).encode(), transferred_on=days_ago(0), by=west.coordinator
    )
    with pytest.raises(DomainError):
        services.accept_plan_transfer(transfer, by=world.coordinator)
    with pytest.raises(DomainError):
        services.upload_plan_transfer(b"{}", transferred_on=days_ago(0), by=world.family)


def test_the_published_schema_matches_the_copy_in_the_docs():
    docs = Path(settings.BASE_DIR) / "docs" / "exchange" / "ehcp-plan-v1.schema.json"
    assert docs.read_text() == exchange.schema_json()


def test_a_wrong_unique_pupil_number_is_refused_by_path(world, exported):
    west = other_council()
    broken = deepcopy(exported)
    broken["child"]["upn"] = "A12345678901X"
    with pytest.raises(services.DocumentRefused) as refused:
        services.upload_plan_transfer(
            json.dumps(broken).encode(), transferred_on=days_ago(0), by=west.coordinator
        )
    assert [path for path, _ in refused.value.problems] == ["$.child.upn"]
