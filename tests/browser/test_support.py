"""Support in school through the browser: the SENCO writes a support plan choosing provision from
the standards, reviews it after a term and sends its history with a request for assessment,
which the coordinator then reads on the case; the school named in the child's EHC plan confirms
a term's section F delivery with one shortfall, which the coordinator and the family see. axe on
every page visited."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from ehcp.tests.factories import final_issued
from support import services
from tests.browser.conftest import check_accessibility, signed_in_page, type_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    check_accessibility(page)


def test_senco_plan_review_evidence_and_section_f_delivery(browser: Browser, live_server, world):
    services.load_standards_file()
    final_issued(world.case, world.coordinator, setting=world.school)
    child = world.case.child

    with signed_in_page(browser, live_server, world.setting_user) as senco:
        # --- Write the plan, choosing provision from the standards.
        senco.get_by_role("link", name="Support plans").first.click()
        expect(senco.get_by_role("heading", name="Support plans")).to_be_visible()
        check_accessibility(senco)
        senco.get_by_role("link", name=child.full_name, exact=True).click()
        check_accessibility(senco)
        senco.get_by_role("link", name="Write a support plan").click()
        check_accessibility(senco)
        # An empty form shows the error summary and saves nothing.
        senco.locator("main").get_by_role("button", name="Start the plan").click()
        expect(senco.locator(".govuk-error-summary")).to_be_visible()
        check_accessibility(senco)
        senco.get_by_label("Targeted", exact=True).check()
        type_date(senco, "Date the plan starts", date(2026, 9, 7))
        type_date(senco, "Date of the first review", date(2026, 12, 11))
        senco.get_by_label("What the child says").fill("I like drawing and football.")
        _submit(senco, "Start the plan")
        expect(
            senco.get_by_role("heading", name=f"Support plan for {child.full_name}")
        ).to_be_visible()
        senco.get_by_role("link", name="Add to communication and interaction").click()
        check_accessibility(senco)
        expect(senco.get_by_text("not the official national standards text")).to_be_visible()
        senco.get_by_label("Targeted: Small-group language programme", exact=False).check()
        senco.get_by_label("The need").fill("Finds it hard to follow spoken instructions.")
        senco.get_by_label("The outcome sought").fill("Follows a two-step instruction.")
        senco.get_by_label("By when").fill("By the end of the spring term 2027")
        _submit(senco, "Add to the plan")
        expect(senco.get_by_text("Small-group language programme with a trained")).to_be_visible()

        # --- Review it after a term.
        senco.get_by_role("link", name="Review the plan").first.click()
        expect(senco.get_by_role("heading", name="Review the plan")).to_be_visible()
        check_accessibility(senco)
        type_date(senco, "Date of the review", date(2026, 12, 8))
        senco.get_by_label("Little or no progress").check()
        senco.get_by_label("What worked, and what did not").fill("Little change after a term.")
        senco.get_by_label("What changes next").fill("Ask for an EHC needs assessment.")
        senco.get_by_label("Specialist").check()
        type_date(senco, "Date of the next review", date(2027, 3, 26))
        _submit(senco, "Record the review")
        expect(senco.get_by_role("heading", name="Review on 8 December 2026")).to_be_visible()

        # --- Send its history with a request for assessment.
        senco.get_by_role("link", name="Send its history with a request").click()
        check_accessibility(senco)
        senco.get_by_label("Why you are asking for an assessment").fill(
            "No progress in following instructions after a term of targeted support."
        )
        _submit(senco, "Send to the local authority")
        expect(senco.get_by_text("Little or no progress")).to_be_visible()

        # --- Confirm this term's section F delivery, with one shortfall.
        senco.get_by_role("link", name="Support plans").first.click()
        check_accessibility(senco)
        senco.get_by_role(
            "link", name=f"Confirm this term's provision for {child.full_name}"
        ).click()
        check_accessibility(senco)
        senco.get_by_label("Autumn term 2026").check()
        senco.get_by_label("Partly delivered").check()
        senco.get_by_label("Sessions specified this term").fill("36")
        senco.get_by_label("Sessions delivered").fill("24")
        senco.get_by_label("If not in full, why not").fill(
            "Teaching assistant absent for four weeks"
        )
        _submit(senco, "Confirm delivery")
        expect(
            senco.get_by_role("heading", name="Provision delivered: Autumn term 2026")
        ).to_be_visible()

    with signed_in_page(browser, live_server, world.coordinator) as coordinator:
        coordinator.goto(f"/ehcp/cases/{world.case.public_id}/")
        expect(coordinator.get_by_role("heading", name="Evidence from the setting")).to_be_visible()
        check_accessibility(coordinator)
        coordinator.get_by_role("link", name="Support plan history from").click()
        expect(coordinator.get_by_text("Little change after a term.")).to_be_visible()
        check_accessibility(coordinator)
        coordinator.get_by_role("link", name="School support").first.click()
        expect(
            coordinator.get_by_text(
                "partly delivered (Communication and interaction), 24 of 36 sessions"
            )
        ).to_be_visible()
        check_accessibility(coordinator)
        coordinator.get_by_role("link", name=f"{child.full_name}, Autumn term 2026").click()
        check_accessibility(coordinator)
        coordinator.get_by_role("link", name="Follow up").click()
        check_accessibility(coordinator)
        coordinator.get_by_label("What was done about it").fill("Cover booked from January.")
        _submit(coordinator, "Record the follow-up")
        expect(coordinator.get_by_text("Cover booked from January.")).to_be_visible()

    with signed_in_page(browser, live_server, world.family) as family:
        family.goto(f"/ehcp/cases/{world.case.public_id}/journey/")
        expect(
            family.get_by_role("heading", name="Was the provision in the plan delivered?")
        ).to_be_visible()
        expect(family.get_by_text("Teaching assistant absent for four weeks")).to_be_visible()
        check_accessibility(family)
        family.get_by_role("link", name="Support at school").first.click()
        check_accessibility(family)
        family.get_by_role("link", name=f"{child.full_name}: support plan").click()
        check_accessibility(family)
        expect(family.get_by_text("Small-group language programme with a trained")).to_be_visible()


def _no_sideways_scroll(page: Page, path: str) -> None:
    page.goto(path)
    check_accessibility(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways at 320px ({width}px)"


def test_reports_and_plan_pages_fit_a_small_screen(browser: Browser, live_server, world):
    from datetime import date as day

    from support.models import Delivered, ExclusionKind, ExclusionReason, Layer, Progress

    services.load_standards_file()
    version = final_issued(world.case, world.coordinator, setting=world.school)
    [row] = services.section_f_rows(version.plan)
    services.confirm_delivery(
        version.plan,
        school_year=2026,
        term="autumn",
        lines=[services.LineInput(row, Delivered.PARTLY, 36, 20, "Staff absence")],
        by=world.setting_user,
    )
    child = world.case.child
    plan = services.write_plan(
        child,
        layer=Layer.TARGETED,
        started_on=day(2026, 9, 7),
        next_review_on=day(2026, 12, 11),
        by=world.setting_user,
    )
    services.add_row(
        plan,
        values={"area": "semh", "need": "Anxious in the mornings", "outcome": "Calm start"},
        standard=services.Standard.objects.get(code="SE-U1"),
        by=world.setting_user,
    )
    services.record_review(
        plan,
        reviewed_on=day(2026, 12, 8),
        progress=Progress.SOME,
        what_worked="Check-ins help",
        next_steps="Keep going",
        layer_after=Layer.TARGETED,
        next_review_on=day(2027, 3, 26),
        by=world.setting_user,
    )
    services.record_exclusion(
        child,
        kind=ExclusionKind.PERMANENT,
        starts_on=day(2026, 12, 1),
        sessions_missed=0,
        reason=ExclusionReason.DISRUPTIVE,
        by=world.setting_user,
    )
    with signed_in_page(browser, live_server, world.manager) as manager:
        manager.set_viewport_size({"width": 320, "height": 800})
        _no_sideways_scroll(manager, "/support/reports/")
        expect(manager.get_by_text("Preventable: no tier 1 support beforehand")).to_be_visible()
        _no_sideways_scroll(manager, "/support/standards/")
        _no_sideways_scroll(manager, f"/support/plans/{plan.public_id}/")
    with signed_in_page(browser, live_server, world.setting_user) as senco:
        senco.set_viewport_size({"width": 320, "height": 800})
        _no_sideways_scroll(senco, "/support/")
        _no_sideways_scroll(senco, f"/support/children/{child.public_id}/")
        _no_sideways_scroll(senco, f"/support/plans/{plan.public_id}/")
        _no_sideways_scroll(senco, f"/support/plans/{plan.public_id}/rows/semh/add/")
