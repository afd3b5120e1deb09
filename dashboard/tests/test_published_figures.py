"""The real 2025 release, as the extract that ships with the project (``dashboard/data``),
reproduces the published headline figures exactly. That the extract is exactly what the builder
makes from the DfE's full open-data files, and that the full files pass every check, is checked
by ``bench/published_release.py`` against a copy of the release (too large to ship)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dashboard.datasets import DATASETS, shipped_extract
from dashboard.models import StatisticValue
from dashboard.services import import_statistics
from dashboard.tests.factories import truncate_statistics

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("real-statistics"),
]


@pytest.fixture(scope="module")
def release(django_db_setup, django_db_blocker):
    """The 2025 release loaded once for this module, then removed."""
    extract = shipped_extract()
    with django_db_blocker.unblock():
        for key, path in extract.files.items():
            import_statistics(
                path.read_bytes(), dataset_key=key, release=extract.release, source_name=key
            )
        yield extract
        truncate_statistics()


def figure(dataset: str, indicator: str, period: str, area: str = "E92000001", topic=None):
    spec = DATASETS[dataset]
    row = StatisticValue.objects.get(
        dataset__key=dataset,
        area__code=area,
        time_period=period,
        breakdown_topic=topic or spec.headline_topic,
        breakdown=topic or spec.headline_topic,
        indicator=indicator,
    )
    return row.value if row.value is not None else row.symbol


ENGLAND_FIGURES = [
    # (data set, indicator, period, published figure): domain spec 3.4, checked in the CSVs.
    ("caseload", "ehcplans", "202425", "638745"),
    ("caseload", "ehcplans", "202324", "576474"),
    ("requests", "requests_received_in_year", "2024", "154489"),
    ("requests", "requests_received_in_year", "2023", "138242"),
    ("requests", "requests_decided_to_assess", "2024", "101045"),
    ("requests", "requests_decided_not_to_assess", "2024", "38889"),
    ("requests", "request_outcome_six_weeks", "2024", "126160"),
    ("requests", "request_outcome_six_weeks_pc", "2024", "84.8"),
    ("requests", "requests_received_in_year", "2022", "114482"),
    ("newplans", "new_ehc_plans", "2024", "97747"),
    ("newplans", "new_ehc_plans", "2023", "84428"),
    ("newplans", "new_ehc_plans", "2022", "66706"),
    ("timeliness_20_week", "plans_issued_20_weeks_ex", "2024", "39407"),
    ("timeliness_20_week", "plans_issued_den_ex", "2024", "84866"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2024", "46.4"),
    ("timeliness_20_week", "pc_plans_issued_within_20_weeks", "2024", "45.9"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2023", "50.3"),
    ("timeliness_20_week", "pc_plans_issued_within_20_weeks", "2023", "49.1"),
    ("timeliness_20_week", "plans_issued_20_weeks_ex", "2023", "38471"),
    ("timeliness_20_week", "plans_issued_den_ex", "2023", "76506"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2022", "49.2"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2021", "59.9"),
    ("assessments", "assess_in_year", "2024", "105340"),
    ("ceased_plans", "total_ceased", "2024", "44862"),
    ("ceased_plans", "total_ceased", "2023", "39419"),
    ("annual_reviews", "review_expected", "2024", "524654"),
    ("annual_reviews", "total_review_meeting", "2024", "453761"),
    ("annual_reviews", "pc_decsion_4weeks", "2024", "44.4"),
    ("annual_reviews", "outcome_amend", "2024", "219538"),
    ("caseload", "mainstream_total_pc", "202425", "43.6"),
    ("caseload", "special_total_pc", "202425", "30.4"),
    ("sen_needs_all_plans", "asd_pc", "202425", "31.5"),
    ("sen_need_newplans", "slcn_pc", "2024", "27.7"),
    ("tribunal_appeal_rates", "appeals_registered", "2024", "22276"),
    ("tribunal_appeal_rates", "appealable_decisions", "2024", "689739"),
    ("tribunal_appeal_rates", "appeal_rate", "2024", "3.2"),
    ("tribunal_appeal_rates", "appeal_rate", "2023", "2.5"),
]


@pytest.mark.parametrize(("dataset", "indicator", "period", "expected"), ENGLAND_FIGURES)
def test_england_headline_figures(release, dataset, indicator, period, expected):
    assert figure(dataset, indicator, period) == Decimal(expected)


def test_the_20_week_percentage_follows_from_its_counts(release):
    within = figure("timeliness_20_week", "plans_issued_20_weeks_ex", "2024")
    issued = figure("timeliness_20_week", "plans_issued_den_ex", "2024")
    assert round(within * 100 / issued, 1) == Decimal("46.4")


SWINDON_FIGURES = [
    # Swindon (E06000030, DfE code 866), from the release's CSVs.
    ("caseload", "ehcplans", "202425", "2772"),
    ("caseload", "ehcplans", "202324", "2573"),
    ("requests", "requests_received_in_year", "2024", "548"),
    ("requests", "request_outcome_six_weeks_pc", "2024", "87"),
    ("newplans", "new_ehc_plans", "2024", "281"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2024", "49.4"),
    ("timeliness_20_week", "pc_plans_issued_within_20_weeks", "2024", "49.4"),
    ("timeliness_20_week", "PC_plans_issued_20_weeks_ex", "2023", "73.7"),
    ("ceased_plans", "total_ceased", "2024", "177"),
    ("personal_budgets", "personal_budget", "202425", "478"),
    ("tribunal_appeal_rates", "appeals_registered", "2024", "92"),
    ("tribunal_appeal_rates", "appealable_decisions", "2024", "3023"),
    ("tribunal_appeal_rates", "appeal_rate", "2024", "3.0"),
]


@pytest.mark.parametrize(("dataset", "indicator", "period", "expected"), SWINDON_FIGURES)
def test_swindon_figures(release, dataset, indicator, period, expected):
    assert figure(dataset, indicator, period, area="E06000030") == Decimal(expected)


def test_unavailable_figures_keep_their_symbol(release):
    # Before 2023 the aggregate return did not collect assessments in year: published as x.
    assert figure("requests", "requests_decided_to_assess", "2019") == "x"
    assert figure("caseload", "placement_unknown", "201819") == "x"
    # Northamptonshire was split in 2021: its appeal rate is "not available" afterwards.
    assert figure("tribunal_appeal_rates", "appeal_rate", "2022", area="E10000021") == ".."
    # A tribunal row with no appeals registered keeps the table's "-" (none), rate 0.
    assert figure("tribunal_appeal_rates", "appeals_registered", "2014", area="E06000001") == "-"
    assert figure("tribunal_appeal_rates", "appeal_rate", "2014", area="E06000001") == 0
