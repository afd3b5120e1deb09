"""The real 2025 release (the DfE's open data, read from ../shared only here in the tests)
reproduces the published headline figures exactly: loaded from the full files, and from the
extract that ships with the project."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dashboard.datasets import DATASETS, shipped_extract
from dashboard.extract import TRIBUNAL_SOURCE, extract_files
from dashboard.importers import read_statistics_file
from dashboard.models import Dataset, StatisticValue
from dashboard.services import import_statistics
from dashboard.tests.factories import truncate_statistics

SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dfe-ehcp-statistics-2025"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("real-statistics"),
    pytest.mark.skipif(not SOURCE.is_dir(), reason="the DfE release is not beside the checkout"),
]

# Loaded into the database from the full open-data file; the rest from the shipped extract,
# which a test below proves is exactly the release's rows. The other full files (4 million
# figures in all: too slow to load on every test run) are read and checked without the database.
FULL_FILES = ("timeliness_20_week",)


@pytest.fixture(scope="module")
def release(django_db_setup, django_db_blocker):
    """The 2025 release loaded once for this module, then removed."""
    extract = shipped_extract()
    with django_db_blocker.unblock():
        for key, path in extract.files.items():
            data = (SOURCE / f"{key}.csv").read_bytes() if key in FULL_FILES else path.read_bytes()
            import_statistics(data, dataset_key=key, release=extract.release, source_name=key)
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


def test_the_full_file_is_loaded_whole(release):
    dataset = Dataset.objects.get(key="timeliness_20_week")
    assert (dataset.row_count, dataset.value_count) == (12211, 12211 * 14)
    assert StatisticValue.objects.filter(dataset=dataset).count() == 12211 * 14


FULL_FILE_FIGURES = [
    # (file, rows, indicators, England's headline figure as read from the full file)
    ("caseload", 25339, 48, ("202425", "ehcplans", "638745")),
    ("newplans", 17859, 48, ("2024", "new_ehc_plans", "97747")),
    ("requests", 13169, 17, ("2024", "requests_received_in_year", "154489")),
    ("sen_needs_all_plans", 13939, 27, ("202425", "number_asd", "201183")),
]


@pytest.mark.parametrize(("key", "rows", "indicators", "england"), FULL_FILE_FIGURES)
def test_the_full_files_pass_every_check_and_read_as_published(key, rows, indicators, england):
    checked = read_statistics_file((SOURCE / f"{key}.csv").read_bytes(), dataset_key=key)
    assert (checked.row_count, checked.value_count) == (rows, rows * indicators)
    period, indicator, expected = england
    topic = DATASETS[key].headline_topic
    found = [
        number
        for code, time_period, found_topic, breakdown, name, number, _ in checked.values()
        if (code, time_period, found_topic, breakdown, name)
        == ("E92000001", period, topic, topic, indicator)
    ]
    assert found == [expected]


def test_the_shipped_extract_is_exactly_the_release(release):
    """The extract in dashboard/data is what the builder makes from the DfE files today."""
    specs = [spec for spec in DATASETS.values() if spec.shown_on_pages]
    names = [f"{s.key}.csv" for s in specs if s.key != "tribunal_appeal_rates"]
    source = {name: (SOURCE / name).read_bytes() for name in [*names, TRIBUNAL_SOURCE]}
    built = extract_files(source, specs)
    for key, path in release.files.items():
        assert path.read_text(encoding="utf-8") == built[path.name], key
