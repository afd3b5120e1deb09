"""The records API: export a plan on the exchange format, upload it in another council (refused
by path when malformed), accept it; the disclosure register; 404 for anyone else."""

from __future__ import annotations

from ehcp import exchange
from ehcp.tests.factories import days_ago
from records.models import Disclosure, PlanTransfer
from records.tests.factories import other_council, plan_in_force


def test_export_upload_and_accept_through_the_api(world, client_for):
    plan_in_force(world.case, world.coordinator, setting=world.school)
    url = f"/api/v1/records/plan-exports/{world.case.public_id}/"
    document = client_for(world.coordinator).get(url + "?version=2").json()
    assert exchange.validate(document) == []
    assert client_for(world.coordinator).get(url + "?version=7").status_code == 404
    assert client_for(world.other_la_manager).get(url).status_code == 404
    assert client_for(world.family).get(url).status_code == 404

    west = other_council()
    client = client_for(west.coordinator)
    broken = dict(document, dates={"made_on": "yesterday", "last_reviewed_on": ""})
    refused = client.post(
        "/api/v1/records/plan-transfers/",
        {"document": broken, "transferred_on": days_ago(0).isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "$.dates.made_on" in refused.json()["detail"]
    assert not PlanTransfer.objects.exists()

    created = client.post(
        "/api/v1/records/plan-transfers/",
        {"document": document, "transferred_on": days_ago(0).isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201
    transfer_id = created.json()["id"]
    assert (
        client_for(world.coordinator)
        .post(f"/api/v1/records/plan-transfers/{transfer_id}/accept/")
        .status_code
        == 404
    )
    accepted = client.post(f"/api/v1/records/plan-transfers/{transfer_id}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert client.post(f"/api/v1/records/plan-transfers/{transfer_id}/accept/").status_code == 409


def test_disclosures_through_the_api(world, client_for):
    body = {
        "case": str(world.case.public_id),
        "recipient_kind": "tribunal",
        "recipient": "First-tier Tribunal (SEND)",
        "what": "Final plan",
        "purpose": "appeal",
        "lawful_basis": "legal_obligation",
        "disclosed_on": days_ago(0).isoformat(),
    }
    assert (
        client_for(world.other_team_coordinator)
        .post("/api/v1/records/disclosures/", body, content_type="application/json")
        .status_code
        == 404
    )
    created = client_for(world.coordinator).post(
        "/api/v1/records/disclosures/", body, content_type="application/json"
    )
    assert created.status_code == 201
    assert Disclosure.objects.get().recipient == "First-tier Tribunal (SEND)"
    listed = client_for(world.manager).get("/api/v1/records/disclosures/").json()["results"]
    assert [row["recipient"] for row in listed] == ["First-tier Tribunal (SEND)"]
    assert (
        client_for(world.other_la_manager).get("/api/v1/records/disclosures/").json()["results"]
        == []
    )


def test_requests_lists_and_runs_are_read_by_who_may(world, client_for):
    from datetime import date

    from records import services
    from records.tests.factories import caseload_csv, caseload_rows

    sar = services.record_subject_access_request(
        world.case,
        requester_name="Jo Parent",
        requester_relationship="Mother",
        received_on=date(2026, 12, 1),
        by=world.coordinator,
    )
    run = services.check_caseload_file("c.csv", caseload_csv(caseload_rows(2)), by=world.manager)
    coordinator = client_for(world.coordinator)
    rows = coordinator.get("/api/v1/records/subject-access-requests/").json()["results"]
    assert [row["id"] for row in rows] == [str(sar.public_id)]
    assert (
        client_for(world.other_team_coordinator)
        .get(f"/api/v1/records/subject-access-requests/{sar.public_id}/")
        .status_code
        == 404
    )
    manager = client_for(world.manager)
    assert (
        manager.get(f"/api/v1/records/migration-runs/{run.public_id}/").json()["report"]["cases"]
        == 2
    )
    assert coordinator.get(f"/api/v1/records/migration-runs/{run.public_id}/").status_code == 404
    assert manager.get("/api/v1/records/disposal-lists/").json()["results"] == []
