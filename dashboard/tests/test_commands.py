"""The management commands that load statistics."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dashboard.models import Dataset, StatisticValue
from dashboard.tests.factories import newplans_csv

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_published_statistics", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_full_file_is_loaded_by_path(tmp_path):
    path = tmp_path / "newplans.csv"
    path.write_bytes(newplans_csv())
    output = run(str(path), "--reporting-year", "2025", "--published-on", "2025-06-26")
    assert "newplans: 6 figures" in output
    assert StatisticValue.objects.count() == 6


def test_a_folder_loads_the_files_it_knows(tmp_path):
    (tmp_path / "newplans.csv").write_bytes(newplans_csv())
    (tmp_path / "notes.csv").write_text("not statistics")
    run(str(tmp_path))
    assert list(Dataset.objects.values_list("key", flat=True)) == ["newplans"]


def test_a_bad_file_is_refused_with_its_problems(tmp_path):
    path = tmp_path / "renamed.csv"
    path.write_bytes(newplans_csv().replace(b"97747", b"lots"))
    with pytest.raises(CommandError, match="Row 5, column new_ehc_plans"):
        run(str(path), "--dataset", "newplans")
    assert not StatisticValue.objects.exists()


def test_an_older_release_is_refused(tmp_path):
    path = tmp_path / "newplans.csv"
    path.write_bytes(newplans_csv())
    run(str(path))
    with pytest.raises(CommandError, match="older 2024 release"):
        run(str(path), "--reporting-year", "2024", "--published-on", "2024-06-20")


def test_a_missing_path_is_refused():
    with pytest.raises(CommandError, match="No such file"):
        run("/nowhere/newplans.csv")


def test_a_folder_with_a_broken_second_file_loads_nothing(tmp_path):
    from dashboard.tests.factories import assessments_csv

    (tmp_path / "assessments.csv").write_bytes(assessments_csv())
    (tmp_path / "newplans.csv").write_bytes(newplans_csv().replace(b"97747", b"lots"))
    with pytest.raises(CommandError, match="The release was not loaded"):
        run(str(tmp_path))
    assert not Dataset.objects.exists()
    assert not StatisticValue.objects.exists()


def test_an_older_file_is_refused_by_its_time_periods(tmp_path):
    path = tmp_path / "newplans.csv"
    path.write_bytes(newplans_csv())
    run(str(path))
    old = tmp_path / "old" / "newplans.csv"
    old.parent.mkdir()
    old.write_bytes(newplans_csv({"2021": {"England": "60000"}}))
    with pytest.raises(CommandError, match="its figures run only to 2021"):
        run(str(old), "--reporting-year", "2026", "--published-on", "2026-06-25")
    assert set(StatisticValue.objects.values_list("time_period", flat=True)) == {"2023", "2024"}
