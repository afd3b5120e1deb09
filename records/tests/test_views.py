"""The records pages: the published schema, a plan's export, a plan arriving from another
council (refused by path, or read and accepted), and the disclosure register; 404 for anyone
without the right."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ehcp import exchange
from ehcp.models import Plan
from ehcp.tests.factories import days_ago
from ehcp.tests.html_checks import assert_clean
from records.models import Disclosure, PlanTransfer, TransferStatus
from records.tests.factories import other_council, plan_in_force
from sendcpp.models import AccessLog, Case
from sendcpp.web.testing import date_parts


@pytest.fixture
def in_force(world):
    return plan_in_force(world.case, world.coordinator, setting=world.school)


def _upload(client, raw: bytes, **extra):
    data = {
        "document": SimpleUploadedFile("plan.json", raw, content_type="application/json"),
        **date_parts("transferred_on", days_ago(0)),
        **extra,
    }
    return client.post("/records/transfers/new/", data)


def test_the_schema_is_published_without_sign_in(client):
    response = client.get(exchange.SCHEMA_PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(response.content)["$id"] == exchange.SCHEMA_ID


def test_staff_download_any_version_and_the_read_is_logged(world, client_for, in_force):
    client = client_for(world.coordinator)
    base = f"/records/cases/{world.case.public_id}/plan-exchange/"
    assert_clean(client.get(base))
    response = client.get(base + "versions/2.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert exchange.validate(document) == []
    assert document["history"][-1]["number"] == 2
    assert client.get(base + "current.json").status_code == 200
    assert client.get(base + "versions/9.json").status_code == 404
    assert AccessLog.objects.filter(what="plan exchange document").exists()


@pytest.mark.parametrize("who", ["family", "other_team_coordinator", "other_la_manager"])
def test_nobody_else_can_export_the_plan(world, client_for, in_force, who):
    client = client_for(getattr(world, who))
    base = f"/records/cases/{world.case.public_id}/plan-exchange/"
    assert client.get(base).status_code == 404
    assert client.get(base + "versions/2.json").status_code == 404


def test_a_malformed_file_is_listed_by_path_and_nothing_is_kept(world, client_for, in_force):
    west = other_council()
    document = json.loads(
        client_for(world.coordinator)
        .get(f"/records/cases/{world.case.public_id}/plan-exchange/versions/2.json")
        .content
    )
    document["plan"]["health"][0]["need"] = None
    response = _upload(client_for(west.coordinator), json.dumps(document).encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "The plan was not imported: the file has 1 problem" in html
    assert "$.\u200bplan.\u200bhealth[0].\u200bneed" in html
    assert_clean(response)
    assert not PlanTransfer.objects.exists()


def test_a_plan_is_read_then_accepted_into_the_second_council(world, client_for, in_force):
    west = other_council()
    raw = (
        client_for(world.coordinator)
        .get(f"/records/cases/{world.case.public_id}/plan-exchange/versions/2.json")
        .content
    )
    client = client_for(west.coordinator)
    assert_clean(client.get("/records/transfers/new/"))
    response = _upload(client, raw)
    transfer = PlanTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/records/transfers/{transfer.public_id}/"
    page = client.get(response["Location"])
    assert_clean(page)
    assert "Finds it hard to follow spoken instructions" in page.content.decode()
    assert not Case.objects.filter(local_authority=west.la).exists()
    # Someone from the first council never sees it.
    assert client_for(world.coordinator).get(response["Location"]).status_code == 404

    accepted = client.post(f"/records/transfers/{transfer.public_id}/accept/")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert accepted["Location"] == f"/ehcp/cases/{transfer.case.public_id}/"
    assert Plan.objects.get(case=transfer.case).rows.count() == 3
    # Accepting twice is refused and changes nothing.
    again = client.post(f"/records/transfers/{transfer.public_id}/accept/")
    assert again.status_code == 302
    assert Case.objects.filter(local_authority=west.la).count() == 1
    assert_clean(client.get("/records/transfers/"))


def test_a_manager_chooses_the_team(world, client_for, in_force):
    west = other_council()
    raw = (
        client_for(world.coordinator)
        .get(f"/records/cases/{world.case.public_id}/plan-exchange/versions/2.json")
        .content
    )
    response = _upload(client_for(west.manager), raw)
    assert response.status_code == 200
    assert "Choose a team" in response.content.decode()
    response = _upload(client_for(west.manager), raw, team=str(west.team.pk))
    assert response.status_code == 302


def test_disclosures_are_recorded_and_listed(world, client_for):
    client = client_for(world.coordinator)
    url = f"/records/cases/{world.case.public_id}/disclosures/add/"
    assert_clean(client.get(url))
    empty = client.post(url, {})
    assert empty.status_code == 200
    assert "Select who it was disclosed to" in empty.content.decode()
    response = client.post(
        url,
        {
            "recipient_kind": "council",
            "recipient": "Westshire County Council",
            "what": "Final plan, version 2",
            "purpose": "statutory",
            "lawful_basis": "public_task",
            **date_parts("disclosed_on", days_ago(1)),
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.child == world.case.child
    register = client.get("/records/disclosures/")
    assert_clean(register)
    assert "Westshire County Council" in register.content.decode()
    # The other team's coordinator sees the register but not this entry; a manager sees it.
    other = client_for(world.other_team_coordinator).get("/records/disclosures/")
    assert "Westshire County Council" not in other.content.decode()
    assert (
        "Westshire County Council"
        in client_for(world.manager).get("/records/disclosures/").content.decode()
    )
    assert client_for(world.other_team_coordinator).get(url).status_code == 404


@pytest.mark.parametrize("who", ["family", "administrator", "professional", "setting_user"])
def test_records_pages_are_not_found_for_others(world, client_for, who):
    client = client_for(getattr(world, who))
    for url in [
        "/records/",
        "/records/transfers/",
        "/records/transfers/new/",
        "/records/disclosures/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_records_home_lists_what_waits(world, client_for):
    assert_clean(client_for(world.coordinator).get("/records/"))


def test_a_manager_checks_a_caseload_file_then_imports_it(
    world, client_for, django_capture_on_commit_callbacks
):
    from records.models import MigrationRun
    from records.tests.factories import caseload_csv, caseload_rows

    client = client_for(world.manager)
    assert_clean(client.get("/records/migration/"))
    template = client.get("/records/migration/template.csv")
    assert template.content.decode().startswith("council_id,first_name,last_name")

    rows = caseload_rows(6)
    rows[4]["stage"] = "ceased"
    bad = client.post(
        "/records/migration/",
        {"file": SimpleUploadedFile("caseload.csv", caseload_csv(rows), content_type="text/csv")},
    )
    run = MigrationRun.objects.get()
    assert bad["Location"] == f"/records/migration/{run.public_id}/"
    page = client.get(bad["Location"])
    assert_clean(page)
    assert "Must be request, assessment, drafting or maintained" in page.content.decode()
    assert client.post(f"/records/migration/{run.public_id}/start/").status_code == 302
    run.refresh_from_db()
    assert run.status == "refused"

    rows[4]["stage"] = "request"
    good = client.post(
        "/records/migration/",
        {"file": SimpleUploadedFile("caseload.csv", caseload_csv(rows), content_type="text/csv")},
    )
    page = client.get(good["Location"])
    assert_clean(page)
    assert "Import 6 cases" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(good["Location"] + "start/")
    page = client.get(good["Location"])
    assert_clean(page)
    assert "6 cases imported" in page.content.decode()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(world, client_for):
    response = client_for(world.manager).post(
        "/records/migration/",
        {"file": SimpleUploadedFile("caseload.pdf", b"%PDF", content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert (
        "The selected file must be a CSV, an .xlsx or a SEN2 .xml file" in response.content.decode()
    )


@pytest.mark.parametrize("who", ["coordinator", "other_la_manager", "family"])
def test_only_the_councils_managers_see_the_caseload_import(world, client_for, who):
    from records import services as record_services
    from records.tests.factories import caseload_csv, caseload_rows

    run = record_services.check_caseload_file(
        "north-caseload.csv", caseload_csv(caseload_rows(1)), by=world.manager
    )
    client = client_for(getattr(world, who))
    # Another council's manager has their own import page, but never sees this council's runs.
    expected = 200 if who == "other_la_manager" else 404
    assert client.get("/records/migration/").status_code == expected
    assert run.filename not in client.get("/records/migration/").content.decode()
    assert client.get(f"/records/migration/{run.public_id}/").status_code == 404
    assert client.post(f"/records/migration/{run.public_id}/start/").status_code == 404


def test_a_manager_approves_a_disposal_list_and_sees_the_certificate(
    world, client_for, django_capture_on_commit_callbacks
):
    from datetime import date

    from records.models import DisposalBatch, LegalHold
    from sendcpp.tests.factories import CaseFactory

    old = CaseFactory(
        team=world.case.team,
        stage="ceased",
        closed_on=date(2010, 1, 1),
        plan_issued_on=date(2000, 1, 1),
        child__date_of_birth=date(1985, 1, 1),
    )
    from records import services as record_services

    (batch,) = record_services.list_due_disposals(today=date(2026, 12, 9))
    client = client_for(world.manager)
    assert_clean(client.get("/records/retention/"))
    url = f"/records/retention/lists/{batch.public_id}/"
    assert_clean(client.get(url))
    assert client_for(world.coordinator).get(url).status_code == 404
    assert client_for(world.other_la_manager).get(url).status_code == 404
    assert client_for(world.coordinator).post(url + "approve/").status_code == 404
    hold_url = f"/records/cases/{old.public_id}/legal-hold/"
    assert_clean(client.get(hold_url))
    client.post(hold_url, {"reason": "Claim pending"})
    hold = LegalHold.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "approve/")
    batch = DisposalBatch.objects.get()
    assert (batch.status, batch.held_count) == ("disposed", 1)
    page = client.get(url)
    assert_clean(page)
    assert "Destruction certificate" in page.content.decode()
    release = f"/records/retention/holds/{hold.public_id}/release/"
    assert_clean(client.get(release))
    assert client.post(release, {"release_reason": "Claim settled"}).status_code == 302


def test_a_subject_access_request_through_the_pages(world, client_for):
    from records.models import SubjectAccessRequest

    client = client_for(world.coordinator)
    url = f"/records/cases/{world.case.public_id}/subject-access/add/"
    assert_clean(client.get(url))
    response = client.post(
        url,
        {
            "requester_name": "Jo Parent",
            "requester_relationship": "Mother",
            **date_parts("received_on", days_ago(3)),
        },
    )
    sar = SubjectAccessRequest.objects.get()
    detail = f"/records/subject-access/{sar.public_id}/"
    assert response["Location"] == detail
    assert_clean(client.get(detail))
    assert client.post(detail, {"redact_words": ""}).status_code == 302
    page = client.get(detail)
    assert_clean(page)
    assert "Who has read the record" in page.content.decode()
    download = client.get(detail + "bundle.zip")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert_clean(client.get(detail + "release/"))
    released = client.post(
        detail + "release/",
        {"method": "Secure email", **date_parts("released_on", days_ago(0))},
    )
    assert released.status_code == 302
    sar.refresh_from_db()
    assert sar.status == "released"
    assert_clean(client.get("/records/subject-access/"))
    for who in ("other_team_coordinator", "other_la_manager", "family"):
        assert client_for(getattr(world, who)).get(detail).status_code == 404
        assert client_for(getattr(world, who)).get(detail + "bundle.zip").status_code == 404


def test_a_case_is_found_by_reference_and_its_records_page_lists_what_to_do(world, client_for):
    client = client_for(world.coordinator)
    found = client.get("/records/", {"reference": world.case.reference.lower()})
    assert found["Location"] == f"/records/cases/{world.case.public_id}/"
    page = client.get(found["Location"])
    assert_clean(page)
    assert "Record a disclosure" in page.content.decode()
    missing = client.get("/records/", {"reference": world.other_case.reference})
    assert missing.status_code == 200
    assert "There is no case with this reference" in missing.content.decode()
    assert client_for(world.other_la_manager).get(found["Location"]).status_code == 404


def test_the_lists_read_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    from records import services as record_services

    client = client_for(world.manager)

    def add_disclosures(count: int) -> None:
        for _ in range(count):
            record_services.record_disclosure(
                world.case,
                recipient_kind="setting",
                recipient="Riverside Primary School",
                what="Final plan",
                purpose="statutory",
                lawful_basis="public_task",
                disclosed_on=days_ago(1),
                by=world.manager,
            )

    add_disclosures(1)
    client.get("/records/disclosures/")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/records/disclosures/")
    add_disclosures(5)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/records/disclosures/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/records/disclosures/")
    add_disclosures(5)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/api/v1/records/disclosures/")
