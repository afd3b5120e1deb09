"""Where a page's time goes: cProfile of the case page and the EHC plan page (or any path given
with ``--path``) on the ``bench/foundation.py`` database, with production settings. Prints the
median time beside the minimal signed-in view, the queries (with any repeated one), the time in
template rendering, and the functions that cost most per request. Run after
``bench/foundation.py`` has seeded its database (see bench/README.md, "profile_pages")."""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.foundation as foundation  # noqa: E402  (sets the production environment)


def _profile(client, path: str, runs: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, calls, own, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = filename.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
        rows.append((cum / runs * 1000, own / runs * 1000, calls / runs, where, line, name))
    template = sum(r[1] for r in rows if r[3].startswith("django/template/"))
    print(f"  own time in django/template: {template:.2f} ms per request")
    rows.sort(reverse=True)
    print(f"  {'cum ms':>8} {'own ms':>8} {'calls':>8}  function")
    for cum, own, calls, where, line, name in rows[: int(os.environ.get("PROFILE_ROWS", "30"))]:
        print(f"  {cum:8.2f} {own:8.2f} {calls:8.1f}  {where}:{line}({name})")
    print("  by own time:")
    rows.sort(key=lambda row: row[1], reverse=True)
    for cum, own, calls, where, line, name in rows[:15]:
        print(f"  {cum:8.2f} {own:8.2f} {calls:8.1f}  {where}:{line}({name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--path", action="append", help="a page to profile")
    parser.add_argument(
        "--as",
        dest="who",
        choices=("manager", "coordinator", "parent"),
        default="manager",
        help="who reads the --path pages (the manager by default)",
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from ehcp.models import Plan
    from sendcpp.models import Case, User

    logging.disable(logging.INFO)
    coordinator = User.objects.filter(staff_profile__role="coordinator").order_by("id").first()
    manager = User.objects.filter(staff_profile__role="manager").first()
    case = Case.objects.filter(coordinator=coordinator).order_by("-id").first()
    plans = list(Plan.objects.all()[: foundation.PLANS])
    pages = [("case page", coordinator, f"/cases/{case.public_id}/")]
    if plans:
        plan = max(plans, key=lambda p: p.rows.count())
        pages.append(("EHC plan page", manager, f"/ehcp/plans/{plan.public_id}/"))
    reader = {
        "manager": manager,
        "coordinator": coordinator,
        "parent": User.objects.filter(username="bench-parent").first(),
    }[args.who]
    pages += [(path, reader, path) for path in args.path or []]
    with override_settings(ROOT_URLCONF="bench.bench_urls"):
        minimal = foundation.signed_in(coordinator)
        for label, user, path in pages:
            client = foundation.signed_in(user)
            client.get(path)
            timings, yardsticks = [], []
            for _ in range(args.runs):
                yardsticks.append(foundation._timed(minimal, foundation.MINIMAL))
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            median = statistics.median(timings)
            print(
                f"\n{label} ({path}): median {median:.1f} ms, "
                f"{median / statistics.median(yardsticks):.1f}x minimal, {len(queries)} queries"
            )
            repeated = Counter(q["sql"] for q in queries.captured_queries)
            for sql, count in repeated.items():
                if count > 1:
                    print(f"  repeated {count}x: {sql[:150]}")
            _profile(client, path, args.runs)


if __name__ == "__main__":
    main()
