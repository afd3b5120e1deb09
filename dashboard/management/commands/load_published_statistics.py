"""Load published statistics: the extract shipped in ``dashboard/data/`` (the default, safe to
run again), or full open-data files from the DfE release given as paths. All the files given
load together or not at all (``services.import_release``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboard import services
from dashboard.datasets import DATASETS, Release, shipped_extract
from dashboard.importers import StatisticsFileError


class Command(BaseCommand):
    help = (
        "Load the published statistics shipped with the project, or open-data CSV files "
        "(a file, or a folder of them named like caseload.csv) from a DfE release. A release "
        "loads all or nothing: every file is checked before any is applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--dataset", help=f"One of: {', '.join(sorted(DATASETS))}")
        parser.add_argument("--reporting-year", type=int)
        parser.add_argument("--published-on", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, paths, dataset, reporting_year, published_on, **options):
        extract = shipped_extract()
        release = Release(
            reporting_year or extract.release.reporting_year,
            published_on or extract.release.published_on,
        )
        if not paths:
            files = [(key, path) for key, path in extract.files.items()]
            self._load(files, extract.release, skip_older=True)
            return
        if dataset and (len(paths) > 1 or paths[0].is_dir()):
            raise CommandError("--dataset names the data set of a single file")
        files = []
        for path in paths:
            if path.is_dir():
                files += [(p.stem, p) for p in sorted(path.glob("*.csv")) if p.stem in DATASETS]
            elif path.is_file():
                files.append((dataset or path.stem, path))
            else:
                raise CommandError(f"No such file or folder: {path}")
        if not files:
            raise CommandError("No open-data files of a known data set were found.")
        self._load(files, release, skip_older=False)

    def _load(self, files, release, *, skip_older):
        # The whole release in one go: every file checked first, then all applied in one
        # transaction, so a bad file anywhere leaves every data set as it was.
        release_files = [
            services.ReleaseFile(key, path.name, path.read_bytes()) for key, path in files
        ]
        try:
            result = services.import_release(
                release_files,
                release=release,
                skip_older=skip_older,
            )
        except services.OlderRelease as error:
            raise CommandError(error.message) from error
        except StatisticsFileError as error:
            for problem in error.errors:
                self.stderr.write(problem)
            raise CommandError(error.message) from error
        for key in result.kept:
            self.stdout.write(f"{key}: kept the newer release already loaded")
        for loaded in result.loaded:
            self.stdout.write(f"{loaded.key}: {loaded.value_count} figures ({loaded})")
        self.stdout.write(self.style.SUCCESS("Published statistics loaded."))
