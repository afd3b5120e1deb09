"""A PDF that could not be prepared, through the browser: the family sees that it could not be
prepared and has no button; the coordinator sees it, tries again, and gets the PDF. axe on every
state, and no sideways scroll at 320px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from ehcp.tests.factories import final_issued
from sendcpp import pdf
from sendcpp.models import Document
from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px"
    page.set_viewport_size({"width": 1024, "height": 800})


def test_a_pdf_that_could_not_be_prepared_is_shown_and_staff_try_again(
    page: Page, browser: Browser, live_server, world, monkeypatch
):
    def broken(spec):
        raise RuntimeError("the renderer fell over")

    # The live server runs in this process: every render fails until the patch is undone.
    monkeypatch.setattr(pdf, "render_pdf", broken)
    final = final_issued(world.case, world.coordinator, setting=world.school)
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.FAILED
    url = f"/ehcp/versions/{final.public_id}/"

    family = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    try:
        sign_in(family, world.family)
        visit(family, url)
        expect(family.get_by_text("Could not be prepared")).to_be_visible()
        expect(family.get_by_role("button", name="Try again to prepare the PDF")).to_have_count(0)
        _no_sideways_scroll(family)
    finally:
        family.context.close()

    sign_in(page, world.coordinator)
    visit(page, url)
    expect(page.get_by_text("Could not be prepared")).to_be_visible()
    _no_sideways_scroll(page)
    monkeypatch.undo()
    page.get_by_role("button", name="Try again to prepare the PDF", exact=False).click()
    expect(page.get_by_text("Preparing the PDF again", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF", exact=False)).to_be_visible()
    check_accessibility(page)
    final.document.refresh_from_db()
    assert final.document.status == Document.Status.READY
