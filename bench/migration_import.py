"""Caseload migration at 20,000 cases:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendcpp_exchange_bench \\
        REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/migration_import.py

Migrates the database named by ``DATABASE_URL`` (created if missing), adds a council with a team
and a SEND manager, and writes a CSV of ``--cases`` rows in the documented layout (a quarter each
at request, assessment, drafting and maintained). Then times, through the same services the pages
call: checking the file with one bad row (refused, the row and column named, nothing created);
checking the corrected file (the dry run); the import itself (the background task's work, one
transaction); and checking the file again (every row already imported: nothing to create).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendcpp_exchange_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from records import services  # noqa: E402
from records.models import MigratedCase, MigrationStatus  # noqa: E402
from records.tests.factories import caseload_csv, caseload_rows  # noqa: E402
from sendcpp.models import Deadline, Organisation, StaffProfile, Team, User  # noqa: E402


def _council(suffix: str) -> User:
    la = Organisation.objects.create(
        name=f"Bench Council {suffix}", kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="999"
    )
    from django.contrib.auth.models import Group

    group = Group.objects.create(name=f"Bench team {suffix}")
    Team.objects.create(name="North team", local_authority=la, group=group)
    manager = User.objects.create(
        username=f"bench-manager-{suffix}",
        account_type=User.AccountType.STAFF,
        organisation=la,
    )
    StaffProfile.objects.create(user=manager, role=StaffProfile.Role.MANAGER)
    return manager


def _timed(label: str, call):
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s")
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    manager = _council(str(int(time.time())))
    rows = caseload_rows(args.cases)
    good = caseload_csv(rows)
    bad_rows = [dict(row) for row in rows]
    bad_rows[args.cases // 2]["plan_made_on" if args.cases // 2 % 4 == 3 else "date_of_birth"] = (
        "31/02/2020"
    )
    bad = caseload_csv(bad_rows)
    print(f"{args.cases:,} cases, {len(good) / 1e6:.1f} MB of CSV")
    before = MigratedCase.objects.count()
    refused, _ = _timed(
        "check, one bad row", lambda: services.check_caseload_file("bad.csv", bad, by=manager)
    )
    print(f"    refused: {refused.problems}")
    assert refused.status == MigrationStatus.REFUSED
    assert MigratedCase.objects.count() == before
    run, _ = _timed(
        "check, corrected file (dry run)",
        lambda: services.check_caseload_file("good.csv", good, by=manager),
    )
    print(f"    would open: {run.report['deadlines']}")
    run.status = MigrationStatus.QUEUED
    run.started_by = manager
    run.save(update_fields=["status", "started_by"])
    done, seconds = _timed("import", lambda: services.import_caseload(run.pk))
    assert done.status == MigrationStatus.DONE, done.problems
    created = MigratedCase.objects.filter(run=run).count()
    deadlines = Deadline.objects.filter(case__migrated_from__run=run).count()
    print(
        f"    {created:,} cases and {deadlines:,} open deadlines: {created / seconds:.0f} cases/s"
    )
    again, _ = _timed(
        "check again (all already imported)",
        lambda: services.check_caseload_file("good.csv", good, by=manager),
    )
    print(
        f"    {again.report['already_imported']:,} already imported, {again.report['cases']} to create"
    )
    print(f"database: {connection.settings_dict['NAME']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
