"""The per-request floor: what every signed-in page pays before its own work.

    .venv/bin/python bench/floor.py [--cases 2000] [--requests 2000] [--users 10] [--workers 4]
                                    [--path /accessibility/] [--runs 200] [--no-server]

Against its own small database (``DATABASE_URL``, default ``.../sendcpp_floor_bench``, seeded
once with ``manage.py seed_scale --cases N``) and Redis (``REDIS_URL``: sessions are then read
from Redis, as in production), with production settings (DEBUG off, cached templates, collected
static files, JSON logs), it signs in a coordinator with two-factor authentication completed and:

1. in-process (Django's test client): the query count and median time of a minimal
   authenticated view (``bench.bench_urls``) and of the page, and a cProfile breakdown of the
   page averaged over ``--runs`` requests (milliseconds per request);
2. under gunicorn (``--workers`` sync workers on loopback): ``--requests`` requests from
   ``--users`` concurrent clients, each with its own keep-alive session, and prints the
   throughput, the median and 95th percentile latency and the workers' CPU time per request;
3. with ``--audit-reads N``: the audit page's records-viewed query over N reads (seeded once
   with SQL), with and without an exact count, page by key and page by offset.

See bench/README.md ("floor") for figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The production settings and the database and server helpers are the load benchmark's.
from bench.load import (  # noqa: E402
    PRODUCTION_ENV,
    ensure_database,
    free_port,
    start,
    stop,
    wait_ready,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/sendcpp_floor_bench"


def prepare(cases: int) -> None:
    from django.core.management import call_command

    from sendcpp.models import Case

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Case.objects.count() < cases:
        call_command("seed_scale", cases=cases - Case.objects.count())


def coordinator_session() -> tuple[str, object]:
    """A session key for a coordinator signed in with two-factor completed, and the user."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (
        TOTPDevice.objects.filter(confirmed=True, user__staff_profile__role="coordinator")
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if device is None:
        raise SystemExit("No coordinator with a security device: seed the database first.")
    client = Client()
    client.force_login(device.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key, device.user


def _client(session_key: str):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _timed(client, path: str, runs: int) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each request, and this process's CPU milliseconds per request
    (steadier than the wall clock on a busy machine)."""
    client.get(path)  # warm: templates loaded, connection open
    timings = []
    cpu_started = time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return timings, (time.process_time() - cpu_started) * 1000 / runs


def in_process(session_key: str, path: str, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ROOT_URLCONF="bench.bench_urls"):
        client = _client(session_key)
        print(f"\nIn-process, median of {runs} requests (Django test client):")
        print(f"{'page':30} {'median ms':>10} {'CPU ms':>8} {'queries':>8}")
        for label, url in (("minimal authenticated view", "/bench/minimal/"), (path, path)):
            timings, cpu = _timed(client, url, runs)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            print(f"{label:30} {statistics.median(timings):10.2f} {cpu:8.2f} {len(queries):8d}")
            for query in queries.captured_queries:
                print(f"    {query['sql'][:110]}")

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(path)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"\ncProfile of {path}, cumulative ms per request (averaged over {runs}):")
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        where = filename.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
        rows.append((cumtime / runs * 1000, tottime / runs * 1000, calls / runs, where, line, name))
    rows.sort(reverse=True)
    print(f"{'cum ms':>8} {'own ms':>8} {'calls':>7}  function")
    for cum, own, calls, where, line, name in rows[:45]:
        print(f"{cum:8.2f} {own:8.2f} {calls:7.1f}  {where}:{line}({name})")
    print("\nThe same, by time spent in the function itself:")
    rows.sort(key=lambda row: row[1], reverse=True)
    for cum, own, calls, where, line, name in rows[:25]:
        print(f"{cum:8.2f} {own:8.2f} {calls:7.1f}  {where}:{line}({name})")


def _drive(base: str, path: str, cookie: str, count: int, timings: list[float], errors: list):
    import requests

    session = requests.Session()
    # The cookie is sent as a header on every request: the session cookie the server sets is
    # marked Secure, which a cookie jar would not send back over plain HTTP (the client would
    # go on as an anonymous visitor).
    session.headers["Cookie"] = f"sessionid={cookie}"
    for _ in range(count):
        started = time.perf_counter()
        try:
            response = session.get(base + path, timeout=30, allow_redirects=False)
        except requests.RequestException as error:
            errors.append(repr(error))
            continue
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            errors.append(response.status_code)
        elif b'id="navigation"' not in response.content:
            errors.append("answered as to someone signed out")


def _workers_cpu_seconds(master: int) -> float:
    """User and system CPU seconds used so far by the gunicorn master's worker processes."""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def under_gunicorn(session_key: str, path: str, workers: int, users: int, requests_: int) -> None:

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = ROOT / "var" / "bench-floor-web.log"
    log.parent.mkdir(exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "sendcpp.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--no-control-socket",
    ]
    server = start(command, log)
    try:
        wait_ready(base, seconds=60)
        # Warm every worker (templates, connections) before timing.
        warm: list[float] = []
        _drive(base, path, session_key, workers * 5, warm, [])
        timings: list[float] = []
        errors: list = []
        each = requests_ // users
        threads = [
            threading.Thread(target=_drive, args=(base, path, session_key, each, timings, errors))
            for _ in range(users)
        ]
        cpu_before = _workers_cpu_seconds(server.pid)
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        worker_cpu = _workers_cpu_seconds(server.pid) - cpu_before
    finally:
        stop(server)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1] if timings else 0.0
    print(
        f"\ngunicorn, {workers} sync workers, {users} concurrent clients, {len(timings)} requests"
        f" of {path}:"
    )
    print(
        f"  {len(timings) / elapsed:.1f} req/s, median {statistics.median(timings):.1f} ms,"
        f" p95 {p95:.1f} ms, errors {len(errors)}" + (f" (first: {errors[0]})" if errors else "")
    )
    print(f"  workers' CPU per request {worker_cpu * 1000 / max(len(timings), 1):.2f} ms")


