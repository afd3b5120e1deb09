"""Checks against the DfE's full EHC plans release (reporting year 2025), too large to ship:

    .venv/bin/python bench/published_release.py --source DIR

DIR holds the release's open-data CSVs (``caseload.csv``, ``newplans.csv``...) and the tribunal
table; default ``$DFE_RELEASE_DIR``. Without it the script says so and stops (``make bench`` runs
on). Checks, without the database: every full file passes every check of the importer and reads
England's headline figure as published; and the extract shipped in ``dashboard/data`` is exactly
what the builder makes from these files today (the test suite checks the published figures from
that extract).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from dashboard.datasets import DATASETS, shipped_extract  # noqa: E402
from dashboard.extract import TRIBUNAL_SOURCE, extract_files  # noqa: E402
from dashboard.importers import read_statistics_file  # noqa: E402

FULL_FILE_FIGURES = [
    # (file, rows, indicators, England's headline figure as read from the full file)
    ("caseload", 25339, 48, ("202425", "ehcplans", "638745")),
    ("newplans", 17859, 48, ("2024", "new_ehc_plans", "97747")),
    ("requests", 13169, 17, ("2024", "requests_received_in_year", "154489")),
    ("sen_needs_all_plans", 13939, 27, ("202425", "number_asd", "201183")),
    ("timeliness_20_week", 12211, 14, ("2024", "plans_issued_20_weeks_ex", "39407")),
]


def check_full_files(source: Path) -> list[str]:
    problems = []
    for key, rows, indicators, (period, indicator, expected) in FULL_FILE_FIGURES:
        checked = read_statistics_file((source / f"{key}.csv").read_bytes(), dataset_key=key)
        if (checked.row_count, checked.value_count) != (rows, rows * indicators):
            problems.append(f"{key}: {checked.row_count} rows, {checked.value_count} figures")
        topic = DATASETS[key].headline_topic
        found = [
            number
            for code, time_period, found_topic, breakdown, name, number, _ in checked.values()
            if (code, time_period, found_topic, breakdown, name)
            == ("E92000001", period, topic, topic, indicator)
        ]
        if found != [expected]:
            problems.append(f"{key}: England {indicator} {period} read as {found}")
        print(f"  {key}: {checked.row_count:,} rows checked")
    return problems


def check_shipped_extract(source: Path) -> list[str]:
    specs = [spec for spec in DATASETS.values() if spec.shown_on_pages]
    names = [f"{s.key}.csv" for s in specs if s.key != "tribunal_appeal_rates"]
    files = {name: (source / name).read_bytes() for name in [*names, TRIBUNAL_SOURCE]}
    built = extract_files(files, specs)
    return [
        f"dashboard/data/{path.name} differs from what the builder makes"
        for path in shipped_extract().files.values()
        if path.read_text(encoding="utf-8") != built[path.name]
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=os.environ.get("DFE_RELEASE_DIR"))
    args = parser.parse_args()
    if not args.source or not Path(args.source).is_dir():
        print("No DfE release given (--source DIR or DFE_RELEASE_DIR): nothing checked.")
        return 0
    problems = check_full_files(args.source) + check_shipped_extract(args.source)
    for problem in problems:
        print(f"PROBLEM {problem}")
    print("The full release and the shipped extract agree." if not problems else "")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
