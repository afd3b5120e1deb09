"""The public dashboard pages and their downloads, with the published 2025 figures loaded."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from dashboard.datasets import shipped_extract
from dashboard.models import Dataset
from dashboard.tests.factories import truncate_statistics
from dashboard.tests.markup import check_markup
from sendcpp.models import Organisation, Stage
from sendcpp.tests.factories import CaseFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("shipped-statistics")]

SWINDON = "E06000030"
SOUTH_WEST = "E12000009"


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The extract that ships with the project, loaded once for this module."""
    with django_db_blocker.unblock():
        call_command("load_published_statistics", stdout=StringIO())
        yield shipped_extract()
        truncate_statistics()


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_the_england_page_is_public_and_shows_the_published_figures(client):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert '<h1 class="govuk-heading-xl">England</h1>' in html
    assert "638,745" in html  # EHC plans, January 2025
    assert "154,489" in html  # requests, 2024
    assert "46.4%" in html  # 20 weeks, 2024, excluding exceptions
    assert "45.9%" in html  # and including them
    assert reverse("dashboard:area", args=[SOUTH_WEST]) in html
    assert 'role="img"' in html


def test_a_local_authority_page_compares_with_its_region_and_england(client):
    response = client.get(reverse("dashboard:area", args=[SWINDON]))
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert "Local authority in South West" in html
    for figure in ("2,772", "62,875", "638,745"):  # EHC plans: Swindon, South West, England
        assert figure in html
    assert "49.4%" in html  # Swindon's new plans within 20 weeks, 2024
    assert "No statistical neighbour data is loaded" in html
    # The tribunal appeal rate is not published for regions: a symbol, never a zero.
    headline = response.context["page"].table("headline")
    appeal = next(row for row in headline.rows if row[0].text.startswith("Tribunal"))
    assert [cell.text for cell in appeal[2:]] == ["3.0%", "x", "3.2%"]
    assert "(not available)" in html


def test_a_region_page_lists_its_authorities(client):
    response = client.get(reverse("dashboard:area", args=[SOUTH_WEST]))
    html = response.content.decode()
    check_markup(html)
    assert response.context["region_links"].region.name == "South West"
    assert reverse("dashboard:area", args=[SWINDON]) in html


def test_an_authority_that_changed_code_keeps_its_trend(client):
    # Buckinghamshire published as E06000060 in 2021 to 2023 and as E10000002 before and after.
    response = client.get(reverse("dashboard:area", args=["E10000002"]))
    trend = response.context["page"].table("plans-trend")
    assert len(trend.rows) == 7
    assert all(row[1].symbol == "" for row in trend.rows)


def test_an_unknown_area_is_not_found(client):
    assert client.get(reverse("dashboard:area", args=["E06999999"])).status_code == 404


def test_the_england_area_page_is_the_index(client):
    response = client.get(reverse("dashboard:area", args=["E92000001"]))
    assert response["Location"] == reverse("dashboard:index")


@pytest.mark.parametrize(
    ("chosen", "destination"),
    [
        (SWINDON, f"/dashboard/areas/{SWINDON}/"),
        ("E92000001", "/dashboard/"),
        ("nope", "/dashboard/"),
    ],
)
def test_the_area_chooser_works_without_javascript(client, chosen, destination):
    response = client.get(reverse("dashboard:area-choose"), {"area": chosen})
    assert response.status_code == 302
    assert response["Location"] == destination


