"""An administrator invites a member of staff and deactivates an account in the browser, with
axe on every page and no sideways scrolling on a 320px-wide screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sendcpp.models import User
from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1024, "height": 800})
    assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px)"


def test_administrator_invites_and_deactivates_staff(page: Page, world):
    sign_in(page, world.administrator)
    page.get_by_role("link", name="Staff accounts").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)

    page.get_by_role("button", name="Invite a member of staff").click()
    expect(page.get_by_role("heading", name="Invite a member of staff")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Work email address").fill("priya.shah@council.example")
    page.get_by_label("Username").fill("pshah")
    page.get_by_label("EHCP coordinator").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="Priya Shah")).to_be_visible()
    expect(page.get_by_text("has been sent a link to set their password")).to_be_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)
    assert not User.objects.get(username="pshah").has_usable_password()

    visit(page, f"/users/{world.teammate.public_id}/")
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.get_by_text("Account deactivated")).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate account")).to_be_visible()
    check_accessibility(page)
    world.teammate.refresh_from_db()
    assert not world.teammate.is_active
    visit(page, "/users/")
    expect(page.get_by_role("cell", name="Deactivated", exact=True).first).to_be_visible()
