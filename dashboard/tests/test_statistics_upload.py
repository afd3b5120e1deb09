"""The upload page for a release of published statistics (SEND managers): the same checks and
messages as the command, all or nothing, GOV.UK error summary; 404 for everyone else."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.datasets import Release
from dashboard.models import Dataset, StatisticValue
from dashboard.services import import_statistics
from dashboard.tests.factories import assessments_csv, newplans_csv
from dashboard.tests.markup import check_markup
from dashboard.tests.test_sen2_views import ROLES

pytestmark = pytest.mark.django_db
URL = "/dashboard/statistics/upload/"


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


def upload(client, *files: tuple[str, bytes], year="2025", published=("26", "6", "2025")):
    day, month, year_published = published
    return client.post(
        URL,
        {
            "files": [SimpleUploadedFile(name, data, "text/csv") for name, data in files],
            "reporting_year": year,
            "published_on-day": day,
            "published_on-month": month,
            "published_on-year": year_published,
        },
    )


def test_the_url_is_the_dashboards():
    assert reverse("dashboard:statistics-upload") == URL


def test_a_manager_loads_a_release(client_for, world):
    client = client_for(world.manager)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    check_markup(html)
    assert '<input type="file" name="files" multiple' in html
    assert 'class="govuk-file-upload"' in html
    assert 'enctype="multipart/form-data"' in html
    response = upload(
        client, ("newplans.csv", newplans_csv()), ("assessments.csv", assessments_csv())
    )
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert set(Dataset.objects.values_list("key", "reporting_year")) == {
        ("newplans", 2025),
        ("assessments", 2025),
    }
    assert "Loaded the 2025 release (published 26 June 2025)" in html
    assert "2 data sets loaded" in html
    assert "newplans: 6 figures (1 of 2)" in html  # what was done, step by step
    assert "Checking assessments.csv" in html


def test_a_bad_file_is_refused_with_its_file_row_and_column_and_nothing_is_loaded(
    client_for, world
):
    client = client_for(world.manager)
    broken = assessments_csv({"2024": ["100000", "lots", "90", "10000", "10"]})
    response = upload(client, ("newplans.csv", newplans_csv()), ("assessments.csv", broken))
    assert response.status_code == 400
    html = response.content.decode()
    # The GOV.UK error summary leads the page (before the h1), each problem linked to the
    # file input, which is described by its error message.
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert 'aria-describedby="id_files-hint id_files-error"' in html
    assert "There is a problem" in html
    assert "The release was not loaded: 1 problem found." in html
    assert "(and " not in html  # every problem is listed, not counted
    assert "assessments.csv: Row 2, column assess_issued: &#x27;lots&#x27; is not a number" in html
    assert 'href="#id_files"' in html
    assert "<title>Error: " in html
    assert not Dataset.objects.exists()
    assert not StatisticValue.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Select the CSV files of the release"),
        ([("notes.txt", b"hello")], "notes.txt is not a CSV file"),
        ([("pupils.csv", b"a,b\n1,2\n")], "pupils.csv is not a data set the dashboard reads"),
    ],
)
def test_files_the_dashboard_cannot_read_are_refused(client_for, world, files, message):
    response = upload(client_for(world.manager), *files)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.parametrize(
    ("year", "published", "message"),
    [
        ("", ("26", "6", "2025"), "Enter the reporting year of the release"),
        ("2030", ("26", "6", "2025"), "The reporting year must be 2027 or earlier"),
        ("2025", ("31", "2", "2025"), "Date the release was published must be a real date"),
        ("2025", ("1", "1", "2027"), "must be today or in the past"),
        ("2025", ("", "", ""), "Enter the date the release was published"),
    ],
)
def test_the_release_must_be_given(client_for, world, year, published, message):
    response = upload(
        client_for(world.manager), ("newplans.csv", newplans_csv()), year=year, published=published
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_older_release_is_refused_with_a_clear_message(client_for, world):
    import_statistics(
        newplans_csv(),
        dataset_key="newplans",
        release=Release(2025, date(2025, 6, 26)),
        source_name="newplans.csv",
    )
    old = newplans_csv({"2021": {"England": "60000"}})
    response = upload(
        client_for(world.manager), ("newplans.csv", old), year="2026", published=("25", "6", "2026")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "its figures run only to 2021" in html
    assert "it is from an older release, so nothing was loaded" in html
    assert set(StatisticValue.objects.values_list("time_period", flat=True)) == {"2023", "2024"}


@pytest.mark.parametrize("role", ROLES)
def test_only_send_managers_may_upload(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get(URL).status_code == 404
    assert upload(client, ("newplans.csv", newplans_csv())).status_code == 404
    assert not Dataset.objects.exists()


def test_the_sign_in_page_stands_in_front_of_the_upload(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "sign-in" in response["Location"]
