"""Loading a statistics file: all or nothing, the same file twice changes nothing, a newer
release replaces the figures and an older one is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dashboard.datasets import Release
from dashboard.importers import StatisticsFileError
from dashboard.models import Area, Dataset, StatisticValue
from dashboard.services import (
    OlderRelease,
    ReleaseFile,
    import_release,
    import_statistics,
    record_sen2_export,
)
from dashboard.tests.factories import assessments_csv, newplans_csv

RELEASE_2025 = Release(2025, date(2025, 6, 26))
RELEASE_2026 = Release(2026, date(2026, 6, 25))
pytestmark = pytest.mark.django_db


def load(data: bytes, release: Release = RELEASE_2025) -> Dataset:
    return import_statistics(data, dataset_key="newplans", release=release, source_name="n.csv")


def figures() -> set[tuple[str, str, Decimal | None, str]]:
    return set(StatisticValue.objects.values_list("area__code", "time_period", "value", "symbol"))


def test_a_file_is_loaded_with_its_areas_and_symbols():
    dataset = load(newplans_csv())
    assert (dataset.key, dataset.reporting_year, dataset.row_count) == ("newplans", 2025, 6)
    assert ("E92000001", "2024", Decimal("97747"), "") in figures()
    assert ("E06000030", "2024", None, "x") in figures()
    swindon = Area.objects.get(code="E06000030")
    assert (swindon.name, swindon.level, swindon.la_code) == ("Swindon", "Local authority", "866")
    assert swindon.region.code == "E12000009"


def test_loading_the_same_file_again_changes_nothing():
    first = load(newplans_csv())
    before = (figures(), StatisticValue.objects.count())
    second = load(newplans_csv())
    assert second.imported_at == first.imported_at
    assert (figures(), StatisticValue.objects.count()) == before


def test_a_newer_release_replaces_the_figures():
    load(newplans_csv())
    newer = newplans_csv({"2025": {"England": "100000", "Swindon": "300"}})
    load(newer, Release(2026, date(2026, 6, 25)))
    assert figures() == {
        ("E92000001", "2025", Decimal("100000"), ""),
        ("E06000030", "2025", Decimal("300"), ""),
    }
    assert Dataset.objects.get().reporting_year == 2026


def test_a_corrected_file_of_the_same_release_replaces_the_figures():
    load(newplans_csv())
    load(newplans_csv({"2024": {"England": "97748"}}))
    assert figures() == {("E92000001", "2024", Decimal("97748"), "")}


def test_an_older_release_is_refused_and_changes_nothing():
    load(newplans_csv())
    before = figures()
    older = newplans_csv({"2023": {"England": "1"}})
    with pytest.raises(OlderRelease, match="older 2024 release"):
        load(older, Release(2024, date(2024, 6, 20)))
    assert figures() == before
    assert Dataset.objects.get().reporting_year == 2025


def test_a_bad_file_changes_nothing():
    load(newplans_csv())
    before = (figures(), list(Area.objects.values_list("code", "name")))
    bad = newplans_csv({"2024": {"England": "97747", "Swindon": "lots"}})
    with pytest.raises(StatisticsFileError, match="Row 3, column new_ehc_plans"):
        load(bad, Release(2026, date(2026, 6, 25)))
    assert (figures(), list(Area.objects.values_list("code", "name"))) == before


def test_a_later_release_renames_an_area():
    load(newplans_csv())
    renamed = newplans_csv().replace(b"Swindon", b"Swindon Borough")
    load(renamed, Release(2026, date(2026, 6, 25)))
    assert Area.objects.get(code="E06000030").name == "Swindon Borough"


def test_a_sen2_export_is_logged_for_every_child(world):
    from sendcpp.models import AccessLog

    count = record_sen2_export(cases=[world.case, world.other_case], by=world.manager)
    assert count == 2
    logged = AccessLog.objects.filter(what="SEN2 return", user=world.manager)
    assert set(logged.values_list("child_id", flat=True)) == {
        world.case.child_id,
        world.other_case.child_id,
    }


MALFORMED = {
    "missing column": newplans_csv().replace(b"breakdown_topic", b"topic"),
    "bad number": newplans_csv().replace(b"97747", b"97,747x"),
    "unknown geographic level": newplans_csv().replace(b"Regional", b"Ward"),
    "empty file": b"",
    "wrong encoding": newplans_csv()
    .decode("utf-8-sig")
    .replace("Swindon", "Swíndon")
    .encode("cp1252"),
    "older format": b"time_period,geographic_level,country_code,EHCP_new\n2021,National,E92000001,1\n",
}


@pytest.mark.parametrize("problem", MALFORMED)
def test_a_malformed_file_changes_nothing(problem):
    load(newplans_csv())
    before = (figures(), list(Dataset.objects.values_list("key", "imported_at")))
    with pytest.raises(StatisticsFileError) as raised:
        load(MALFORMED[problem], Release(2026, date(2026, 6, 25)))
    assert raised.value.errors
    assert (figures(), list(Dataset.objects.values_list("key", "imported_at"))) == before


# ---------------------------------------------------------------------------------------------
# A whole release: every file checked first, then all applied in one transaction


def release_files(**files: bytes) -> list[ReleaseFile]:
    return [ReleaseFile(key, f"{key}.csv", data) for key, data in files.items()]


def test_a_release_loads_every_file():
    result = import_release(
        release_files(newplans=newplans_csv(), assessments=assessments_csv()),
        release=RELEASE_2025,
    )
    assert [d.key for d in result.loaded] == ["newplans", "assessments"]
    assert set(Dataset.objects.values_list("key", flat=True)) == {"newplans", "assessments"}


def test_a_broken_second_file_leaves_the_first_unapplied():
    load(newplans_csv())
    before = (figures(), list(Dataset.objects.values_list("key", "imported_at")))
    newer = newplans_csv({"2025": {"England": "100000"}})
    broken = assessments_csv({"2025": ["100000", "lots", "90", "10000", "10"]})
    with pytest.raises(StatisticsFileError) as raised:
        import_release(release_files(newplans=newer, assessments=broken), release=RELEASE_2026)
    (error,) = raised.value.errors
    assert error.startswith("assessments.csv: Row 2, column assess_issued: 'lots' is not a number")
    assert raised.value.message.startswith("The release was not loaded: 1 problem found.")
    # The good first file was not applied either.
    assert (figures(), list(Dataset.objects.values_list("key", "imported_at"))) == before
    assert not Dataset.objects.filter(key="assessments").exists()


def test_every_problem_in_every_file_is_named_by_file_row_and_column():
    bad_plans = newplans_csv({"2024": {"England": "many"}})
    bad_assessments = assessments_csv({"2024": ["1", "2", "3", "", "5"]})
    with pytest.raises(StatisticsFileError) as raised:
        import_release(
            release_files(newplans=bad_plans, assessments=bad_assessments),
            release=RELEASE_2025,
        )
    errors = raised.value.errors
    assert errors[0].startswith("newplans.csv: Row 2, column new_ehc_plans: 'many'")
    assert errors[1].startswith("assessments.csv: Row 2, column assess_not_issued: ")
    assert raised.value.total == 2
    assert not Dataset.objects.exists()


def test_an_older_file_is_refused_by_its_own_time_periods():
    # Called a newer release, but its figures stop in 2022: it is an old file.
    load(newplans_csv())
    before = figures()
    old = newplans_csv({"2021": {"England": "60000"}, "2022": {"England": "66000"}})
    with pytest.raises(OlderRelease, match="its figures run only to 2022") as raised:
        import_release(release_files(newplans=old), release=RELEASE_2026)
    assert "loaded run to 2024" in raised.value.message
    assert figures() == before
    assert Dataset.objects.get().reporting_year == 2025


def test_an_older_file_stops_the_whole_release_unless_kept_out():
    load(newplans_csv())
    old = newplans_csv({"2022": {"England": "66000"}})
    files = release_files(assessments=assessments_csv(), newplans=old)
    with pytest.raises(OlderRelease):
        import_release(files, release=RELEASE_2026)
    assert not Dataset.objects.filter(key="assessments").exists()
    result = import_release(files, release=RELEASE_2026, skip_older=True)
    assert result.kept == ["newplans"]
    assert [d.key for d in result.loaded] == ["assessments"]
    assert Dataset.objects.get(key="newplans").reporting_year == 2025


def test_a_data_set_given_twice_is_refused():
    files = [
        ReleaseFile("newplans", "a.csv", newplans_csv()),
        ReleaseFile("newplans", "b.csv", newplans_csv()),
    ]
    with pytest.raises(
        StatisticsFileError, match=r"b\.csv: holds the newplans data set, as a\.csv"
    ):
        import_release(files, release=RELEASE_2025)
    assert not Dataset.objects.exists()


def test_progress_is_reported_step_by_step():
    lines: list[str] = []
    import_release(
        release_files(newplans=newplans_csv(), assessments=assessments_csv()),
        release=RELEASE_2025,
        progress=lines.append,
    )
    assert lines == [
        "Checking newplans.csv",
        "Checking assessments.csv",
        "newplans: 6 figures (1 of 2)",
        "assessments: 10 figures (2 of 2)",
    ]
