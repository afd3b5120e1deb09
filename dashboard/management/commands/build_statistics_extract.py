"""Build the compact extract of published statistics shipped in ``dashboard/data/`` from a full
download of the DfE release (run once per release; the app never reads the source folder)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboard.datasets import DATASETS
from dashboard.extract import TRIBUNAL_SOURCE, extract_files

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = "Build dashboard/data/ from a folder holding a full DfE EHC plans release."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="Folder with caseload.csv, requests.csv...")
        parser.add_argument("--reporting-year", type=int, required=True)
        parser.add_argument(
            "--published-on", type=date.fromisoformat, required=True, help="YYYY-MM-DD"
        )
        parser.add_argument("--out", type=Path, default=DATA_DIR)

    def handle(
        self, *args, source: Path, reporting_year: int, published_on: date, out: Path, **options
    ):
        specs = [spec for spec in DATASETS.values() if spec.shown_on_pages]
        names = [f"{spec.key}.csv" for spec in specs if spec.key != "tribunal_appeal_rates"]
        missing = [name for name in [*names, TRIBUNAL_SOURCE] if not (source / name).is_file()]
        if missing:
            raise CommandError(f"Not found in {source}: {', '.join(missing)}")
        files = extract_files(
            {name: (source / name).read_bytes() for name in [*names, TRIBUNAL_SOURCE]}, specs
        )
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
            self.stdout.write(f"{name}: {text.count(chr(10)) - 1} rows, {len(text) // 1024} KB")
        manifest = {
            "reporting_year": reporting_year,
            "published_on": published_on.isoformat(),
            "files": {name.removesuffix(".csv"): name for name in sorted(files)},
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Extract written to {out}"))
