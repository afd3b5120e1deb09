"""One child's EHC journey through the browser, from the request to the final plan and a first
annual review, as the coordinator, the professional giving advice and the parent each work it:
record the request (after one empty submission shows the error summary), decide to assess, ask
for advice; the professional gives it; decide to issue, write the plan and send the draft; the
parent comments and says which school they would like; name the setting and issue the final plan;
then schedule the first annual review and record its steps, previewing the decision's letter
before recording it. axe on every page visited."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from ehcp.models import AdviceRequest, Plan, PlanRow, PlanVersion, Review
from sendcpp.models import Stage
from tests.browser.conftest import check_accessibility, signed_in_page, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def today() -> date:
    """Today's date (read when the test runs, never at import)."""
    return timezone.localdate()


def _fill(page: Page, data: dict[str, str | bool | date]) -> None:
    """Fill form fields by name: text boxes, selects, radios (by value), checkboxes and dates
    (typed into the date input's boxes)."""
    for name, value in data.items():
        if isinstance(value, date):
            legend = page.locator(f'[name="{name}-day"]').evaluate(
                "el => el.closest('fieldset').querySelector('legend').textContent.trim()"
            )
            type_date(page, legend, value)
            continue
        field = page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind == "input:radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "input:checkbox":
            if value:
                field.check()
            else:
                field.uncheck()
        elif kind.startswith("select"):
            field.select_option(value=str(value))
        else:
            field.fill(str(value))


def _submit(page: Page, button: str | None = None) -> None:
    """Submit the form (by its button's name, or the main form's first button), expect it to be
    accepted (no error summary) and check the next page."""
    if button is None:
        target = page.locator("main form button[type=submit]").first
    else:
        target = page.locator("main").get_by_role("button", name=button, exact=True)
    with page.expect_navigation():
        target.click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 0, (
        f"{page.url} refused the form:\n{page.locator('.govuk-error-summary').inner_text()}"
    )
    check_accessibility(page)


