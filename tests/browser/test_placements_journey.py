"""Finding a school through the browser, as each person does it: the coordinator draws up and
publishes an Advisory Tailored List, the parent reads it (it guarantees no place), says what
matters and which setting they prefer, the coordinator consults that setting, the setting's
SENCO answers that it can meet the child's needs, and the coordinator names it in the plan, which
then shows it in section I. axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ehcp.models import Plan
from ehcp.tests.factories import draft_issued
from placements.models import Consultation
from placements.tests.conftest import (
    directory,  # noqa: F401 (the fixture, used by name)
    next_september,
)
from sendcpp.models import Organisation
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIORITIES = "A quiet space at break times, and a short journey."
PREFERENCE = "Her friends from nursery go there and it is close to home."


def _label(org: Organisation) -> str:
    """How a setting is named in the setting drop-downs (SettingChoiceField)."""
    return f"{org.name} ({org.postcode})" if org.postcode else org.name


def _person(browser: Browser, live_server) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    return context, context.new_page()


def test_list_to_consultation_to_named_setting(
    page: Page,
    browser: Browser,
    live_server,
    world,
    directory,  # noqa: F811 (the fixture imported above)
):
    # Naming a setting needs an EHC plan whose draft has been issued (section I stays blank in
    # the draft and is filled only after the family's preference and the consultation). Getting
    # a case to that point through the browser is the EHCP journey's own test, so it is set up
    # here with ehcp's factory, which runs the real services: agreed to assess, decided to issue,
    # a plan row saved, and the draft issued to the family.
    draft_issued(world.case, world.coordinator)
    plan = Plan.objects.get(case=world.case)
    case = world.case.public_id
    school, special = world.school, directory.special.organisation

    # --- The coordinator starts the list.
    sign_in(page, world.coordinator)
    visit(page, f"/placements/cases/{case}/tailored-list/")
    expect(page.get_by_role("heading", name="Start an advisory tailored list")).to_be_visible()
    start = next_september()
    type_date(page, "Expected start date", start)
    page.get_by_role("button", name="Start the list").click()
    expect(page.get_by_text("Tailored list started")).to_be_visible()
    expect(page.get_by_role("heading", name="Advisory tailored list", exact=True)).to_be_visible()
    check_accessibility(page)

    # Proposals come with their reasons; the autism special school is among them.
    proposals = page.get_by_role("table", name="Proposed settings with the reasons for each")
    row = proposals.get_by_role("row").filter(has=page.get_by_role("link", name=special.name))
    expect(row).to_be_visible()
    expect(row.get_by_role("listitem").first).to_be_visible()
    row.get_by_role("button", name=f"Add {special.name}").click()
    expect(page.get_by_text(f"{special.name} added to the list")).to_be_visible()
    expect(page.get_by_role("heading", name=special.name, level=3)).to_be_visible()
    check_accessibility(page)

    # ... and the child's own school, chosen from the directory with a note.
    page.get_by_label("Setting", exact=True).select_option(label=_label(school))
    page.get_by_label("Why it is on the list (optional)").fill("The school the child attends now.")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_text(f"{school.name} added to the list")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Publish to the family").click()
    expect(page.get_by_text("Version 1 published to the family")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1", exact=True)).to_be_visible()
    check_accessibility(page)

    # --- The parent reads the published list: it says it guarantees no place.
    parent_context, parent = _person(browser, live_server)
    sign_in(parent, world.family)
    visit(parent, f"/placements/cases/{case}/tailored-list/")
    expect(
        parent.get_by_role("heading", name="Advisory tailored list for", exact=False)
    ).to_be_visible()
    expect(parent.get_by_text("It does not guarantee a place", exact=False)).to_be_visible()
    expect(parent.get_by_role("heading", name=special.name)).to_be_visible()
    expect(parent.get_by_role("heading", name=school.name)).to_be_visible()

    parent.get_by_role("link", name="Change what matters to you").click()
    expect(parent.get_by_role("heading", name="What matters to you")).to_be_visible()
    check_accessibility(parent)
    parent.get_by_label("What matters to you in a school or college").fill(PRIORITIES)
    parent.get_by_role("button", name="Save").click()
    expect(parent.get_by_text("What matters to you has been saved")).to_be_visible()
    check_accessibility(parent)

    parent.get_by_role("link", name="Tell us which school or college you prefer").click()
    expect(
        parent.get_by_role("heading", name="Tell us which school or college you prefer")
    ).to_be_visible()
    check_accessibility(parent)
    # The unhappy path: sending without choosing.
    parent.get_by_role("button", name="Send my preference").click()
    summary = parent.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).not_to_have_count(0)
    check_accessibility(parent)
    parent.get_by_label("The school or college you prefer").select_option(label=_label(school))
    parent.get_by_label("Why you prefer it (optional)").fill(PREFERENCE)
    parent.get_by_role("button", name="Send my preference").click()
    expect(parent.get_by_text("Your preference has been sent to your coordinator")).to_be_visible()
    expect(parent.get_by_text(school.name).first).to_be_visible()
    check_accessibility(parent)
    parent_context.close()

    # --- The coordinator sees the preference and consults the school.
    visit(page, f"/placements/cases/{case}/tailored-list/")
    expect(page.get_by_text(PRIORITIES)).to_be_visible()
    expect(page.get_by_text(f"{school.name}: {PREFERENCE}")).to_be_visible()
    page.get_by_role("link", name=f"Consult {school.name}").click()
    expect(page.get_by_role("heading", name="Consult a setting")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_label("Setting", exact=True)).to_have_value(str(school.pk))
    expect(page.get_by_label("The family asked for this setting")).to_be_checked()
    page.get_by_label("Message to the setting").fill("The family would like a place.")
    page.get_by_role("button", name="Send the consultation").click()
    expect(page.get_by_text(f"Consultation sent to {school.name}")).to_be_visible()
    check_accessibility(page)
    consultation = Consultation.objects.get(case=world.case, setting=school)

    # --- The SENCO answers: the school can meet the child's needs.
    senco_context, senco = _person(browser, live_server)
    sign_in(senco, world.setting_user)
    visit(senco, "/placements/consultations/")
    child = world.case.child.full_name
    senco.get_by_role("link", name=child).click()
    expect(senco.get_by_role("heading", name=f"Can you meet {child}'s needs?")).to_be_visible()
    check_accessibility(senco)
    senco.get_by_role("link", name="Answer the consultation").click()
    senco.wait_for_url(f"**/placements/consultations/{consultation.public_id}/answer/")
    check_accessibility(senco)
    senco.get_by_label("Can meet the child's needs").check()
    senco.get_by_label("Your reasons").fill("We have a quiet room and an autism-trained TA.")
    senco.get_by_role("button", name="Send answer").click()
    expect(senco.get_by_text("Your answer has been sent to the council")).to_be_visible()
    check_accessibility(senco)
    senco_context.close()

    # --- The coordinator names the school in the plan.
    visit(page, f"/placements/consultations/{consultation.public_id}/")
    expect(page.get_by_text("Can meet the child's needs")).to_be_visible()
    page.get_by_role("link", name="Decide whether to name the setting").click()
    page.wait_for_url(f"**/placements/consultations/{consultation.public_id}/decide/")
    check_accessibility(page)
    page.get_by_label("Name this setting in the plan").check()
    page.get_by_label("Pattern of attendance (optional)").fill("Full time")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    expect(page.get_by_text("Name this setting in the plan.")).to_be_visible()
    check_accessibility(page)

    # --- The plan now names the school in section I.
    visit(page, f"/ehcp/plans/{plan.public_id}/")
    placement = page.get_by_role("listitem").filter(has_text="I: placement")
    expect(placement).to_contain_text(school.name)
    visit(page, f"/ehcp/plans/{plan.public_id}/preview/")
    expect(page.get_by_text(school.name).first).to_be_visible()
    plan.refresh_from_db()
    assert plan.placement_setting == school
