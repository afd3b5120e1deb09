"""The public, read-only dashboard API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from dashboard.datasets import Release
from dashboard.services import import_statistics
from dashboard.tests.factories import newplans_csv
from sendcpp.models import Stage
from sendcpp.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard"


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


@pytest.fixture
def loaded(db):
    return import_statistics(
        newplans_csv(), dataset_key="newplans", release=Release(2025, date(2025, 6, 26)),
        source_name="newplans.csv",
    )  # fmt: skip


def test_data_sets_are_public(api, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = api.get(f"{API}/datasets/")
    assert response.status_code == 200
    (dataset,) = response.json()["results"]
    assert dataset["key"] == "newplans"
    assert dataset["reporting_year"] == 2025
    assert api.get(f"{API}/datasets/newplans/").json()["published_on"] == "2025-06-26"


def test_areas_list_and_filter(api, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = api.get(f"{API}/areas/", {"level": "Local authority"})
    (swindon,) = response.json()["results"]
    assert swindon == {
        "code": "E06000030", "name": "Swindon", "level": "Local authority",
        "region": "E12000009", "la_code": "866", "last_reported_year": 2024,
    }  # fmt: skip
    assert api.get(f"{API}/areas/E99999999/").status_code == 404


def test_values_of_an_area_keep_their_symbols(api, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = api.get(f"{API}/values/", {"area": "E06000030"})
    assert response.status_code == 200
    assert [(v["time_period"], v["value"], v["symbol"]) for v in response.json()["results"]] == [
        ("2023", "371", ""),
        ("2024", None, "x"),
    ]


def test_values_need_an_area(api, loaded):
    response = api.get(f"{API}/values/")
    assert response.status_code == 400
    assert response.json() == {"area": ["This field is required."]}


def test_values_page_by_cursor(api, loaded):
    first = api.get(f"{API}/values/", {"area": "E92000001", "page_size": 1}).json()
    assert len(first["results"]) == 1
    second = api.get(first["next"]).json()
    assert second["results"][0]["time_period"] == "2024"
    assert second["next"] is None


def test_values_filter_by_indicator_and_period(api, loaded):
    response = api.get(
        f"{API}/values/", {"area": "E92000001", "indicator": "new_ehc_plans", "time_period": "2024"}
    )
    assert [v["value"] for v in response.json()["results"]] == ["97747"]


def test_an_areas_tables_are_the_pages_tables(api, loaded):
    tables = api.get(f"{API}/areas/E06000030/tables/").json()
    assert {
        "key": "demand-trend",
        "title": "Requests for an EHC needs assessment and new EHC plans, 2023 to 2024",
    } in tables
    table = api.get(f"{API}/areas/E06000030/tables/demand-trend/").json()
    assert table["columns"] == ["Calendar year", "Swindon: requests", "Swindon: new EHC plans"]
    assert table["rows"] == [["2023", "x", "371"], ["2024", "x", "x"]]
    assert table["symbols"] == {"x": "not available"}
    assert api.get(f"{API}/areas/E06000030/tables/nope/").status_code == 404


def test_live_figures_are_suppressed(api, world):
    for _ in range(3):
        CaseFactory(team=world.case.team, stage=Stage.MAINTAINED)
    response = api.get(f"{API}/live/{world.la.public_id}/")
    assert response.status_code == 200
    headline = response.json()[0]
    assert headline["rows"][0] == ["EHC plans in force today", "c"]
    assert api.get(f"{API}/live/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get(f"{API}/live/------------------------------------/").status_code == 404


def test_the_public_api_ignores_sign_in(api, loaded, world):
    # A partner key or session is not needed, and a bad one does not get in the way.
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-key")
    assert api.get(f"{API}/datasets/").status_code == 200


def test_the_api_is_in_the_openapi_schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert f"{API}/values/" in paths
    assert f"{API}/areas/{{code}}/tables/{{table}}/" in paths
    parameters = {p["name"]: p for p in paths[f"{API}/values/"]["get"]["parameters"]}
    assert parameters["area"]["required"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/areas/%00/",
        "/dashboard/areas/E06%0000030/",
        "/dashboard/areas/%00/tables/headline.csv",
        f"{API}/areas/%00/",
        f"{API}/areas/%00/tables/",
        f"{API}/areas/%00/tables/demand-trend/",
        f"{API}/areas/E0600003000000/",
    ],
)
def test_a_nul_byte_or_impossible_code_is_not_found(api, loaded, path):
    # PostgreSQL cannot compare text holding a NUL byte: the project's guard refuses such an
    # address (400) before any view; an impossible code is simply not found.
    assert api.get(path).status_code == (400 if "%00" in path else 404)


@pytest.mark.parametrize("code", ["\x00", "E06\x0000030"])
def test_the_area_lookup_itself_finds_no_area_for_a_nul_byte(loaded, code):
    # Behind the guard, the dashboard's own lookup answers "not found" rather than failing.
    from dashboard import selectors

    assert selectors.area_by_code(code) is None


def test_the_area_chooser_and_value_filter_refuse_a_nul_byte(api, loaded, client):
    assert client.get("/dashboard/areas/", {"area": "\x00"}).status_code == 400
    assert api.get(f"{API}/values/", {"area": "\x00"}).status_code == 400
    assert api.get(f"{API}/areas/E06000030/").status_code == 200