SEED_READS = """
WITH cases AS (
    SELECT array_agg(id ORDER BY id) AS case_ids, array_agg(child_id ORDER BY id) AS child_ids,
           count(*) AS n
    FROM sendcpp_case
), staff AS (
    SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM sendcpp_user
    WHERE account_type = 'staff'
)
INSERT INTO sendcpp_accesslog (at, user_id, child_id, case_id, what, item, via, route)
SELECT now() - g * interval '30 seconds', staff.ids[(1 + g %% staff.n)::int],
       cases.child_ids[(1 + g * 7919 %% cases.n)::int], cases.case_ids[(1 + g * 7919 %% cases.n)::int],
       'case', '', 'web', 'sendcpp:case-detail'
FROM generate_series(1::bigint, %s::bigint) g, cases, staff
"""


def audit_reads(rows: int) -> None:
    """The audit page's records-viewed query over ``rows`` reads (seeded once, one every 30
    seconds back from now): the exact count a numbered pager needs, the first page, the next
    page read by key, and page 100 read by offset, for each filter."""
    import datetime as dt

    from django.db import connection
    from django.db.models import Q

    from sendcpp import audit
    from sendcpp.models import AccessLog, User

    have = AccessLog.objects.count()
    if have < rows:
        with connection.cursor() as cursor:
            cursor.execute(SEED_READS, [rows - have])
            cursor.execute("ANALYZE sendcpp_accesslog")
    manager = User.objects.filter(staff_profile__role="manager").order_by("id").first()
    person = User.objects.filter(staff_profile__role="coordinator").order_by("id").first()
    child = AccessLog.objects.order_by("-at", "-id").first().child
    today = dt.date.today()
    month = {"since": today - dt.timedelta(days=60), "until": today - dt.timedelta(days=31)}
    filters = {
        "no filter": audit.AuditFilters(),
        "child": audit.AuditFilters(child=child),
        "person": audit.AuditFilters(user=person),
        "a month": audit.AuditFilters(**month),
        "person, a month": audit.AuditFilters(user=person, **month),
    }

    def ms(work) -> tuple[float, object]:
        started = time.perf_counter()
        result = work()
        return (time.perf_counter() - started) * 1000, result

    print(f"\nAudit log, records viewed, over {AccessLog.objects.count()} reads (ms):")
    print(f"{'filter':16} {'rows':>8} {'count':>8} {'page 1':>8} {'next/key':>9} {'p100/off':>9}")
    for label, chosen in filters.items():
        reads = audit.reads_for(manager, chosen)
        counted, total = ms(reads.count)
        first, page = ms(lambda reads=reads: list(reads[:26]))
        last = page[-1]
        after = Q(at__lt=last.at) | Q(at=last.at, id__lt=last.id)
        seek, _ = ms(lambda reads=reads, after=after: list(reads.filter(after)[:26]))
        offset, _ = ms(lambda reads=reads: list(reads[2475:2501]))
        print(f"{label:16} {total:8d} {counted:8.1f} {first:8.1f} {seek:9.1f} {offset:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--path", default="/accessibility/")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-server", action="store_true", help="in-process figures only")
    parser.add_argument(
        "--audit-reads",
        type=int,
        default=0,
        help="also time the audit page's query over this many reads (seeded once)",
    )
    options = parser.parse_args()

    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.template import engines

    prepare(options.cases)
    loaders = [type(loader).__module__ for loader in engines["django"].engine.template_loaders]
    print(
        f"Sessions: {settings.SESSION_ENGINE}; cache: {settings.CACHES['default']['BACKEND']};"
        f" template loaders: {', '.join(loaders)}; DEBUG {settings.DEBUG};"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    session_key, _user = coordinator_session()
    in_process(session_key, options.path, options.runs)
    if not options.no_server:
        under_gunicorn(session_key, options.path, options.workers, options.users, options.requests)
    if options.audit_reads:
        audit_reads(options.audit_reads)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
