"""Mediation and an appeal through the browser, as the coordinator and the parent each work it:
the coordinator records a refusal to assess (after one empty submission shows the error
summary); the parent reads the dates in plain English and asks for mediation; the coordinator
arranges it, records it as partly resolved with an agreed action, and records the certificate;
then records the appeal, the tribunal's decision with an order, and the order done, which closes
the appeal; the parent sees it all. axe on every page visited."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from mediation.models import AppealStatus, AppealWindow, MediationCase, MediationStatus
from mediation.selectors import with_window_dates
from tests.browser.conftest import check_accessibility, sign_in, signed_in_page, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGREED_ACTION = "The council will ask the educational psychologist to observe the child at school"
ORDER = "Tell the family the council will assess or reassess"


def _long(day: date) -> str:
    """How the family pages write a deadline: 'Monday 4 May 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _plain(day: date) -> str:
    """How the pages write a date: '4 May 2026'."""
    return f"{day.day} {day:%B %Y}"


def _save(page: Page, button: str = "Save") -> None:
    """Submit the form, expect it accepted (no error summary) and check the next page."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 0, (
        f"{page.url} refused the form:\n{page.locator('.govuk-error-summary').inner_text()}"
    )
    check_accessibility(page)


def _banner(page: Page, message: str) -> None:
    """The success banner says what was done."""
    expect(page.get_by_role("alert", name="Success")).to_contain_text(message)


def _open(page: Page, link: str, heading: str) -> None:
    """Follow a link or button-link to a form page and check it."""
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    check_accessibility(page)


def test_refusal_to_assess_through_mediation_to_an_appeal_order_complied(
    page: Page, browser: Browser, live_server, world
):
    today = timezone.localdate()
    case = world.case
    case_path = f"/mediation/cases/{case.public_id}/"

    # --- The coordinator records the decision: an empty form first shows the error summary.
    sign_in(page, world.coordinator)
    check_accessibility(page)
    visit(page, case_path)
    expect(page.get_by_role("heading", name="Mediation and appeals")).to_be_visible()
    expect(
        page.get_by_text("No appealable decision has been recorded on this case.")
    ).to_be_visible()
    _open(page, "Record an appealable decision", "Record an appealable decision")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose the decision")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the date the decision letter was sent")
    ).to_be_visible()
    check_accessibility(page)
    # The summary's link takes the keyboard user to the date's first box.
    summary.get_by_role("link", name="Enter the date the decision letter was sent").click()
    expect(
        page.get_by_role("group", name="Date the decision letter was sent").get_by_label("Day")
    ).to_be_focused()

    page.get_by_label("Refusal to assess").check()
    type_date(page, "Date the decision letter was sent", today)
    _save(page)
    _banner(page, "Decision recorded: the family can see the dates")
    expect(
        page.get_by_role("heading", name=f"Refusal to assess: letter sent {_plain(today)}")
    ).to_be_visible()
    window = with_window_dates(AppealWindow.objects.filter(case=case)).get()
    assert window.adviser_contact_due_on is not None
    assert window.appeal_due_on is not None

    # --- The parent reads the dates in plain English and asks for mediation.
    with signed_in_page(browser, live_server, world.family) as family:
        visit(family, case_path)
        expect(
            family.get_by_role("heading", name="If you disagree with a decision")
        ).to_be_visible()
        expect(
            family.get_by_role(
                "heading", name="We decided not to carry out an EHC needs assessment"
            )
        ).to_be_visible()
        expect(family.get_by_text(f"We sent you our letter on {_plain(today)}.")).to_be_visible()
        expect(
            family.get_by_text(
                f"Contact the mediation adviser by {_long(window.adviser_contact_due_on)}"
            )
        ).to_be_visible()
        expect(
            family.get_by_text(f"Appeal to the tribunal by {_long(window.appeal_due_on)}")
        ).to_be_visible()

        family.get_by_role("link", name="Ask for mediation about this decision").click()
        expect(family.get_by_role("heading", name="Ask for mediation")).to_be_visible()
        expect(family.get_by_text(f"(letter sent {_plain(today)})", exact=False)).to_be_visible()
        check_accessibility(family)
        family.get_by_label("Education: the support at school or college").check()
        family.get_by_label("Tell us what you disagree with").fill(
            "We think our child's needs cannot be met without an assessment."
        )
        _save(family, "Ask for mediation")
        _banner(family, "You have asked for mediation. We will contact you to arrange it.")
        expect(family.get_by_text("You asked for mediation. We are arranging it.")).to_be_visible()
        expect(family.get_by_role("link", name="Ask for mediation")).to_have_count(0)

        # --- The coordinator arranges the mediation...
        visit(page, case_path)
        mediation = MediationCase.objects.get(case=case)
        assert mediation.status == MediationStatus.REQUESTED
        page.get_by_role("link", name="Requested (mediation about refusal to assess)").click()
        expect(
            page.get_by_role("heading", name="Mediation about: refusal to assess")
        ).to_be_visible()
        expect(page.get_by_text("(asked in the family pages)")).to_be_visible()
        check_accessibility(page)
        _open(page, "Arrange the mediation", "Arrange the mediation")
        type_date(page, "Date of the mediation", today)
        page.get_by_label("Mediation service").fill("Demo Mediation Service")
        page.get_by_label("Mediator").fill("Sam Rivers")
        _save(page)
        _banner(page, "Mediation arranged")
        expect(
            page.get_by_text(f"{_plain(today)} with Demo Mediation Service (Sam Rivers)")
        ).to_be_visible()

        # ... records it, partly resolved ...
        _open(page, "Record the mediation", "Record the mediation")
        type_date(page, "Date of the mediation", today)
        page.get_by_label("Parent or carer").check()
        page.get_by_label("Council (SEND service)").check()
        page.get_by_role(
            "group", name="Did the council send someone who could agree changes?"
        ).get_by_label("Yes").check()
        page.get_by_label("Partly resolved").check()
        page.get_by_label("What was agreed (shared with the family)").fill(
            "The council will gather more evidence from school before deciding again."
        )
        _save(page)
        _banner(page, "Mediation recorded")
        expect(page.locator(".govuk-summary-list__row").filter(has_text="Outcome")).to_contain_text(
            "Partly resolved"
        )

        # ... adds the action agreed ...
        _open(page, "Add an agreed action", "Add an action agreed at mediation")
        page.get_by_label("What was agreed", exact=True).fill(AGREED_ACTION)
        page.get_by_label("The council").check()
        _save(page)
        _banner(page, "Agreed action added")
        expect(page.get_by_role("cell", name=AGREED_ACTION)).to_be_visible()

        # ... and the certificate.
        _open(page, "Record the certificate", "Record the mediation certificate")
        type_date(page, "Date of the certificate", today)
        _save(page)
        _banner(page, "Certificate recorded: the appeal deadline has been worked out again")
        mediation.refresh_from_db()
        assert mediation.status == MediationStatus.CERTIFICATE_ISSUED
        window = with_window_dates(AppealWindow.objects.filter(case=case)).get()

        # The parent sees the mediation, what was agreed and the new appeal date in plain English.
        visit(family, case_path)
        expect(family.get_by_text(f"{_plain(today)}: partly resolved")).to_be_visible()
        expect(
            family.get_by_text(
                "The council will gather more evidence from school before deciding again."
            )
        ).to_be_visible()
        expect(family.get_by_role("cell", name=AGREED_ACTION)).to_be_visible()
        expect(
            family.get_by_text(
                f"You can appeal to the tribunal until {_long(window.appeal_due_on)}"
            )
        ).to_be_visible()

        # --- The appeal: registered, decided with an order, the order carried out.
        page.get_by_role("link", name="Back to mediation and appeals").click()
        expect(page.get_by_role("heading", name="Mediation and appeals")).to_be_visible()
        check_accessibility(page)
        _open(
            page, "Record an appeal against refusal to assess", "Record an appeal to the tribunal"
        )
        type_date(page, "Date the tribunal registered the appeal", today)
        type_date(page, "Date the tribunal sent the appeal to the council", today)
        page.get_by_label("Tribunal reference").fill("EH999/26/00001")
        _save(page)
        _banner(page, "Appeal registered: the council's response deadline has started")
        page.get_by_role("link", name="Registered (appeal about refusal to assess)").click()
        expect(page.get_by_role("heading", name="Appeal about: refusal to assess")).to_be_visible()
        check_accessibility(page)

        _open(page, "Record the decision", "Record the tribunal's decision")
        type_date(page, "Date of the tribunal's decision", today)
        type_date(page, "Date the decision and order were sent", today)
        page.get_by_label("Upheld (decided for the family)").check()
        page.get_by_label(ORDER).check()
        page.get_by_label("Summary for the family").fill(
            "The tribunal ordered the council to carry out an assessment."
        )
        _save(page)
        _banner(page, "Decision recorded")
        order_row = page.get_by_role("row").filter(has_text=ORDER)
        expect(order_row).to_contain_text("Tribunal order")
        order_row.get_by_role("link", name="Record as done").click()
        expect(
            page.get_by_role("heading", name=f"Record that this was done: {ORDER}")
        ).to_be_visible()
        check_accessibility(page)
        type_date(page, "Date it was done", today)
        _save(page)
        _banner(page, "Recorded as done")
        expect(page.locator("main .govuk-tag")).to_have_text("Closed")
        expect(page.get_by_role("link", name="Record as done")).to_have_count(0)
        appeal = window.appeals.get()
        assert appeal.status == AppealStatus.CLOSED
        assert appeal.closed_on == today

        # The parent sees the appeal's outcome and what the council did.
        visit(family, case_path)
        expect(family.get_by_role("heading", name="Your appeal to the tribunal")).to_be_visible()
        expect(
            family.get_by_text("The tribunal ordered the council to carry out an assessment.")
        ).to_be_visible()
        expect(family.get_by_text(f"{_plain(today)} (reference EH999/26/00001)")).to_be_visible()
        order_row = family.get_by_role("row").filter(has_text=ORDER)
        expect(order_row).to_contain_text(f"{today.day} {today:%b %Y}")
        expect(order_row).not_to_contain_text("Not yet")
