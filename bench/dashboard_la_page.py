"""Benchmark: the public dashboard page of one local authority, with the full national data set.

    DJANGO_SETTINGS_MODULE=sendcpp.settings.base DJANGO_DEBUG=true \
        .venv/bin/python bench/dashboard_la_page.py [--source DIR] [--requests 50] [--area CODE]

Loads every open-data file of the DfE EHC plans release found in ``--source`` (default: the
release in $DFE_RELEASE_DIR; if unset or absent, the extract
that ships in dashboard/data) into the database named by DATABASE_URL, then times the page with
django.test.Client: median server time with the page cache cleared before every request (cold),
with the cache warm, and for a trivial page for comparison. Target: under 200 ms median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from dashboard.datasets import DATASETS, shipped_extract  # noqa: E402
from dashboard.models import StatisticValue  # noqa: E402
from dashboard.services import import_statistics  # noqa: E402

DEFAULT_SOURCE = Path(os.environ.get("DFE_RELEASE_DIR", ROOT / "var" / "no-release"))


def load(source: Path) -> None:
    extract = shipped_extract()
    started = time.perf_counter()
    for key in DATASETS:
        full = source / f"{key}.csv"
        path = full if full.is_file() else extract.files.get(key)
        if path is None:
            continue
        dataset = import_statistics(
            path.read_bytes(), dataset_key=key, release=extract.release, source_name=path.name
        )
        print(f"  {key}: {dataset.value_count:,} figures from {path}")
    total = StatisticValue.objects.count()
    print(f"Loaded {total:,} figures in {time.perf_counter() - started:.1f} s")


def timed(client: Client, url: str, runs: int, *, cold: bool) -> tuple[list[float], int]:
    times = []
    queries = 0
    for _ in range(runs):
        if cold:
            cache.clear()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return times, queries


def report(label: str, times: list[float], queries: int) -> None:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    print(
        f"{label:<42} median {statistics.median(times):7.1f} ms   p90 {p90:7.1f} ms   "
        f"{queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--area", default="E06000030", help="ONS code (default Swindon)")
    args = parser.parse_args()
    print(
        f"Loading the national data set from {args.source if args.source.is_dir() else 'the shipped extract'}"
    )
    load(args.source)
    client = Client()
    page = f"/dashboard/areas/{args.area}/"
    client.get(page, HTTP_HOST="localhost")  # warm up imports and connections
    client.get("/accessibility/", HTTP_HOST="localhost")
    print(f"{args.requests} requests each:")
    report(
        f"LA page {args.area}, cache cleared each time",
        *timed(client, page, args.requests, cold=True),
    )
    report(f"LA page {args.area}, cache warm", *timed(client, page, args.requests, cold=False))
    report(
        "trivial page (/accessibility/)",
        *timed(client, "/accessibility/", args.requests, cold=False),
    )


if __name__ == "__main__":
    main()