def test_a_table_downloads_as_csv_with_exactly_the_figures_shown(client):
    response = client.get(reverse("dashboard:area-table", args=[SWINDON, "headline", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="E06000030-headline.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Measure", "Period", "Swindon", "South West", "England"]
    assert rows[1] == ["EHC plans at the January census", "202425", "2772", "62875", "638745"]
    assert ["Tribunal appeal rate (%)", "2024", "3", "x", "3.2"] in rows


def test_every_table_on_a_page_downloads_as_json(client):
    page = client.get(reverse("dashboard:area", args=[SWINDON])).context["page"]
    keys = [table.key for section in page.sections for table in section.tables]
    assert len(keys) >= 12
    for key in keys:
        response = client.get(reverse("dashboard:area-table", args=[SWINDON, key, "json"]))
        body = json.loads(response.content)
        assert body["key"] == key
        assert body["area"] == {"code": SWINDON, "name": "Swindon", "level": "Local authority"}
        assert body["rows"] == [[c.value for c in row] for row in page.table(key).rows]


@pytest.mark.parametrize(("table", "fmt"), [("nope", "csv"), ("headline", "xlsx")])
def test_unknown_downloads_are_not_found(client, table, fmt):
    response = client.get(reverse("dashboard:area-table", args=[SWINDON, table, fmt]))
    assert response.status_code == 404


def test_the_page_needs_few_queries_and_fewer_once_cached(client, django_assert_max_num_queries):
    url = reverse("dashboard:area", args=[SWINDON])
    with django_assert_max_num_queries(10):
        client.get(url)
    with django_assert_max_num_queries(6):
        client.get(url)


def test_an_authoritys_page_once_cached_is_two_reads_of_the_cache(client):
    """The chooser, contents and figures are one cached fragment, the sources another; the
    regions and authorities for the chooser are not read when the fragment is there."""
    from unittest import mock

    from django.core.cache import caches

    url = reverse("dashboard:area", args=[SWINDON])
    first = client.get(url).content.decode()
    backend = caches["default"]
    with mock.patch.object(backend, "get", wraps=backend.get) as reads:
        again = client.get(url).content.decode()
    assert again == first
    assert reads.call_count == 2
    assert f'<option value="{SWINDON}" selected>Swindon</option>' in again


def test_a_published_authority_links_to_its_live_figures(client, world):
    Organisation.objects.filter(pk=world.la.pk).update(la_code="866")
    html = client.get(reverse("dashboard:area", args=[SWINDON])).content.decode()
    assert reverse("dashboard:live", args=[world.la.public_id]) in html


def test_signed_in_staff_see_the_same_public_page(client_for, world):
    response = client_for(world.coordinator).get(reverse("dashboard:area", args=[SWINDON]))
    assert response.status_code == 200
    check_markup(response.content.decode())


def test_live_figures_are_listed_on_the_england_page(client, world):
    CaseFactory(team=world.case.team, stage=Stage.MAINTAINED)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:live", args=[world.la.public_id]) in html
    assert reverse("dashboard:live", args=[OrganisationFactory().public_id]) not in html


def test_the_case_records_never_reach_a_public_page(client, world):
    from sendcpp.models import Child

    Child.objects.filter(pk=world.case.child_id).update(legal_last_name="Qwxzyvutsr")
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Qwxzyvutsr" not in html
    for case in (world.case, world.other_case):
        assert case.reference not in html
        assert str(case.public_id) not in html
    assert date.today().isoformat() not in html


def test_loading_the_shipped_figures_again_changes_nothing():
    before = dict(Dataset.objects.values_list("key", "imported_at"))
    out = StringIO()
    call_command("load_published_statistics", stdout=out)
    assert (
        "caseload: 73320 figures (EHC plans at January each year (2025 release))" in out.getvalue()
    )
    assert dict(Dataset.objects.values_list("key", "imported_at")) == before
    assert len(before) == 11


def test_the_england_page_needs_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("dashboard:index"))


def test_each_area_page_reads_its_own_area_and_authority_through_one_shape(client, world):
    """An area, and the authority it is in the case records, are read by queries compiled once
    with the codes as values: each page names its own, and the link follows the codes."""
    from sendcpp.tests.factories import LocalAuthorityFactory, TeamFactory

    Organisation.objects.filter(pk=world.la.pk).update(la_code="866")
    other = LocalAuthorityFactory(name="Elsewhere with cases", la_code="873")
    CaseFactory(team=TeamFactory(local_authority=other), coordinator=None)
    swindon = client.get(reverse("dashboard:area", args=[SWINDON]))
    south_west = client.get(reverse("dashboard:area", args=[SOUTH_WEST]))
    assert swindon.context["area"].code == SWINDON
    assert south_west.context["area"].code == SOUTH_WEST
    assert swindon.context["live_authority"] == world.la
    assert south_west.context["live_authority"] is None
    cambridgeshire = client.get(reverse("dashboard:area", args=["E10000003"]))
    assert cambridgeshire.context["area"].la_code == "873"
    assert cambridgeshire.context["live_authority"] == other
