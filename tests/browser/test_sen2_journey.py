"""A SEND manager puts a child's record right for the SEN2 return: the check names the child and
links to the field; the manager records the ethnicity and the UPN, checks again (the problems
are counted as put right), keeps the return as submitted and downloads it. axe on every page,
and no page scrolls sideways at 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.models import SubmittedReturn
from sendcpp.identifiers import upn_check_letter
from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2027  # activity in 2026, when the world's request was received
UPN_BODY = "801200000011"


def _fits_320(page: Page) -> None:
    width = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    if width:
        page.set_viewport_size(width)


def test_a_manager_fixes_a_child_checks_again_freezes_and_downloads(page: Page, world):
    child = world.case.child
    name = child.full_name
    sign_in(page, world.manager)
    visit(page, f"/dashboard/sen2/?year={YEAR}")
    _fits_320(page)
    expect(page.get_by_role("heading", name=f"Return for January {YEAR}")).to_be_visible()
    table = page.get_by_role("region", name="Checks the return fails")
    expect(table).to_contain_text(name)
    table.focus()  # the wide table scrolls by keyboard in its own region
    expect(table).to_be_focused()

    # The UPN problem links straight to the field on the child's record.
    table.get_by_role("link", name=f"Put right UPN for {name}").click()
    page.wait_for_url(f"**/children/{child.public_id}/change/#id_upn")
    expect(page.get_by_label("Unique pupil number (UPN) (optional)")).to_be_in_viewport()
    check_accessibility(page)
    _fits_320(page)
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("B" + UPN_BODY)
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Unique pupil number (UPN) (optional)").fill(
        upn_check_letter(UPN_BODY) + UPN_BODY
    )
    page.get_by_role("button", name="Save the details").click()
    # (The browser keeps the #id_upn of the page it came from across the redirect.)
    page.wait_for_url(re.compile(rf"/children/{child.public_id}/(#id_upn)?$"))
    expect(page.get_by_text("Child's details saved")).to_be_visible()
    expect(page.get_by_text("White - British")).to_be_visible()
    check_accessibility(page)
    _fits_320(page)

    # Checking again counts what was put right.
    visit(page, f"/dashboard/sen2/?year={YEAR}")
    fixed = page.locator(".govuk-summary-list__row", has_text="Put right since the last check")
    expect(fixed.locator("dd")).to_have_text("2")
    expect(page.get_by_role("link", name=f"Put right UPN for {name}")).to_have_count(0)

    # Keep the return as submitted, then download the submitted copy.
    page.get_by_role("button", name="Keep this return as submitted").click()
    expect(page.get_by_text(f"The return for January {YEAR} is kept as submitted")).to_be_visible()
    check_accessibility(page)
    _fits_320(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download the submitted return for January {YEAR}").click()
    body = download.value.path().read_text(encoding="utf-8")
    assert body == SubmittedReturn.objects.get(year=YEAR).xml
    assert upn_check_letter(UPN_BODY) + UPN_BODY in body
    assert "<Ethnicity>WBRI</Ethnicity>" in body
