"""Live figures from the case records: public, aggregate, small numbers suppressed."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from dashboard import selectors
from dashboard.tests.markup import check_markup
from sendcpp.disclosure import SUPPRESSED as C
from sendcpp.models import Organisation, Stage
from sendcpp.tests.factories import CaseFactory, LocalAuthorityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_day():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


def plans(world, count, *, need="ASD", born=date(2015, 3, 27), setting=None, **fields):
    return [
        CaseFactory(
            team=world.case.team,
            stage=Stage.MAINTAINED,
            child__primary_need=need,
            child__date_of_birth=born,
            child__setting=setting or world.school,
            **fields,
        )
        for _ in range(count)
    ]


def test_live_counts(world):
    plans(world, 6)
    plans(world, 2, need="SEMH", born=date(2008, 1, 1))
    CaseFactory(team=world.case.team, stage=Stage.CEASED, closed_on=date(2026, 1, 5))
    last_year = selectors.Period.calendar_year(2025, today=TODAY)
    issued = [
        CaseFactory(
            team=world.case.team,
            stage=Stage.MAINTAINED,
            request_received_on=date(2025, 1, 6),
            plan_issued_on=date(2025, 1, 6) + timedelta(weeks=weeks),
        )
        for weeks in (10, 20, 21, 30)
    ]
    assert selectors.plans_maintained(world.la).count() == 8 + len(issued)
    assert selectors.plans_issued_timeliness(world.la, last_year) == selectors.Timeliness(4, 2)
    assert selectors.requests_received(world.la, last_year) == 4
    counts = selectors.plans_by_need_and_age(world.la, today=TODAY)
    assert counts[("ASD", "11 to 15")] == 6 + 4  # born 2015: 11 in November 2026
    assert counts[("SEMH", "16 to 19")] == 2
    assert selectors.plans_by_setting_kind(world.la) == {"school": 8, "": 4}


def test_the_live_page_is_public_and_hides_small_numbers(client, world):
    plans(world, 30)
    plans(world, 3, need="SEMH", born=date(2008, 1, 1))
    plans(world, 12, need="HI", born=date(2020, 1, 1))
    response = client.get(reverse("dashboard:live", args=[world.la.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    check_markup(html)
    assert "we never show a number of children between 1 and 4" in html
    assert "could be at least 5 lower or higher than it really is" in html
    page = response.context["page"]
    headline = page.table("live-headline")
    assert headline.rows[0][1].text == "45"  # plans in force
    by_age = page.table("live-need-by-age")
    values = {row[0].text: [cell.value for cell in row[1:]] for row in by_age.rows}
    # The 3 SEMH plans are hidden with their row and column totals (themselves 3). The plans
    # in force (45) are shown, so the other two non-zero numbers are hidden wherever they
    # appear: otherwise 45 - 30 - 12 gives back the 3. Zeros stay shown.
    assert values["Social, emotional and mental health"] == ["0", "0", "0", C, "0", C]
    assert values["Total"] == ["0", C, C, C, "0", "45"]
    assert values["Communication and interaction"] == ["0", "0", C, "0", "0", C]
    need = page.table("live-need")
    need_values = {row[0].text: row[1].value for row in need.rows}
    assert need_values["Social, emotional and mental health"] == C
    assert need_values["Hearing impairment"] == C
    assert need_values["Autistic spectrum disorder"] == C
    assert need_values["Total"] == "45"
    assert page.disclosure_report.passed
    assert "On this page 11 numbers are hidden, and the check passed for every one." in html


def test_live_tables_download_with_the_suppression_applied(client, world):
    plans(world, 7)
    plans(world, 2, need="SEMH")
    url = reverse("dashboard:live-table", args=[world.la.public_id, "live-need", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[0] == ["Primary need", "EHC plans"]
    assert ["Social, emotional and mental health", C] in rows
    assert ["Autistic spectrum disorder", C] in rows
    assert rows[-1] == ["Total", "9"]
    body = client.get(
        reverse("dashboard:live-table", args=[world.la.public_id, "live-need", "json"])
    ).json()
    assert body["suppression"].startswith("counts of 1 to 4 are shown as 'c'")
    assert body["symbols"] == {C: "hidden to protect individuals"}


def test_the_threshold_comes_from_settings(client, world, settings):
    settings.DASHBOARD_SMALL_COUNT_MAX = 9
    plans(world, 8)
    page = client.get(reverse("dashboard:live", args=[world.la.public_id])).context["page"]
    assert page.small_count_max == 9
    assert page.table("live-headline").rows[0][1].value == C


@pytest.mark.parametrize("who", ["no cases", "not an authority", "unknown"])
def test_only_authorities_with_cases_have_a_live_page(client, db, who):
    organisation = {
        "no cases": lambda: LocalAuthorityFactory(),
        "not an authority": lambda: CaseFactory().child.setting or OrganisationFactory(),
        "unknown": lambda: Organisation(),
    }[who]()
    response = client.get(reverse("dashboard:live", args=[organisation.public_id]))
    assert response.status_code == 404


def test_the_live_page_reads_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    plans(world, 40)
    url = reverse("dashboard:live", args=[world.la.public_id])
    with django_assert_max_num_queries(12):
        client.get(url)
    plans(world, 40, need="SEMH")
    cache.clear()
    with django_assert_max_num_queries(12):
        client.get(url)


def test_no_child_is_named_on_the_live_page(client, world):
    from sendcpp.models import Child

    cases = plans(world, 6)
    Child.objects.filter(cases__in=cases).update(legal_last_name="Qwxzyvutsr")
    html = client.get(reverse("dashboard:live", args=[world.la.public_id])).content.decode()
    assert "Qwxzyvutsr" not in html
    for case in cases:
        assert case.reference not in html


def test_an_authority_has_live_figures_from_its_first_case_and_only_then(db):
    """The list of authorities with live figures is read from the case index on every dashboard
    page; it follows the case records at once: an authority appears with its first case, and a
    case moved to another authority moves the authority with it."""
    first, second = LocalAuthorityFactory(la_code="901"), LocalAuthorityFactory(la_code="902")
    OrganisationFactory()  # a school, never listed
    assert list(selectors.local_authorities_with_cases()) == []
    case = CaseFactory(team__local_authority=first, local_authority=first)
    assert list(selectors.local_authorities_with_cases()) == [first]
    CaseFactory(team__local_authority=first, local_authority=first, next_due_on=None)
    assert list(selectors.local_authorities_with_cases()) == [first]  # listed once
    type(case).objects.filter(local_authority=first).update(local_authority=second)
    assert list(selectors.local_authorities_with_cases()) == [second]
    assert selectors.local_authorities_with_cases().filter(la_code="901").first() is None