def test_one_child_from_request_to_final_plan_and_first_review(
    browser: Browser, live_server, world
):
    case = world.case
    base = f"/ehcp/cases/{case.public_id}/"
    assert case.stage == Stage.REQUEST

    with signed_in_page(browser, live_server, world.coordinator) as page:
        # --- The EHCP page, and the request: an empty form first shows the error summary.
        visit(page, base)
        page.get_by_role("link", name="Record the request").click()
        page.wait_for_url(f"**{base}request/")
        check_accessibility(page)
        type_date(page, "Date the request was received", ("", "", ""))
        page.get_by_role("button", name="Record the request").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(summary.get_by_role("link", name="Select who made the request")).to_be_visible()
        check_accessibility(page)
        summary.get_by_role("link", name="Select who made the request").click()
        _fill(
            page,
            {"source": "parent", "received_on": today(), "details": "Letter from the parents"},
        )
        _submit(page, "Record the request")

        # --- Decide to assess.
        visit(page, base + "decide/assess/")
        _fill(page, {"agree": "yes", "reasons": "The evidence shows it", "decided_on": today()})
        _submit(page)
        case.refresh_from_db()
        assert case.stage == Stage.ASSESSMENT

        # --- Ask the professional for psychological advice.
        visit(page, base)
        page.get_by_role("link", name="Ask for advice").click()
        page.wait_for_url(f"**{base}advice/new/")
        check_accessibility(page)
        _fill(
            page,
            {
                "kind": "psychological",
                "advisor": str(world.professional.pk),
                "requested_on": today(),
                "questions": "Please cover reading",
                "share_family_views": True,
            },
        )
        _submit(page)
        advice_request = AdviceRequest.objects.get(case=case)

    # --- The professional signs in, finds the request and gives the advice.
    with signed_in_page(browser, live_server, world.professional) as page:
        visit(page, "/ehcp/advice/")
        page.get_by_role("link", name=case.child.full_name).click()
        page.wait_for_url(f"**/ehcp/advice/{advice_request.public_id}/")
        check_accessibility(page)
        visit(page, f"/ehcp/advice/{advice_request.public_id}/give/")
        # Half written: saved as a draft with the full report, then finished.
        _fill(page, {"summary": "Needs help with language"})
        page.set_input_files(
            '[name="report"]',
            files=[
                {
                    "name": "full-report.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"%PDF-1.4\n%%EOF\n",
                }
            ],
        )
        _submit(page, "Save as draft")
        expect(page.get_by_text("full-report.pdf is attached", exact=False)).to_be_visible()
        check_accessibility(page)
        _fill(
            page,
            {
                "advisor_name": "Dr Priya Rao",
                "advisor_role": "Educational psychologist",
                "basis": "Observed in class",
                "summary": "Needs help with language",
                "formulation": "Language processing",
                "rows-0-area": "communication",
                "rows-0-need": "Difficulty following spoken instructions",
                "rows-0-provision_what": "A structured language programme",
                "rows-0-outcome": "Follows two-step instructions",
            },
        )
        _submit(page, "Submit your advice")
        expect(page.get_by_text("Dr Priya Rao").first).to_be_visible()
        assert advice_request.submissions.get().report is not None

    with signed_in_page(browser, live_server, world.coordinator) as page:
        # --- Decide to issue a plan.
        visit(page, base)
        page.get_by_role("link", name="Decide whether to issue", exact=False).click()
        page.wait_for_url(f"**{base}decide/issue/")
        check_accessibility(page)
        _fill(page, {"agree": "yes", "reasons": "A plan is needed", "decided_on": today()})
        _submit(page)
        plan = Plan.objects.get(case=case)
        plan_url = f"/ehcp/plans/{plan.public_id}/"

        # --- Write the plan: section A1, and the communication area from the advice.
        visit(page, plan_url)
        visit(page, plan_url + "sections/history/")
        _fill(page, {"history": "Born in 2015.", "communication": "Visual timetable"})
        _submit(page, "Save")
        visit(page, plan_url + "areas/communication/")
        page.get_by_role("link", name="Use rows from the advice").click()
        page.wait_for_url(f"**{plan_url}areas/communication/advice/")
        check_accessibility(page)
        page.locator('[name="rows"]').first.check()
        _submit(page)
        row = PlanRow.objects.get(plan=plan)
        visit(page, plan_url + f"rows/{row.pk}/")
        _fill(
            page,
            {
                "provision_what": "Language programme",
                "provision_who": "Speech and language therapist",
                "ratio": "1:1",
                "frequency": "Twice a week",
                "duration": "30 minutes",
                "outcome_timeframe": "By July 2027",
            },
        )
        _submit(page, "Save the row")
        visit(page, plan_url + "preview/")

        # --- Send the draft.
        visit(page, plan_url)
        page.get_by_role("link", name="Check and send the draft").click()
        page.wait_for_url(f"**{plan_url}issue/draft/")
        check_accessibility(page)
        _fill(page, {"served_on": today()})
        _submit(page)
        draft = PlanVersion.objects.get(plan=plan)
        visit(page, f"/ehcp/versions/{draft.public_id}/")

    # --- The parent reads the draft, comments, says which school and finishes commenting.
    with signed_in_page(browser, live_server, world.family) as page:
        visit(page, base + "journey/")
        page.get_by_role("link", name="Read the draft plan", exact=False).click()
        page.wait_for_url(f"**{plan_url}respond/")
        check_accessibility(page)
        visit(page, f"/ehcp/versions/{draft.public_id}/")
        visit(page, plan_url + "respond/")
        page.get_by_role("link", name="Comment on a part of the plan").click()
        page.wait_for_url(f"**{plan_url}respond/comment/")
        check_accessibility(page)
        _fill(page, {"section": "F_communication", "text": "Please add speech therapy"})
        _submit(page)
        visit(page, plan_url + "respond/")
        page.get_by_role("link", name="Say which school or college you would like").click()
        page.wait_for_url(f"**{plan_url}respond/preference/")
        check_accessibility(page)
        _fill(page, {"setting": str(world.school.pk), "reasons": "Near home"})
        _submit(page)
        visit(page, plan_url + "respond/")
        _submit(page, "I have finished commenting")

    with signed_in_page(browser, live_server, world.coordinator) as page:
        # --- Name the setting and issue the final plan.
        visit(page, plan_url + "name-setting/")
        _fill(page, {"setting": str(world.school.pk)})
        _submit(page)
        visit(page, plan_url)
        page.get_by_role("link", name="Check and issue", exact=False).click()
        page.wait_for_url(f"**{plan_url}issue/final/")
        check_accessibility(page)
        _fill(page, {"issued_on": today()})
        _submit(page)
        case.refresh_from_db()
        assert case.stage == Stage.PLAN_ISSUED
        final = PlanVersion.objects.get(plan=plan, kind="final")
        visit(page, f"/ehcp/versions/{final.public_id}/")
        visit(page, plan_url + "versions/")

        # --- The first annual review: schedule it, then each step the UI offers.
        visit(page, base)
        page.get_by_role("link", name="Arrange the annual review").click()
        page.wait_for_url(f"**{base}reviews/new/")
        check_accessibility(page)
        _fill(page, {"meeting_on": today()})
        _submit(page)
        review = Review.objects.get(case=case)
        review_url = f"/ehcp/reviews/{review.public_id}/"
        visit(page, review_url)

        # The parent gives their views for the review (in their own browser, alongside).
        with signed_in_page(browser, live_server, world.family) as parent:
            visit(parent, base + "journey/")
            parent.get_by_role("link", name="Give your views for the annual review").click()
            parent.wait_for_url(f"**{review_url}")
            check_accessibility(parent)
            parent.get_by_role("link", name="Give your views for the review").click()
            parent.wait_for_url(f"**{review_url}your-views/")
            check_accessibility(parent)
            _fill(parent, {"progress": "Much happier at school"})
            _submit(parent)

        for step, data in [
            ("invitations", {"sent_on": today()}),
            ("papers", {"sent_on": today()}),
            ("meeting", {"held_on": today(), "attendees": "Parent, SENCO", "notes": "Progress"}),
            ("report", {"report": "Keep the plan", "sent_on": today()}),
            ("decision", {"outcome": "maintain", "reasons": "Meets needs", "decided_on": today()}),
        ]:
            visit(page, review_url + step + "/")
            _fill(page, data)
            if step == "decision":
                # The decision's letter, read before it is recorded: nothing is saved yet.
                _submit(page, "Preview the letter")
                expect(
                    page.get_by_role("heading", name="The letter as it will be sent")
                ).to_be_visible()
                expect(
                    page.get_by_text("Annual review decision: keep the plan as it is.")
                ).to_be_visible()
                assert Review.objects.get(pk=review.pk).decision_id is None
            _submit(page)
        case.refresh_from_db()
        assert case.stage == Stage.MAINTAINED
        visit(page, review_url)

    # --- The parent sees the final plan and the review decision on the journey page.
    with signed_in_page(browser, live_server, world.family) as page:
        visit(page, base + "journey/")
        page.get_by_role("link", name="Final", exact=False).first.click()
        page.wait_for_url(f"**/ehcp/versions/{final.public_id}/")
        check_accessibility(page)
        visit(page, review_url)
        expect(page.get_by_text("Keep the plan as it is").first).to_be_visible()
