"""Early language support through the browser: the pathfinder's lead adds a setting; a speech
and language therapist, on a phone-sized screen, records a training session and an environment
audit, screens a child with the parent's consent, starts targeted support, finishes it,
re-screens the child and refers another to the specialist service; the parent reads what help
their child gets; the lead reads the evaluation figures for the period; the coordinator of an
EHC needs assessment request links the setting's record of the same child and sees it. axe on
every page."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from elsec import services
from elsec.models import Phase, Referral, Screening, ScreeningTool, WorkforceRole
from sendcpp.models import Organisation, User
from sendcpp.tests.factories import OrganisationFactory, RelationshipFactory, UserFactory
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 740}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at 320px ({width}px)"


def _save(page: Page, expected: str) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(expected)).to_be_visible()
    check_accessibility(page)


def test_early_language_support_journey(page: Page, browser: Browser, live_server, world):
    today = timezone.localdate()
    start = date(2026, 9, 1)
    pathfinder = services.set_up_pathfinder(
        name="Demo ELSEC pathfinder", area="Demo Borough", starts_on=start, by=world.manager
    )
    services.add_funding_period(
        pathfinder, name="Year 1", starts_on=start, ends_on=date(2027, 8, 31), by=world.manager
    )
    school = services.add_setting(
        pathfinder,
        organisation=world.school,
        phase=Phase.PRIMARY,
        joined_on=start,
        by=world.manager,
    )
    nursery = OrganisationFactory(name="Acorn Nursery", kind=Organisation.Kind.EARLY_YEARS)
    health = OrganisationFactory(name="Demo Community Health", kind=Organisation.Kind.HEALTH)
    therapist = UserFactory(
        username="therapist",
        first_name="Nadia",
        last_name="Rahman",
        account_type=User.AccountType.PROFESSIONAL,
    )
    services.add_workforce_member(
        pathfinder,
        user=therapist,
        role=WorkforceRole.THERAPIST,
        employer=health,
        settings=[school],
        by=world.manager,
    )
    ScreeningTool.objects.create(
        name="Demo language screen", lowest_score=0, highest_score=40, expected_from=25
    )
    amara = services.add_child(
        school,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2021, 5, 4),
        by=therapist,
    )
    leo = services.add_child(
        school, first_name="Leo", last_name="Hart", date_of_birth=date(2021, 2, 1), by=therapist
    )
    parent = UserFactory(username="amara_parent")
    RelationshipFactory(child=amara.child, user=parent)
    # A setting's record of the child an EHC needs assessment is asked for, whose family agreed
    # to share it with the SEND team.
    requested = services.add_child(
        school,
        first_name=world.case.child.legal_first_name,
        last_name=world.case.child.legal_last_name,
        date_of_birth=world.case.child.date_of_birth,
        by=therapist,
    )
    services.record_consent(
        requested,
        given_by="Their parent",
        given_on=start,
        share_with_send_service=True,
        by=therapist,
    )
    services.record_screening(
        requested, tool=ScreeningTool.objects.get(), screened_on=start, score=4, by=therapist
    )

    # --- The lead adds a setting to the pathfinder.
    sign_in(page, world.manager)
    visit(page, "/early-language/")
    page.get_by_role("link", name="Demo ELSEC pathfinder").click()
    check_accessibility(page)
    page.get_by_role("link", name="Add a setting").click()
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Choose a setting")).to_be_visible()  # error summary
    check_accessibility(page)
    page.get_by_label("Setting", exact=True).select_option(
        label="Acorn Nursery (Early years setting)"
    )
    page.get_by_label("Early years", exact=True).check()
    type_date(page, "Date the setting joined", today)
    _save(page, "Setting added to the pathfinder")
    expect(page.get_by_role("link", name="Acorn Nursery")).to_be_visible()
    assert pathfinder.settings.filter(organisation=nursery).exists()

    # --- The therapist, on a phone, at the school.
    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    worker = phone.new_page()
    worker.set_default_timeout(15000)
    sign_in(worker, therapist)
    visit(worker, "/early-language/")
    worker.get_by_role("link", name=world.school.name).click()
    check_accessibility(worker)
    _no_sideways_scroll(worker)

    worker.get_by_role("link", name="Record a training session").click()
    type_date(worker, "Date of the session", today)
    worker.get_by_label("Topic").fill("Spotting speech and language needs")
    worker.get_by_label("Staff who attended").fill("Sam Lee\nPriya Shah\nJo Bell")
    _save(worker, "Training session recorded")

    worker.get_by_role("link", name="Record an environment audit").click()
    type_date(worker, "Date of the audit", today)
    worker.get_by_label("There is a quiet space for talking with children").check()
    worker.get_by_label("Adults give children time to answer").check()
    _save(worker, "Audit recorded: 2 out of 10")
    _no_sideways_scroll(worker)

    # Screening without consent is refused and records nothing.
    worker.get_by_role("link", name="Amara Okafor").click()
    check_accessibility(worker)
    worker.get_by_role("link", name="Record a screening").click()
    worker.get_by_label("Screening measure").select_option(
        label="Demo language screen (score 0 to 40)"
    )
    type_date(worker, "Date of the screening", today)
    worker.get_by_label("Score").fill("11")
    worker.get_by_role("button", name="Save").click()
    expect(
        worker.get_by_role("link", name="Record the parent's consent before screening")
    ).to_be_visible()
    check_accessibility(worker)
    assert not Screening.objects.filter(record=amara).exists()
    worker.get_by_role("link", name="Back", exact=False).first.click()

    worker.get_by_role("link", name="Record consent").click()
    worker.get_by_label("Name of the parent or carer giving consent").fill("Grace Okafor")
    type_date(worker, "Date consent was given", today)
    worker.get_by_label("They agree that", exact=False).check()
    _save(worker, "Consent recorded")

    worker.get_by_role("link", name="Record a screening").click()
    worker.get_by_label("Screening measure").select_option(
        label="Demo language screen (score 0 to 40)"
    )
    type_date(worker, "Date of the screening", today)
    worker.get_by_label("Score").fill("11")
    _save(worker, "Screening recorded")
    expect(worker.get_by_role("cell", name="Below the expected level")).to_be_visible()

    worker.get_by_role("link", name="Start targeted support").click()
    worker.get_by_label("Programme").fill("Small-group talk programme")
    worker.get_by_label("Small group").check()
    type_date(worker, "Start date", today)
    _save(worker, "Targeted support started")

    worker.get_by_role("link", name="Finish Small-group talk programme").click()
    type_date(worker, "End date", today)
    worker.get_by_label("Sessions attended").fill("12")
    _save(worker, "Targeted support finished")

    worker.get_by_role("link", name="Record a screening").click()
    worker.get_by_label("Screening measure").select_option(
        label="Demo language screen (score 0 to 40)"
    )
    type_date(worker, "Date of the screening", today)
    worker.get_by_label("Score").fill("29")
    worker.get_by_label("Is this a re-screening after targeted support?").select_option(index=1)
    _save(worker, "Screening recorded")
    expect(worker.get_by_role("cell", name="At the expected level")).to_be_visible()
    _no_sideways_scroll(worker)

    # Another child is referred to the specialist service.
    services.record_consent(
        leo, given_by="Sam Hart", given_on=today, share_with_send_service=False, by=therapist
    )
    visit(worker, f"/early-language/children/{leo.public_id}/")
    worker.get_by_role("link", name="Refer to specialist speech and language therapy").click()
    type_date(worker, "Date of the referral", today)
    worker.get_by_label("Reason for the referral").fill(
        "Very little speech; not understood by adults"
    )
    _save(worker, "Referral recorded")
    expect(worker.get_by_role("cell", name="Waiting to be seen", exact=False)).to_be_visible()
    assert Referral.objects.filter(record=leo).exists()
    phone.close()

    # --- The parent reads what help their child gets.
    family = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    reader = family.new_page()
    sign_in(reader, parent)
    visit(reader, "/early-language/")
    reader.get_by_role("link", name="See how Amara Okafor is getting on").click()
    check_accessibility(reader)
    _no_sideways_scroll(reader)
    expect(
        reader.get_by_text("They are doing as well as we would expect for their age.")
    ).to_be_visible()
    expect(
        reader.get_by_text(
            "They took part in “Small-group talk programme” (in a small group)", exact=False
        )
    ).to_be_visible()
    family.close()

    # --- The lead reads the evaluation figures for the period.
    page.get_by_role("link", name="Evaluation figures").click()
    check_accessibility(page)
    page.get_by_label("Period").select_option(label="Year 1")
    page.get_by_role("button", name="Show figures").click()
    check_accessibility(page)
    screened = page.get_by_role("table", name="Children")
    expect(screened.get_by_role("row", name="Screened 2")).to_be_visible()
    levels = page.get_by_role("table", name="Supported at each level")
    expect(levels.get_by_role("row", name="Targeted 1")).to_be_visible()
    expect(levels.get_by_role("row", name="Specialist 1")).to_be_visible()
    support = page.get_by_role("table", name="Setting support")
    expect(support.get_by_role("row", name="Staff attendances at training 3")).to_be_visible()
    progress = page.get_by_role("table", name="Progress between screenings")
    expect(
        progress.get_by_role("row", name="At the expected level after (%) 100.0")
    ).to_be_visible()
    page.get_by_role("link", name="Show the figures for publication").click()
    check_accessibility(page)
    expect(
        page.get_by_role("table", name="Children").get_by_role("row", name="Screened c")
    ).to_be_visible()

    # --- The request's coordinator sees the shared record as evidence on the case.
    case = browser.new_context(base_url=live_server.url, bypass_csp=True)
    coordinator = case.new_page()
    sign_in(coordinator, world.coordinator)
    visit(coordinator, f"/cases/{world.case.public_id}/")
    expect(coordinator.get_by_role("heading", name="Early language support")).to_be_visible()
    coordinator.get_by_role("button", name="It is this child: link the record").click()
    expect(coordinator.get_by_text("Early language record linked to this child")).to_be_visible()
    check_accessibility(coordinator)
    expect(coordinator.get_by_role("cell", name="Below the expected level")).to_be_visible()
    case.close()
