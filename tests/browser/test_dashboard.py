"""The public dashboard in the browser, with no sign-in: England, a region, a local authority,
the area chooser by keyboard, a table's downloads and a missing area; then a SEND manager
checks the SEN2 return. The extract shipped in dashboard/data/ is loaded; axe on every page."""

from __future__ import annotations

import csv
import io
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SWINDON = "E06000030"
SOUTH_WEST = "E12000009"


@pytest.fixture
def shipped_statistics():
    """The published extract that ships with the project (dashboard/data/), and no cached
    page fragments from anything loaded before."""
    call_command("load_published_statistics", stdout=StringIO())
    cache.clear()
    yield
    cache.clear()


def test_the_public_dashboard_from_england_to_an_authority_its_downloads_and_the_chooser(
    page: Page, shipped_statistics
):
    visit(page, "/dashboard/")
    expect(page.get_by_role("heading", level=1, name="England")).to_be_visible()
    expect(page.get_by_text("638,745").first).to_be_visible()  # EHC plans, January 2025

    # England lists the regions; a region lists its authorities.
    page.get_by_role("heading", level=3, name="South West").get_by_role("link").click()
    page.wait_for_url(f"**/dashboard/areas/{SOUTH_WEST}/")
    expect(page.get_by_role("heading", level=1, name="South West")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Swindon", exact=True).click()
    page.wait_for_url(f"**/dashboard/areas/{SWINDON}/")
    check_accessibility(page)

    expect(page.get_by_role("heading", level=1, name="Swindon")).to_be_visible()
    expect(page.get_by_text("Local authority in South West")).to_be_visible()
    plans = page.locator("table").get_by_role("row", name="EHC plans at the January census")
    expect(plans.first).to_contain_text("2,772")  # Swindon
    expect(plans.first).to_contain_text("62,875")  # South West
    expect(plans.first).to_contain_text("638,745")  # England

    # Each chart is an image named by its title and description, with its figures in a table.
    charts = page.locator("svg[role='img']")
    assert charts.count() > 0, "no charts on the authority's page"
    chart = charts.first
    title = (chart.locator("title").text_content() or "").strip()
    description = (chart.locator("desc").text_content() or "").strip()
    assert title, "the first chart has no title"
    assert description, "the first chart has no description"
    expect(page.get_by_role("img", name=title).first).to_be_visible()
    heading = (chart.locator("xpath=preceding-sibling::h3[1]").text_content() or "").strip()
    assert heading
    assert heading in title, (heading, title)
    # The table sits in its scrolling region, the element right after the chart.
    beside = chart.locator("xpath=following-sibling::*[1]").locator("table")
    expect(beside.locator("caption")).to_have_text(f"The figures in the chart: {heading}")
    assert beside.locator("tbody tr").count() > 0

    # The headline table, downloaded as CSV through its link, and as JSON.
    with page.expect_download() as download_info:
        page.locator(f"a[href='/dashboard/areas/{SWINDON}/tables/headline.csv']").click()
    download = download_info.value
    assert download.suggested_filename == f"{SWINDON}-headline.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Measure", "Period", "Swindon", "South West", "England"]
    assert rows[1] == ["EHC plans at the January census", "202425", "2772", "62875", "638745"]
    response = page.request.get(f"/dashboard/areas/{SWINDON}/tables/headline.csv")
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"

    json_link = page.locator(f"a[href='/dashboard/areas/{SWINDON}/tables/headline.json']")
    expect(json_link).to_have_accessible_name(re.compile(r"^JSON\s+file of Latest published"))
    response = page.request.get(json_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert f'filename="{SWINDON}-headline.json"' in response.headers["content-disposition"]
    body = json.loads(response.text())
    assert body["area"] == {"code": SWINDON, "name": "Swindon", "level": "Local authority"}
    assert "2772" in json.dumps(body)

    # The area chooser, by keyboard alone: back to England from Swindon's page.
    chooser = page.get_by_label("Choose an area")
    expect(chooser).to_have_value(SWINDON)
    chooser.focus()
    expect(chooser).to_be_focused()
    page.keyboard.type("England")
    expect(chooser).to_have_value("E92000001")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show figures")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", level=1, name="England")).to_be_visible()
    check_accessibility(page)

    # The chooser's address works without JavaScript (redirects only: no page to check).
    for chosen, destination in [
        (SOUTH_WEST, f"/dashboard/areas/{SOUTH_WEST}/"),
        ("nope", "/dashboard/"),
    ]:
        response = page.request.get(f"/dashboard/areas/?area={chosen}", max_redirects=0)
        assert response.status == 302, (chosen, response.status)
        assert response.headers["location"] == destination

    response = page.goto("/dashboard/areas/E06999999/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)


def test_a_manager_checks_the_sen2_return(page: Page, world):
    year = timezone.localdate().year
    sign_in(page, world.manager)
    visit(page, "/dashboard/sen2/")
    expect(page.get_by_role("heading", level=1, name="SEN2 return")).to_be_visible()
    page.get_by_label("Census year").select_option(str(year))
    page.get_by_role("button", name="Check the return").click()
    expect(page.get_by_role("heading", name=f"Return for January {year}")).to_be_visible()
    expect(page.get_by_text("Cases failing a check")).to_be_visible()
    expect(page.get_by_role("link", name=f"Download the return for January {year}")).to_be_visible()
    check_accessibility(page)
    visit(page, "/dashboard/sen2/?year=1900")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
