"""Each role signs in through the browser and sees what it should; axe on every page; the
keyboard alone is enough to sign in and move around."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from sendcpp import clock
from sendcpp.deadlines import RULES
from sendcpp.tests.factories import DocumentFactory
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_world(world):
    clock.start_deadline(
        world.case, rule="assessment_decision", by=None, request_received_on=date(2026, 11, 1)
    )
    DocumentFactory(case=world.case, audience="family", title="Our letter to you")
    return world


def test_coordinator_sees_caseload_case_deadlines_and_search(page: Page, journey_world):
    world = journey_world
    sign_in(page, world.coordinator)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_role("link", name=world.case.child.full_name)).to_be_visible()
    expect(page.get_by_text(world.other_case.child.full_name)).to_have_count(0)
    page.get_by_role("link", name=world.case.child.full_name).click()
    expect(page.get_by_role("heading", name=world.case.child.full_name)).to_be_visible()
    expect(page.get_by_text(RULES["assessment_decision"].title).first).to_be_visible()
    check_accessibility(page)
    visit(page, f"/cases/{world.case.public_id}/documents/add/")
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    visit(page, f"/cases/{world.case.public_id}/coordinator/")
    visit(page, "/deadlines/")
    visit(page, "/deadlines/?when=overdue")
    visit(page, "/children/search/")
    page.get_by_label("Name, UPN or case reference").fill(world.case.child.legal_last_name)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=world.case.reference)).to_be_visible()
    # The search terms never reach the address bar.
    assert world.case.child.legal_last_name not in page.url
    check_accessibility(page)
    page.get_by_label("Name, UPN or case reference").fill("")
    type_date(page, "Date of birth", ("31", "2", "2015"))
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Date of birth must be a real date")).to_have_count(2)
    check_accessibility(page)


def test_manager_sees_all_cases_and_the_audit_log(page: Page, journey_world):
    world = journey_world
    sign_in(page, world.manager)
    visit(page, "/cases/")
    expect(page.get_by_role("link", name=world.other_case.child.full_name)).to_be_visible()
    visit(page, f"/cases/{world.case.public_id}/")
    visit(page, "/audit/")
    expect(page.get_by_text("Web page (sendcpp:case-detail).").first).to_be_visible()
    visit(page, f"/cases/{world.case.public_id}/")
    page.get_by_role("link", name="Changes and views of this child's record").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(
        page.get_by_text(f"{world.case.child.full_name} ({world.case.reference})").first
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("group", name="Date from").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Date from").get_by_label("Month").fill("2")
    page.get_by_role("group", name="Date from").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Date from must be a real date")).to_have_count(2)
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/audit/?tab=changes", "/audit/"):
        visit(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    visit(page, "/deadlines/")


def test_parent_sees_their_child_in_plain_english_and_nothing_else(page: Page, journey_world):
    world = journey_world
    sign_in(page, world.family)
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=f"See the case for {world.case.child.full_name}").click()
    expect(page.get_by_text("We have your request for an assessment")).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("The council", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Our letter to you")).to_be_visible()
    check_accessibility(page)
    response = page.goto(f"/cases/{world.other_case.public_id}/")
    assert response.status == 404
    check_accessibility(page)


def test_wrong_password_shows_an_error_summary(page: Page, world):
    visit(page, "/sign-in/")
    page.get_by_label("Username").fill(world.coordinator.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)


def test_sign_in_and_navigate_with_the_keyboard_only(page: Page, world):
    page.goto("/sign-in/")
    page.wait_for_load_state("load")
    skip = page.get_by_role("link", name="Skip to main content")
    # The skip link is the first thing the Tab key reaches.
    for _ in range(2):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content":
            break
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    # Tab through to the username field, type, and submit with Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "username":
            break
    page.keyboard.type(world.family.username)
    page.keyboard.press("Tab")
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("See the case"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_text("Where things are")).to_be_visible()


def test_public_pages_need_no_sign_in(page: Page, db):
    visit(page, "/accessibility/")
    visit(page, "/privacy/")
    visit(page, "/sign-in/")
