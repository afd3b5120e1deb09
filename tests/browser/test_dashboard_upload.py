"""A SEND manager loads a release of published statistics in the browser: a bad file is
refused with the GOV.UK error summary naming file, row and column, then the good release loads.
axe on every page, and no sideways scroll at 320px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.models import Dataset
from dashboard.tests.factories import assessments_csv, newplans_csv
from tests.browser.conftest import check_accessibility, sign_in, type_date, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csv(name: str, data: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": "text/csv", "buffer": data}


def _no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_manager_loads_a_release_after_fixing_a_bad_file(page: Page, world):
    sign_in(page, world.manager)
    visit(page, "/dashboard/sen2/")
    page.get_by_role("link", name="load a new release of published statistics").click()
    expect(page.get_by_role("heading", level=1, name="Load published statistics")).to_be_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)

    broken = assessments_csv({"2024": ["100000", "lots", "90", "10000", "10"]})
    page.get_by_label("Upload the release's CSV files").set_input_files(
        [_csv("newplans.csv", newplans_csv()), _csv("assessments.csv", broken)]
    )
    page.get_by_label("Reporting year of the release").fill("2025")
    type_date(page, "Date the release was published", ("26", "6", "2025"))
    page.get_by_role("button", name="Check and load the release").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("assessments.csv: Row 2, column assess_issued")
    check_accessibility(page)
    _no_sideways_scroll(page)
    assert not Dataset.objects.exists()

    page.get_by_label("Upload the release's CSV files").set_input_files(
        [_csv("newplans.csv", newplans_csv()), _csv("assessments.csv", assessments_csv())]
    )
    page.get_by_role("button", name="Check and load the release").click()
    expect(page.get_by_role("heading", name="Loaded the 2025 release")).to_be_visible()
    expect(page.get_by_text("newplans: 6 figures (1 of 2)")).to_be_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)
    assert Dataset.objects.count() == 2
