"""A manager's and a coordinator's working day in the browser: the manager reads the performance
report and changes and previews the wording of a decision letter; the coordinator asks three
people for advice in one action, previews and sends a decision whose letter PDF appears on the
case, and makes the annual review letter for cases chosen on the caseload. axe on every page
visited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect

from ehcp import services as ehcp_services
from ehcp.models import AdviceRequest
from letters.models import Letter, LetterTemplateVersion
from sendcpp import clock
from sendcpp.models import Document, Organisation, Stage, User
from sendcpp.tests.factories import (
    CaseFactory,
    OrganisationFactory,
    RelationshipFactory,
    UserFactory,
)
from tests.browser.conftest import check_accessibility, signed_in_page, visit
from tests.browser.test_ehcp_journey import _fill, _submit, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _contributors(world):
    health = OrganisationFactory(name="City Health Trust", kind=Organisation.Kind.HEALTH)
    care = OrganisationFactory(name="Children's Services", kind=Organisation.Kind.SOCIAL_CARE)
    made = []
    for username, first, last, organisation in (
        ("psychologist", "Pat", "Psych", world.la),
        ("doctor", "Hana", "Doctor", health),
        ("socialworker", "Sol", "Worker", care),
    ):
        made.append(
            UserFactory(
                username=username,
                first_name=first,
                last_name=last,
                account_type=User.AccountType.PROFESSIONAL,
                organisation=organisation,
            )
        )
    return made


def test_reports_wording_advice_and_a_decision_letter(browser: Browser, live_server, world):
    psychologist, doctor, social_worker = _contributors(world)
    # One case at the assessment, one with a request waiting for the decision whether to assess.
    ehcp_services.record_request(
        world.case, source="parent", received_on=today(), by=world.coordinator
    )
    ehcp_services.decide_whether_to_assess(
        world.case,
        agree=True,
        reasons="Evidence of needs",
        decided_on=today(),
        by=world.coordinator,
    )
    waiting = CaseFactory(team=world.case.team, coordinator=world.coordinator, stage=Stage.REQUEST)
    RelationshipFactory(child=waiting.child)
    ehcp_services.record_request(
        waiting, source="parent", received_on=today(), by=world.coordinator
    )

    review_due = CaseFactory(
        team=world.case.team, coordinator=world.coordinator, stage=Stage.MAINTAINED
    )
    RelationshipFactory(child=review_due.child)
    clock.start_deadline(
        review_due, rule="annual_review", by=None, plan_made_on=today() - timedelta(days=300)
    )

    with signed_in_page(browser, live_server, world.manager) as page:
        # --- The performance report, its chart and tables.
        page.get_by_role("link", name="Reports").click()
        page.wait_for_url("**/reports/")
        check_accessibility(page)
        page.get_by_role("link", name="New EHC plans issued within 20 weeks").click()
        page.wait_for_url("**/reports/new-plans/**")
        expect(page.get_by_role("img", name="New EHC plans issued within 20 weeks")).to_be_visible()
        check_accessibility(page)

        # --- Change the wording of the decision letter: preview, then save.
        visit(page, "/letters/wording/")
        page.get_by_role("link", name="Decision whether to carry out an assessment").click()
        page.wait_for_url("**/letters/wording/decision_assess/")
        check_accessibility(page)
        _fill(page, {"subject": "Our decision about {child_name}'s assessment"})
        _submit(page, "Preview the letter")
        expect(page.get_by_role("heading", name="Preview, with made-up details")).to_be_visible()
        expect(page.get_by_text("Our decision about Sam Example's assessment")).to_be_visible()
        _fill(page, {"reason": "Name the assessment in the subject"})
        _submit(page, "Save as a new version")
        expect(page.get_by_text("Wording saved as version 1")).to_be_visible()
    assert LetterTemplateVersion.objects.get().changed_by == world.manager

    with signed_in_page(browser, live_server, world.coordinator) as page:
        # --- Three requests for advice in one action.
        visit(page, f"/ehcp/cases/{world.case.public_id}/")
        page.get_by_role("link", name="Ask several people for advice").click()
        page.wait_for_url("**/advice/several/")
        check_accessibility(page)
        _fill(
            page,
            {
                "advisor_psychological": str(psychologist.pk),
                "advisor_health": str(doctor.pk),
                "advisor_social_care": str(social_worker.pk),
                "requested_on": today(),
            },
        )
        _submit(page, "Send the requests")
        expect(page.locator(".govuk-tag--green")).to_have_count(3)
        assert AdviceRequest.objects.filter(case=world.case).count() == 3
        visit(page, f"/cases/{world.case.public_id}/")
        expect(
            page.get_by_role(
                "cell", name="Give advice for the assessment: Hana Doctor, Medical advice (health)"
            )
        ).to_be_visible()

        # --- A decision, and its letter as a PDF on the case.
        visit(page, f"/ehcp/cases/{waiting.public_id}/decide/assess/")
        _fill(
            page,
            {
                "agree": "no",
                "reasons": "Needs are met from the school's resources",
                "decided_on": today(),
            },
        )
        _submit(page, "Preview the letter")
        expect(page.get_by_role("heading", name="The letter as it will be sent")).to_be_visible()
        expect(page.get_by_text("Needs are met from the school's resources").last).to_be_visible()
        assert not Letter.objects.filter(case=waiting).exists()  # nothing sent yet
        _submit(page, "Record the decision")
        visit(page, f"/ehcp/cases/{waiting.public_id}/")
        page.get_by_role("link", name="Letters sent on this case").click()
        page.wait_for_url("**/letters/cases/**")
        check_accessibility(page)
        letter = Letter.objects.get(case=waiting)
        assert letter.subject.endswith("assessment")  # the manager's new wording
        link = page.get_by_role("link", name="Open the letter (PDF)")
        expect(link).to_be_visible()
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"

        # --- The annual review letter for cases chosen on the caseload, after one confirmation.
        visit(page, "/")
        page.get_by_label(f"Choose {review_due.child.full_name}, {review_due.reference}").check()
        page.get_by_label(f"Choose {world.case.child.full_name}, {world.case.reference}").check()
        _submit(page, "Make a letter for the chosen cases")
        page.get_by_label("Annual review coming up: asking for views").check()
        _submit(page, "Continue")
        expect(page.get_by_text("No annual review is due on this case")).to_be_visible()
        _submit(page, "Make 1 letter")
        expect(page.locator(".govuk-tag--green")).to_have_count(1)
        assert Letter.objects.filter(case=review_due, kind="review_invitation").count() == 1

        # --- The day's other work queues.
        visit(page, "/?view=team&need=ASD")
        page.get_by_label("Save these filters as a view").fill("Autism, whole team")
        _submit(page, "Save the view")
        expect(page.get_by_role("link", name="Autism, whole team")).to_be_visible()
        visit(page, "/ehcp/advice/overdue/")
        visit(page, "/letters/to-post/")
        visit(page, f"/cases/reassign/?source={world.coordinator.public_id}")
        _fill(page, {"coordinator": str(world.teammate.pk)})
        page.get_by_label(f"{waiting.child.full_name}, {waiting.reference}").check()
        _submit(page, "Move the chosen cases")
        expect(page.locator(".govuk-tag--green")).to_have_count(1)
    assert letter.document.status == Document.Status.READY
