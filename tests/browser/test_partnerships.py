"""The partnership board through the browser, as a SEND manager works it: set up the board, see
the membership gap, add members, schedule meetings, record attendance (and the quorum), a
decision and an action, write the Local Area Inclusion Plan, have the board approve it and
publish it; then the public sees the published plan and never a draft. axe on every page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from partnerships.models import PLAN_SECTIONS, InclusionPlan, Meeting, PlanVersion
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERM_START = date(2024, 1, 1)
MEMBERS = (
    # (full name, role on the board, organisation not in the list)
    ("Priya Shah", "Local authority SEND service", "Demo Borough Council SEND team"),
    ("Tom Okafor", "Health (integrated care board)", "Demo Integrated Care Board"),
    ("Jo Bell", "Parent carer forum", "Demo Parent Carer Forum"),
)
SECTION_TEXT = {
    heading: f"What we say about {heading.lower()}." for _f, heading, _h in PLAN_SECTIONS
}


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _member_row_label(name: str, role: str, organisation: str) -> str:
    return f"{name} ({role}, {organisation})"


def _add_member(page: Page, name: str, role: str, organisation: str) -> None:
    page.get_by_role("link", name="Add a member").click()
    expect(page.get_by_role("heading", name="Add a member")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Role on the board").select_option(label=role)
    page.get_by_label("Organisation, if not in the list").fill(organisation)
    type_date(page, "Start of term", TERM_START)
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text(f"{name} added to the board")).to_be_visible()
    expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    check_accessibility(page)


def test_manager_runs_the_board_and_publishes_the_inclusion_plan(
    page: Page, browser: Browser, live_server, world
):
    today = timezone.localdate()
    sign_in(page, world.manager)
    check_accessibility(page)

    # --- Set up the board: the Partnership link leads a manager of an LA without one to set-up.
    page.get_by_role("link", name="Partnership").first.click()
    page.wait_for_url("**/partnership/set-up/")
    expect(page.get_by_role("heading", name="Set up the partnership board")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Name of the board").fill("Demo SEND and AP Partnership Board")
    page.get_by_role("button", name="Set up the board").click()
    expect(page.get_by_role("heading", name="Demo SEND and AP Partnership Board")).to_be_visible()
    expect(page.get_by_text("Partnership board set up with the default membership")).to_be_visible()
    # Every required role is vacant: the board warns about the gap.
    warning = page.get_by_text("The board is missing 11 required roles")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Parent carer forum (vacant)")
    check_accessibility(page)

    # --- Configure the rules: a smaller quorum for this test's small board.
    page.get_by_role("link", name="Membership rules and quorum").click()
    expect(page.get_by_role("heading", name="Membership rules and quorum")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Quorum: fewest members present").fill("3")
    page.get_by_role("button", name="Save rules").click()
    expect(page.get_by_text("Board rules saved")).to_be_visible()
    expect(page.get_by_label("Quorum: fewest members present")).to_have_value("3")
    check_accessibility(page)
    page.get_by_role("link", name="Back to the board").click()

    # --- Members: the unhappy path first (an empty form), then the three quorum roles.
    page.get_by_role("link", name="Members", exact=True).click()
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()
    expect(page.get_by_text("The board has no members yet.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Add a member").click()
    type_date(page, "Start of term", ("", "", ""))
    page.get_by_role("button", name="Add member").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the member's name")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose the member's role")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the start of term")).to_be_visible()
    check_accessibility(page)
    # The summary's link takes the keyboard user to the field.
    summary.get_by_role("link", name="Enter the member's name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    page.get_by_role("link", name="Back to members").click()
    for name, role, organisation in MEMBERS:
        _add_member(page, name, role, organisation)

    page.get_by_role("link", name="Back to the board").click()
    warning = page.get_by_text("The board is missing 8 required roles")
    expect(warning).to_be_visible()
    expect(warning).not_to_contain_text("Parent carer forum")
    check_accessibility(page)

    # --- Schedule meetings, the first one four weeks ago so it can be held.
    page.get_by_role("link", name="Schedule meetings").click()
    expect(page.get_by_role("heading", name="Schedule meetings")).to_be_visible()
    check_accessibility(page)
    type_date(page, "Date of the first meeting", today - timedelta(weeks=4))
    page.get_by_label("How many meetings").fill("3")
    page.get_by_label("Weeks between meetings").fill("4")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Where").fill("Town hall, committee room 2")
    page.get_by_role("button", name="Schedule meetings").click()
    expect(page.get_by_text("3 meetings scheduled", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Meetings", exact=True)).to_be_visible()
    check_accessibility(page)

    first = Meeting.objects.order_by("meets_on").first()
    assert first is not None
    assert first.meets_on <= today
    page.get_by_role("link", name=_long(first.meets_on)).click()
    expect(
        page.get_by_role("heading", name=f"Board meeting, {_long(first.meets_on)}")
    ).to_be_visible()
    check_accessibility(page)

    # --- Attendance: without the parent carer forum the board is not quorate...
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", name="Record attendance")).to_be_visible()
    check_accessibility(page)
    forum = page.get_by_role("group", name=_member_row_label(*MEMBERS[2]))
    forum.get_by_label("Sent apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance recorded. Not quorate", exact=False)).to_be_visible()
    expect(
        page.get_by_text("The board cannot take decisions at this meeting", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Record a decision")).to_have_count(0)
    check_accessibility(page)

    # ... and once the attendance is corrected it is.
    page.get_by_role("link", name="Correct the attendance").click()
    check_accessibility(page)
    forum = page.get_by_role("group", name=_member_row_label(*MEMBERS[2]))
    forum.get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(
        page.get_by_text("Quorate: 3 members present (at least 3 needed).").first
    ).to_be_visible()
    expect(page.get_by_text("Quorate", exact=True)).to_be_visible()
    check_accessibility(page)

    # --- A decision.
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", name="Record a decision")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("What did the board decide?").fill("The board agreed its terms of reference.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    expect(page.get_by_text("The board agreed its terms of reference.")).to_be_visible()
    check_accessibility(page)

    # --- An action with an owner and a due date.
    due = today + timedelta(days=30)
    page.get_by_role("link", name="Add an action").click()
    expect(page.get_by_role("heading", name="Add an action")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Action", exact=True).fill("Map the alternative provision in the area")
    page.get_by_label("Owner").select_option(label=f"{MEMBERS[1][0]} ({MEMBERS[1][1]})")
    type_date(page, "Due date", due)
    page.get_by_label("How will the board know it has worked? (optional)").fill(
        "A published map of every AP place"
    )
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Map the alternative provision in the area")
    ).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Back to actions").click()
    expect(page.get_by_role("heading", name="Actions", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name="Map the alternative provision in the area")
    )
    expect(row).to_contain_text(MEMBERS[1][0])
    expect(row).to_contain_text(f"{due.day} {due:%b %Y}")
    check_accessibility(page)

    # --- The Local Area Inclusion Plan: start it and write the first draft.
    page.get_by_role("link", name="Back to the board").click()
    page.get_by_role("link", name="Local Area Inclusion Plan", exact=True).click()
    expect(page.get_by_role("heading", name="Local Area Inclusion Plan")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Start a plan").click()
    expect(page.get_by_role("heading", name="Start a Local Area Inclusion Plan")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Title").fill("Demo Local Area Inclusion Plan")
    type_date(page, "Start date", date(today.year, 9, 1))
    type_date(page, "End date", date(today.year + 3, 8, 31))
    page.get_by_role("button", name="Start plan").click()
    expect(page.get_by_text("Plan started: write the first draft")).to_be_visible()
    expect(page.get_by_role("heading", name="Demo Local Area Inclusion Plan")).to_be_visible()
    check_accessibility(page)
    plan = InclusionPlan.objects.get()

    # A plan action, listed in the plan's Actions section.
    page.get_by_role("link", name="Add a plan action").click()
    check_accessibility(page)
    page.get_by_label("Action", exact=True).fill("Open two more resourced provision bases")
    page.get_by_label("Owner").select_option(label=f"{MEMBERS[0][0]} ({MEMBERS[0][1]})")
    type_date(page, "Due date", today + timedelta(days=365))
    page.get_by_label("Inclusion plan action").select_option(label="Demo Local Area Inclusion Plan")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Demo Local Area Inclusion Plan").click()

    page.get_by_role("link", name="Edit the draft").click()
    expect(page.get_by_role("heading", name="Edit the draft")).to_be_visible()
    check_accessibility(page)
    for heading, text in SECTION_TEXT.items():
        page.get_by_label(heading, exact=True).fill(text)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    expect(page.get_by_text("This is a draft", exact=False)).to_be_visible()
    for text in SECTION_TEXT.values():
        expect(page.get_by_text(text)).to_be_visible()
    check_accessibility(page)

    # --- The board approves it: the meeting must be chosen (unhappy path), then it is recorded.
    # A board approves only a version it had before it: this draft stands for the one the
    # board read at its meeting four weeks ago (the service refuses a meeting held earlier).
    PlanVersion.objects.update(
        updated_at=timezone.make_aware(datetime.combine(first.meets_on, time(8, 0)))
    )
    page.get_by_role("button", name="Record approval").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose the meeting")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Meeting at which the board approved it").select_option(
        label=f"{first.meets_on.day} {first.meets_on:%B %Y}"
    )
    page.get_by_role("button", name="Record approval").click()
    expect(page.get_by_text("Approval by the board recorded")).to_be_visible()
    expect(page.get_by_text("The board approved this version", exact=False)).to_be_visible()
    check_accessibility(page)

    # --- Publish.
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published", exact=True).first).to_be_visible()
    expect(page.get_by_text("This version is published", exact=False)).to_be_visible()
    check_accessibility(page)

    # The approval is a decision recorded at the meeting.
    visit(page, f"/partnership/meetings/{first.public_id}/")
    expect(
        page.get_by_text("The board approved Demo Local Area Inclusion Plan, version 1.")
    ).to_be_visible()

    # --- Start version 2: a draft the public must never see.
    visit(page, f"/partnership/plans/{plan.public_id}/")
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_text("Version 2 started as a draft")).to_be_visible()
    expect(page.get_by_role("heading", name="Edit the draft")).to_be_visible()
    check_accessibility(page)
    draft_url = page.url

    # --- Signed out: the public sees the published plan, never the draft.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 800}, bypass_csp=True
    )
    try:
        public = context.new_page()
        public.set_default_timeout(15000)
        visit(public, "/partnership/published/")
        expect(public.get_by_role("heading", name="Local Area Inclusion Plans")).to_be_visible()
        public.get_by_role("link", name="Demo Local Area Inclusion Plan").click()
        expect(
            public.get_by_role("heading", name="Demo Local Area Inclusion Plan", level=1)
        ).to_be_visible()
        expect(public.get_by_text("1 (published)")).to_be_visible()
        for heading, text in SECTION_TEXT.items():
            expect(public.get_by_role("heading", name=heading, exact=False).first).to_be_visible()
            expect(public.get_by_text(text)).to_be_visible()
        expect(public.get_by_text("Open two more resourced provision bases").first).to_be_visible()
        expect(public.get_by_role("link", name="Download this plan as a PDF")).to_be_visible()
        check_accessibility(public)

        response = public.goto(f"/partnership/published/{plan.public_id}/versions/2/")
        assert response is not None
        assert response.status == 404
        expect(public.get_by_text(SECTION_TEXT["Priorities"])).to_have_count(0)
        check_accessibility(public)

        # The staff page of the draft asks for sign-in and shows nothing of the plan.
        public.goto(draft_url)
        assert "/sign-in/" in public.url
        expect(public.get_by_text(SECTION_TEXT["Priorities"])).to_have_count(0)
    finally:
        context.close()
