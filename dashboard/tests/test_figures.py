"""Building a page's tables from the figures: formats, symbols and comparisons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from dashboard import figures
from dashboard.datasets import Release
from dashboard.models import Area
from dashboard.selectors import Published
from dashboard.services import import_statistics
from dashboard.tests.factories import newplans_csv


@pytest.mark.parametrize(
    ("figure", "is_percent", "text", "value"),
    [
        pytest.param(
            Published(Decimal("638745.0000")), False, "638,745", "638745", id="_case count"
        ),
        pytest.param(Published(Decimal("46.4000")), True, "46.4%", "46.4", id="_case percent"),
        pytest.param(Published(Decimal("3.0000")), True, "3.0%", "3", id="_case whole percent"),
        pytest.param(
            Published(Decimal("1234.5000")), False, "1,234.5", "1234.5", id="_case decimal"
        ),
        pytest.param(Published(Decimal("-1.0000")), False, "-1", "-1", id="_case negative"),
        pytest.param(Published(None, "x"), False, "x", "x", id="_case symbol kept"),
        pytest.param(None, False, "x", "x", id="_case not published at all"),
    ],
)
def test_figures_are_shown_as_published(figure, is_percent, text, value):
    cell = figures.figure_cell(figure, is_percent=is_percent)
    assert (cell.text, cell.value) == (text, value)


def test_symbols_explain_themselves():
    assert figures.figure_cell(Published(None, "z")).meaning == "not applicable"
    assert figures.count_cell("c").meaning == "hidden to protect individuals"


@pytest.fixture
def newplans(db):
    cache.clear()
    import_statistics(
        newplans_csv(), dataset_key="newplans", release=Release(2025, date(2025, 6, 26)),
        source_name="newplans.csv",
    )  # fmt: skip


def test_a_page_shows_only_what_is_published(newplans):
    page = figures.area_page(Area.objects.get(code="E06000030"))
    assert page.has_figures
    headline = page.table("headline")
    assert headline.columns == ["Measure", "Period", "Swindon", "South West", "England"]
    (row,) = headline.rows
    assert [cell.text for cell in row] == ["New EHC plans", "2024", "x", "9,888", "97,747"]
    assert page.table("plans-trend") is None  # no caseload loaded
    assert [t.key for t in page.sections[1].tables] == ["demand-trend"]


def test_a_region_is_compared_with_england_only(newplans):
    page = figures.area_page(Area.objects.get(code="E12000009"))
    assert page.table("headline").columns == ["Measure", "Period", "South West", "England"]


def test_england_stands_alone(newplans):
    page = figures.area_page(Area.objects.get(code="E92000001"))
    assert page.table("headline").columns == ["Measure", "Period", "England"]


def test_pages_are_cached_until_new_figures_are_loaded(newplans, django_assert_num_queries):
    swindon = Area.objects.get(code="E06000030")
    figures.area_page(swindon)
    with django_assert_num_queries(1):  # only the data sets' version
        figures.area_page(swindon)
    import_statistics(
        newplans_csv({"2024": {"England": "1"}}), dataset_key="newplans",
        release=Release(2025, date(2025, 6, 26)), source_name="corrected.csv",
    )  # fmt: skip
    england = figures.area_page(Area.objects.get(code="E92000001"))
    assert england.table("headline").rows[0][2].text == "1"


def test_before_any_figures_are_loaded_the_dashboard_says_how_to_load_them(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "No published statistics have been loaded yet." in response.content.decode()
