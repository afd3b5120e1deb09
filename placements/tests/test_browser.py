"""Every placements page in the browser, with axe-core on each (WCAG 2.2 A/AA): the coordinator's,
the family's, the setting's, the manager's and the public's, including forms showing errors."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from placements import services
from placements.tests.conftest import next_september
from sendcpp.tests.factories import DocumentFactory
from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scene(world, directory):
    tailored_list = services.start_tailored_list(
        world.case, starts_on=next_september(), max_distance_km=20, by=world.coordinator
    )
    services.add_to_list(
        tailored_list, setting=directory.special.organisation, by=world.coordinator
    )
    services.ask_about_setting(
        tailored_list, setting=world.school, question="Is there a quiet room?", by=world.family
    )
    services.publish_tailored_list(tailored_list, by=world.coordinator)
    today = timezone.localdate()
    document = DocumentFactory(case=world.case, title="Draft plan")
    consultation = services.send_consultation(
        world.case,
        setting=world.school,
        reason="family",
        sent_on=today,
        documents=[document],
        message="The family would like a place from September.",
        by=world.coordinator,
    )
    placement = services.record_placement(
        world.case,
        setting=directory.special.organisation,
        ap_tier=2,
        home_setting=world.school,
        starts_on=today,
        planned_return_on=today.replace(year=today.year + 1),
        next_review_on=today,
        by=world.coordinator,
    )
    return tailored_list, consultation, placement


def _submit_empty(tab: Page, path: str, button: str) -> None:
    visit(tab, path)
    tab.get_by_role("button", name=button).click()
    tab.wait_for_load_state()
    assert tab.locator(".govuk-error-summary").count() == 1, path
    check_accessibility(tab)


def test_every_page_is_accessible(page: Page, browser, live_server, world, directory):
    _, consultation, placement = _scene(world, directory)
    case = world.case.public_id
    setting = directory.school.organisation.public_id

    for path in ("/placements/directory/?q=school", f"/placements/directory/{setting}/"):
        visit(page, path)

    sign_in(page, world.coordinator)
    for path in (
        "/placements/",
        "/placements/directory/",
        f"/placements/directory/{setting}/",
        f"/placements/cases/{case}/",
        f"/placements/cases/{case}/tailored-list/",
        f"/placements/cases/{case}/tailored-list/criteria/",
        f"/placements/cases/{case}/tailored-list/versions/1/",
        f"/placements/cases/{case}/consultations/new/",
        f"/placements/cases/{case}/placements/new/",
        "/placements/consultations/",
        f"/placements/consultations/{consultation.public_id}/",
        f"/placements/consultations/{consultation.public_id}/decide/",
        f"/placements/consultations/{consultation.public_id}/withdraw/",
        f"/placements/placements/{placement.public_id}/end/",
        f"/placements/placements/{placement.public_id}/review/",
        "/placements/alternative-provision/",
    ):
        visit(page, path)
    entry = world.case.tailored_list.entries.exclude(family_question="").get()
    visit(page, f"/placements/cases/{case}/tailored-list/entries/{entry.public_id}/answer/")
    _submit_empty(page, f"/placements/cases/{case}/consultations/new/", "Send the consultation")
    _submit_empty(page, f"/placements/cases/{case}/placements/new/", "Save placement")
    _submit_empty(
        page, f"/placements/consultations/{consultation.public_id}/decide/", "Record decision"
    )
    visit(page, f"/placements/cases/{case}/tailored-list/")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_load_state()
    check_accessibility(page)
    page.context.clear_cookies()

    sign_in(page, world.family)
    for path in (
        f"/placements/cases/{case}/tailored-list/",
        f"/placements/cases/{case}/tailored-list/ask/",
        f"/placements/cases/{case}/tailored-list/priorities/",
        f"/placements/cases/{case}/tailored-list/preference/",
    ):
        visit(page, path)
    _submit_empty(page, f"/placements/cases/{case}/tailored-list/preference/", "Send my preference")
    page.context.clear_cookies()

    sign_in(page, world.setting_user)
    for path in (
        "/placements/consultations/",
        f"/placements/consultations/{consultation.public_id}/",
        f"/placements/consultations/{consultation.public_id}/answer/",
    ):
        visit(page, path)
    _submit_empty(
        page, f"/placements/consultations/{consultation.public_id}/answer/", "Send answer"
    )
    page.context.clear_cookies()

    sign_in(page, world.manager)
    for path in (
        "/placements/sufficiency/",
        "/placements/directory/import/",
        f"/placements/directory/{setting}/edit/",
    ):
        visit(page, path)
    _submit_empty(page, "/placements/directory/import/", "Check and import")


def test_a_new_list_page_is_accessible(page: Page, browser, live_server, world, directory):
    sign_in(page, world.coordinator)
    visit(page, f"/placements/cases/{world.case.public_id}/tailored-list/")
    _submit_empty(
        page, f"/placements/cases/{world.case.public_id}/tailored-list/", "Start the list"
    )
