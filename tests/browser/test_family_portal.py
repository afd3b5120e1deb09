"""The family portal on a 375 px phone, as a parent uses it: sign in, read where things are and
only future next steps, send the child's views with a drawing, comment on section F of the draft,
choose a school on the tailored list and see that choice on the draft-plan response; the
coordinator sees the same choice on the plan and in the consultation step; the parent sends a
message and reads the coordinator's reply; the parent downloads the letter about the plan (a PDF)
from the case page. axe (all rules) on every page, and no page scrolls sideways at 320 px."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from ehcp.models import DraftComment, FamilyView
from ehcp.tests.factories import draft_issued
from letters.models import Letter
from placements import services as placement_services
from placements.tests.conftest import (
    directory,  # noqa: F401 (the fixture, used by name)
    next_september,
)
from sendcpp import clock
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _check(page: Page) -> None:
    """axe on the page at 375 px, then no sideways scroll at 320 px."""
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px wide)"
    page.set_viewport_size({"width": 375, "height": 800})


def _go(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status < 400, f"{path} answered {response.status}"
    _check(page)


def _phone(browser: Browser, live_server) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_a_parent_on_a_phone_and_the_coordinator(
    browser: Browser,
    live_server,
    world,
    directory,  # noqa: F811 (the fixture imported above)
):
    today = timezone.localdate()
    version = draft_issued(world.case, world.coordinator, served_on=today)
    plan = version.plan.public_id
    tailored = placement_services.start_tailored_list(
        world.case, starts_on=next_september(), by=world.coordinator
    )
    special = directory.special.organisation
    placement_services.add_to_list(tailored, setting=special, by=world.coordinator)
    placement_services.publish_tailored_list(tailored, by=world.coordinator)
    # A family's appeal window that closed long ago must not read as a next step.
    closed = clock.start_deadline(
        world.case,
        rule="appeal",
        by=None,
        decision_sent_on=date(2026, 1, 5),
        certificate_issued_on=None,
    )
    assert closed.due_on < today
    gone = f"{closed.due_on.day} {closed.due_on:%B %Y}"
    case = world.case.public_id

    parent = _phone(browser, live_server)
    sign_in(parent, world.family)
    _check(parent)
    _go(parent, f"/cases/{case}/")
    expect(parent.get_by_role("heading", name="Where things are")).to_be_visible()
    account = " ".join(parent.locator("main .app-account").all_inner_texts())
    assert gone not in account  # a closed window is no next step and no choice
    assert "You can appeal" not in account
    assert "You can comment on the draft plan" in account  # the open window, as a choice
    assert "The council" in parent.locator("main .app-account").first.inner_text()

    # The letter telling the family we will write a plan, kept on the case as a PDF to download.
    letter = Letter.objects.get(case=world.case, kind="decision_issue")
    href = reverse("sendcpp:document-download", args=[letter.document.public_id])
    link = parent.locator(f"main a[href='{href}']")
    expect(link).to_be_visible()
    with parent.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    _check(parent)

    # The child's views, with a drawing.
    _go(parent, f"/ehcp/cases/{case}/views/new/")
    parent.get_by_label("The child's or young person's own views").check()
    parent.get_by_label("Views", exact=True).fill("She loves drawing horses.")
    parent.locator('input[type="file"]').set_input_files(
        files=[{"name": "horse.png", "mimeType": "image/png", "buffer": PNG}]
    )
    parent.get_by_role("button", name="Send your views").click()
    expect(parent.get_by_text("Your views have been sent to your coordinator")).to_be_visible()
    _check(parent)
    assert FamilyView.objects.get().attachments.count() == 1

    # A comment on section F of one area.
    _go(parent, f"/ehcp/plans/{plan}/respond/comment/")
    parent.get_by_label("Which part of the plan is your comment about?").select_option(
        value="F_communication"
    )
    parent.get_by_role("textbox", name="Your comment").fill("Please add speech therapy every week.")
    parent.get_by_role("button", name="Send your comment").click()
    expect(parent.get_by_text("Your comment has been sent to your coordinator")).to_be_visible()
    _check(parent)
    assert DraftComment.objects.get().section == "F_communication"

    # The school, chosen once on the tailored list ...
    _go(parent, f"/placements/cases/{case}/tailored-list/preference/")
    parent.get_by_label("The school or college you prefer").select_option(
        label=f"{special.name} ({special.postcode})" if special.postcode else special.name
    )
    parent.get_by_role("button", name="Send my preference").click()
    _check(parent)
    # ... is the answer on the draft-plan response.
    _go(parent, f"/ehcp/plans/{plan}/respond/")
    expect(parent.locator("main").get_by_text(special.name).first).to_be_visible()

    # A message to the coordinator.
    _go(parent, f"/conversations/cases/{case}/")
    parent.get_by_label("Your message").fill("Can we talk about the draft plan?")
    parent.get_by_role("button", name="Send message").click()
    expect(parent.get_by_text("Your message has been sent.")).to_be_visible()
    _check(parent)

    # The coordinator sees the same choice on the plan and in the consultation step, and replies.
    coordinator = _phone(browser, live_server)
    sign_in(coordinator, world.coordinator)
    _go(coordinator, f"/ehcp/plans/{plan}/")
    expect(coordinator.get_by_text(f"Family's preference: {special.name}")).to_be_visible()
    _go(coordinator, f"/placements/cases/{case}/consultations/new/")
    expect(coordinator.get_by_text(f"Family's preference: {special.name}")).to_be_visible()
    _go(coordinator, f"/conversations/cases/{case}/")
    expect(coordinator.get_by_text("The family is waiting for a reply.")).to_be_visible()
    coordinator.get_by_label("Your message").fill("Yes. I will call you on Thursday.")
    coordinator.get_by_role("button", name="Send message").click()
    expect(coordinator.get_by_text("Your message has been sent.")).to_be_visible()

    _go(parent, f"/conversations/cases/{case}/")
    expect(parent.get_by_text("Yes. I will call you on Thursday.")).to_be_visible()
    for path in (
        "/",
        f"/ehcp/cases/{case}/journey/",
        f"/placements/cases/{case}/tailored-list/",
        f"/cases/{case}/who-has-looked/",
        "/how-we-contact-you/",
    ):
        _go(parent, path)
