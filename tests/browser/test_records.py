"""The records pages in the browser: a plan exported by one council is refused in another with
its problems by path, then accepted; a caseload file is checked; a subject access bundle is put
together; the retention page. axe on every page, and no sideways scroll at 320px."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from ehcp import exchange
from ehcp.models import Plan
from ehcp.tests.factories import days_ago
from records.tests.factories import caseload_csv, caseload_rows, other_council, plan_in_force
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page: Page) -> None:
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_plan_moves_to_another_council_through_the_pages(page: Page, world):
    final = plan_in_force(world.case, world.coordinator, setting=world.school)
    document = exchange.export_document(
        Plan.objects.get(case=world.case),
        version=final,
        exported_by=world.la.name,
        exported_on=days_ago(0),
    )
    west = other_council()
    sign_in(page, west.coordinator)
    visit(page, "/records/")
    _checked(page)
    page.get_by_role("link", name="Import a plan from another council").click()
    _checked(page)
    broken = json.loads(json.dumps(document))
    broken["plan"]["health"][0]["need"] = 7
    page.get_by_label("Upload the plan file from the other council").set_input_files(
        {"name": "plan.json", "mimeType": "application/json", "buffer": json.dumps(broken).encode()}
    )
    type_date(page, "Date the plan transferred to us", ("9", "12", "2026"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("the file has 1 problem")
    expect(page.get_by_text("7 is not of type 'string'")).to_be_visible()
    _checked(page)
    page.get_by_label("Upload the plan file from the other council").set_input_files(
        {
            "name": "plan.json",
            "mimeType": "application/json",
            "buffer": json.dumps(document).encode(),
        }
    )
    type_date(page, "Date the plan transferred to us", ("9", "12", "2026"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Nothing has been added yet")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Accept the plan and open the case").click()
    expect(page.get_by_text("Plan accepted")).to_be_visible()


def test_a_manager_checks_a_caseload_and_reads_the_dry_run(page: Page, world):
    sign_in(page, world.manager)
    visit(page, "/records/migration/")
    _checked(page)
    rows = caseload_rows(8)
    rows[2]["team"] = "Nowhere"
    page.get_by_label("Upload the caseload file").set_input_files(
        {"name": "caseload.csv", "mimeType": "text/csv", "buffer": caseload_csv(rows)}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("There is no team with this name in the council")).to_be_visible()
    _checked(page)
    visit(page, "/records/migration/")
    page.get_by_label("Upload the caseload file").set_input_files(
        {"name": "caseload.csv", "mimeType": "text/csv", "buffer": caseload_csv(caseload_rows(8))}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("button", name="Import 8 cases")).to_be_visible()
    _checked(page)
    visit(page, "/records/retention/")
    _checked(page)


def test_a_subject_access_bundle_is_put_together(page: Page, world):
    sign_in(page, world.coordinator)
    visit(page, f"/records/cases/{world.case.public_id}/")
    _checked(page)
    page.get_by_role("link", name="Record a request for a copy of the records").click()
    _checked(page)
    page.get_by_label("Who made the request").fill("Jo Parent")
    page.get_by_label("Their relationship to the child or young person").fill("Mother")
    type_date(page, "Date the council received the request", ("1", "12", "2026"))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("The answer is due within one month")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Put the bundle together").click()
    expect(
        page.get_by_role("link", name="Download the bundle (zip with a PDF index)")
    ).to_be_visible()
    _checked(page)
