"""A multi-agency panel through the browser, as a SEND manager chairs it: set up the
assessment-request panel, add its members, schedule a meeting for today, build the agenda from
the cases waiting for a decision (with their statutory deadline), record attendance and see the
quorum check (first without a quorum, then with one), start the meeting, record the decision to
assess with reasons (after an empty submission shows the error summary), see the decision letter
and the case moved on to the needs assessment. axe on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ehcp import services as ehcp_services
from panels.models import AgendaItem, DecisionKind, MemberRole, PanelDecision
from sendcpp.models import Deadline, StaffProfile, Stage
from sendcpp.tests.factories import StaffFactory
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL_NAME = "Assessment-request panel"
#: (first name, last name, role on the panel): the other agencies the quorum needs.
MEMBERS = (
    ("Ada", "Osei", MemberRole.EDUCATIONAL_PSYCHOLOGIST),
    ("Ben", "Harper", MemberRole.HEALTH),
    ("Cara", "Lloyd", MemberRole.SOCIAL_CARE),
)
REASONS = "The school's evidence shows needs that it cannot meet from its own resources."


@pytest.fixture
def panel_world(world):
    """The world's case with its request for an assessment recorded four weeks ago (so it waits
    for the panel with a statutory deadline), and three LA staff with the panel member role."""
    ehcp_services.record_request(
        world.case,
        source="parent",
        received_on=timezone.localdate() - timedelta(weeks=4),
        by=world.coordinator,
    )
    world.case.refresh_from_db()
    world.panel_people = [
        StaffFactory(
            organisation=world.la,
            profile__role=StaffProfile.Role.PANEL_MEMBER,
            first_name=first,
            last_name=last,
            username=f"{first.lower()}_{last.lower()}",
        )
        for first, last, _role in MEMBERS
    ]
    return world


def _add_member(page: Page, name: str, role: str, *, chair: bool = False) -> None:
    page.get_by_role("link", name="Add a member").click()
    expect(page.get_by_role("heading", name=f"Add a member to the {PANEL_NAME}")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Person").select_option(label=name)
    page.get_by_label("Their role on the panel").select_option(label=role)
    if chair:
        page.get_by_label("Make them the chair").check()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Member added")).to_be_visible()
    expect(page.get_by_role("cell", name=name, exact=False).first).to_be_visible()
    check_accessibility(page)


def _record_attendance(page: Page, present: list[str]) -> None:
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", name="Who is at the meeting")).to_be_visible()
    check_accessibility(page)
    boxes = page.get_by_role("checkbox")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        box.set_checked(any(label.startswith(name) for name in present))
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance recorded", exact=True)).to_be_visible()
    check_accessibility(page)


def test_chair_runs_a_panel_meeting_from_waiting_cases_to_letters(page: Page, panel_world):
    world = panel_world
    case = world.case
    today = timezone.localdate()
    open_deadlines = Deadline.objects.filter(
        case=case, met_on__isnull=True, cancelled_on__isnull=True
    ).order_by("due_on", "id")
    # The waiting list shows the most urgent deadline; the agenda the one for this decision.
    soonest = open_deadlines.first()
    deadline = open_deadlines.get(rule="assessment_decision")
    sign_in(page, world.manager)
    check_accessibility(page)

    # --- Set up the panel: the empty form first shows the error summary.
    page.get_by_role("link", name="Panels", exact=True).click()
    expect(page.get_by_role("heading", name="Multi-agency panels")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Set up a panel").click()
    expect(page.get_by_role("heading", name="Set up a panel")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Days before each meeting that members get the case papers").fill("")
    page.get_by_role("button", name="Set up panel").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the panel's name")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose what the panel decides")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter a number of days from 0 to 28")).to_be_visible()
    check_accessibility(page)
    summary.get_by_role("link", name="Enter the panel's name").click()
    expect(page.get_by_label("Name of the panel")).to_be_focused()
    page.get_by_label("Name of the panel").fill(PANEL_NAME)
    page.get_by_label("Assessment-request panel").check()
    page.get_by_label("Days before each meeting that members get the case papers").fill("0")
    page.get_by_role("button", name="Set up panel").click()
    expect(page.get_by_role("heading", name=PANEL_NAME, exact=True)).to_be_visible()
    expect(page.get_by_text("Panel set up: now add its members")).to_be_visible()
    expect(page.get_by_text("No members yet.")).to_be_visible()
    check_accessibility(page)

    # --- Members: the manager chairs for education; the other agencies sit with them.
    _add_member(page, world.manager.display_name, MemberRole.EDUCATION.label, chair=True)
    for person, (_first, _last, role) in zip(world.panel_people, MEMBERS, strict=True):
        _add_member(page, person.display_name, role.label)
    members = page.get_by_role("table", name="Members of the panel")
    expect(members.get_by_role("row")).to_have_count(5)
    expect(members.locator("strong.govuk-tag")).to_have_count(1)
    chair_row = members.get_by_role("row").filter(has=page.locator("strong.govuk-tag"))
    expect(chair_row).to_contain_text(world.manager.display_name)

    # --- Schedule a meeting today, so that it can start.
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(
        page.get_by_role("heading", name=f"Schedule a meeting of the {PANEL_NAME}")
    ).to_be_visible()
    check_accessibility(page)
    type_date(page, "Date of the meeting", today)
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("Where (optional)").fill("Room 2, Civic Centre")
    page.get_by_role("button", name="Schedule meeting").click()
    long_day = f"{today:%A} {today.day} {today:%B %Y}"
    expect(page.get_by_role("heading", name=f"Meeting on {long_day}")).to_be_visible()
    expect(page.get_by_text("Meeting scheduled: now add cases to the agenda")).to_be_visible()
    expect(page.get_by_text("No cases on the agenda")).to_be_visible()
    check_accessibility(page)

    # --- The agenda, from the cases waiting for a decision whether to assess.
    page.get_by_role("link", name="Add cases to the agenda").click()
    expect(page.get_by_role("heading", name="Add cases to the agenda")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Add to the agenda").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Choose at least one case")).to_be_visible()
    check_accessibility(page)
    waiting = page.get_by_label(f"{case.reference}: {case.child.full_name}", exact=False)
    expect(waiting).to_have_count(1)
    due = f"due {soonest.due_on.day} {soonest.due_on:%b %Y}"
    expect(page.get_by_text(due)).to_be_visible()
    waiting.check()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text("1 case added to the agenda")).to_be_visible()
    agenda = page.get_by_role("table", name="Agenda")
    expect(agenda.get_by_role("link", name=case.child.full_name)).to_be_visible()
    expect(agenda).to_contain_text(case.reference)
    expect(agenda).to_contain_text(f"({deadline.due_on.day} {deadline.due_on:%b %Y})")
    check_accessibility(page)
    assert AgendaItem.objects.filter(case=case).count() == 1

    # --- Attendance: without health the quorum check warns...
    everyone = [world.manager.display_name] + [p.display_name for p in world.panel_people]
    health = world.panel_people[1].display_name
    _record_attendance(page, [name for name in everyone if name != health])
    expect(page.get_by_text("the panel is not quorate", exact=False)).to_be_visible()
    expect(page.get_by_text(MemberRole.HEALTH.label, exact=False).first).to_be_visible()
    # ...and with everyone there the panel is quorate.
    _record_attendance(page, everyone)
    quorate = page.locator(".govuk-inset-text").filter(has_text="Quorum check:")
    expect(quorate).to_contain_text("with the attendance recorded, the panel is quorate")
    expect(page.get_by_text("4 voting members counted", exact=False)).to_be_visible()

    # --- Start the meeting: the chair lands on the decision screen for the first item.
    page.get_by_role("button", name="Start the meeting").click()
    expect(page.get_by_text("Meeting started: the panel is quorate")).to_be_visible()
    expect(page.get_by_role("heading", name=case.child.full_name, level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Agenda")).to_be_visible()
    expect(page.get_by_role("button", name="Record decision and send letter")).to_be_visible()
    check_accessibility(page)

    # An empty decision shows the error summary, whose links lead to the fields.
    page.get_by_role("button", name="Record decision and send letter").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose the panel's decision")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the reasons for the decision")).to_be_visible()
    check_accessibility(page)
    summary.get_by_role("link", name="Enter the reasons for the decision").click()
    expect(page.get_by_label("Reasons", exact=True)).to_be_focused()
    assert not PanelDecision.objects.exists()

    page.get_by_label("Carry out an EHC needs assessment").check()
    page.get_by_label("Reasons", exact=True).fill(REASONS)
    page.get_by_role("button", name="Record decision and send letter").click()
    # Every item decided: back on the meeting page, with the decision linked.
    expect(page.get_by_text(f"Decision recorded for {case.reference}: letter sent")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Meeting on {long_day}")).to_be_visible()
    check_accessibility(page)

    # --- The decision: reasons, the letter to the family, and the case moved on.
    page.get_by_role("link", name=f"Decision on {case.reference}").click()
    expect(
        page.get_by_role("heading", name=f"{DecisionKind.ASSESS.label}: {case.child.full_name}")
    ).to_be_visible()
    expect(page.get_by_text("Carry out an EHC needs assessment", exact=True)).to_be_visible()
    expect(page.get_by_text(REASONS)).to_be_visible()
    expect(page.get_by_text("now at “Needs assessment”", exact=False)).to_be_visible()
    letter = page.get_by_role("link", name="Download the letter sent to the family")
    expect(letter).to_be_visible()
    check_accessibility(page)
    decision = PanelDecision.objects.get()
    assert decision.letter is not None
    assert decision.is_quorate
    href = letter.get_attribute("href")
    assert href
    assert str(decision.letter.public_id) in href
    letter_response = page.request.get(href)
    assert letter_response.status == 200

    # --- The case page shows the new stage.
    visit(page, f"/cases/{case.public_id}/")
    expect(page.get_by_role("heading", name=case.child.full_name)).to_be_visible()
    stage_row = page.locator(".govuk-summary-list__row").filter(has_text="Stage")
    expect(stage_row.first).to_contain_text(Stage.ASSESSMENT.label)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT
