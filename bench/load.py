"""Load benchmark: the production shape under concurrent signed-in users.

    .venv/bin/python bench/load.py [--cases 50000] [--stage-seconds 60] [--users 10,50]
                                   [--web-workers 3] [--classes sync,gthread] [--plans 60]
                                   [--think 0.5,1.5 | --think 0] [--no-background]

Against its own database (``DATABASE_URL``, default ``.../sendcpp_bench``; seeded once with
``manage.py seed_scale --cases N`` and ``seed_ehcp`` for the first plans) and Redis
(``REDIS_URL``, else an embedded one), with production settings (DEBUG off, JSON logs), it starts
gunicorn with several workers (sync workers, then in a second pass gthread) and two Celery
workers, then drives them with locust, headless and on loopback only, for ``--stage-seconds`` at
each number of concurrent users. Each user is a coordinator signed in with two-factor
authentication completed, on a mix of their caseload, a case page, a child search, a plan page and
the API case list. During each stage plan versions are issued through the service (their PDFs
are made by the workers) and two deadline-reminder sweeps are queued at once.

Prints, per stage: throughput, median/p95/p99 per page, errors, reminders written (and checks
each was written exactly once: a third sweep writes nothing and no reminder key repeats) and plan
PDFs made. With ``--think 0`` each user sends its next request as soon as the last is answered,
so the throughput is the server's on the mix itself (``--no-background`` leaves out the sweeps
and PDFs). See bench/README.md for figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-load"

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "sendcpp.settings.base",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "LOG_FORMAT": "json",
    "ACCESS_LOG_LEVEL": "WARNING",
    "LOG_LEVEL": "WARNING",
    "PARTNER_API_RATE": "100000/minute",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def prepare(cases: int, plans: int) -> None:
    from sendcpp.models import Case

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    manage("load_bank_holidays", "--quiet-if-loaded")
    have = Case.objects.count()
    if have < cases:
        manage("seed_scale", "--cases", str(cases - have))
    manage("seed_ehcp", "--cases", str(plans))


def sign_in_users(limit: int = 50) -> Path:
    """Sessions for coordinators who have plans: cookies, their cases and plans, a surname."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ehcp.models import Plan
    from sendcpp.models import Case, User

    users = []
    coordinator_ids = (
        Plan.objects.values_list("case__coordinator_id", flat=True).distinct().order_by()
    )
    for user in User.objects.filter(pk__in=list(coordinator_ids)[:limit]):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            continue
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        mine = Case.objects.filter(coordinator=user).select_related("child").order_by("id")[:50]
        users.append(
            {
                "session": session.session_key,
                "cases": [str(c.public_id) for c in mine],
                "plans": [
                    str(p)
                    for p in Plan.objects.filter(case__coordinator=user).values_list(
                        "public_id", flat=True
                    )
                ],
                "surname": mine[0].child.legal_last_name,
            }
        )
    if not users:
        raise SystemExit("No coordinator with a plan and a security device: seed more plans.")
    path = VAR / "users.json"
    path.write_text(json.dumps(users), encoding="utf-8")
    return path


def start(command: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_ready(base: str, seconds: float = 90) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the web server at {base} did not start (see {VAR}/web.log)")


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def counts() -> dict[str, int]:
    from ehcp.documents import PLAN_VERSION_PDF
    from sendcpp.models import Document, Notification

    del PLAN_VERSION_PDF  # imported so the PDF source is registered
    return {
        "reminders": Notification.objects.filter(key__startswith="deadline").count(),
        "notifications": Notification.objects.count(),
        "pdfs_ready": Document.objects.filter(
            kind=Document.Kind.PLAN, status=Document.Status.READY
        ).count(),
        "pdfs_pending": Document.objects.filter(
            kind=Document.Kind.PLAN, status=Document.Status.PENDING
        ).count(),
    }


def issue_plan_versions(count: int) -> None:
    """Issue a new final version of ``count`` plans through the service, as a coordinator does:
    each queues its PDF on commit, for the workers to make."""
    from django.db import transaction
    from django.utils import timezone

    from ehcp.models import Plan
    from ehcp.services.plans import issue_version

    for plan in Plan.objects.select_related("case__coordinator").order_by("?")[:count]:
        with transaction.atomic():
            issue_version(
                plan, kind="final", issued_on=timezone.localdate(), by=plan.case.coordinator
            )


def run_stage(
    base: str,
    users: int,
    seconds: int,
    users_file: Path,
    label: str,
    plans: int,
    think: str = "0.5,1.5",
    background: bool = True,
):
    from django.utils import timezone

    from sendcpp import reminders
    from sendcpp.tasks import sweep_deadline_reminders

    before = counts()
    prefix = VAR / label
    locust = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_USERS_FILE": str(users_file), "BENCH_THINK": think},
        stdout=subprocess.DEVNULL,
        stderr=(VAR / "locust.log").open("ab"),
    )
    if background:
        time.sleep(min(5, seconds / 4))
        # Background work while the users are on: two sweeps at once, and plans issued (their
        # PDFs are made by the workers).
        sweep_deadline_reminders.delay()
        sweep_deadline_reminders.delay()
        issue_plan_versions(plans)
    locust.wait()
    if background:
        time.sleep(5)  # let the sweeps finish
    after = counts()
    third = len(reminders.sweep(timezone.localdate()))
    return read_stats(prefix), before, after, third


def print_stage(title: str, stats, before, after, third, seconds: int) -> None:
    print(f"\n{title}")
    print(f"{'page':<16} {'requests':>8} {'errors':>6} {'median':>7} {'p95':>6} {'p99':>6}")
    for row in stats:
        name = row["Name"]
        if name in ("search form", "search posted"):  # once per user, as they start
            continue
        print(
            f"{name:<16} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>6} {row['99%']:>6}"
        )
    total = next(row for row in stats if row["Name"] == "Aggregated")
    print(
        f"throughput {float(total['Requests/s']):.1f} requests/s over {seconds} s; "
        f"errors {total['Failure Count']} (times in ms)"
    )
    written = after["reminders"] - before["reminders"]
    print(
        f"reminders written {written} (a third sweep wrote {third}: "
        f"{'each exactly once' if third == 0 else 'NOT exactly once'}); "
        f"plan PDFs made {after['pdfs_ready'] - before['pdfs_ready']}, "
        f"still queued {after['pdfs_pending']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", 50000)))
    parser.add_argument("--stage-seconds", type=int, default=60)
    parser.add_argument("--users", default="10,50")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--classes", default="sync,gthread")
    parser.add_argument("--plans", type=int, default=60, help="cases given EHC records first")
    parser.add_argument(
        "--pdfs", type=int, default=10, help="plan versions issued (PDFs made) per stage"
    )
    parser.add_argument(
        "--think",
        default="0.5,1.5",
        help="each user's wait between requests, MIN,MAX seconds; 0: none (the server's throughput)",
    )
    parser.add_argument(
        "--no-background",
        action="store_true",
        help="no reminder sweeps or plan PDFs during the stages: the page mix only",
    )
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.update({k: v for k, v in PRODUCTION_ENV.items() if k not in os.environ})
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendcpp_bench")
    redis = None
    if not os.environ.get("REDIS_URL"):
        from sendcpp.embedded import EmbeddedRedis

        redis = EmbeddedRedis(VAR / "redis").start()
        os.environ["REDIS_URL"] = redis.url
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    try:
        started = time.monotonic()
        prepare(args.cases, args.plans)
        users_file = sign_in_users()
        print(
            f"Prepared in {time.monotonic() - started:.0f} s: {args.cases} cases, "
            f"{len(json.loads(users_file.read_text()))} signed-in coordinators"
        )
        workers = [
            start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "sendcpp",
                    "worker",
                    "--loglevel",
                    "WARNING",
                    "--concurrency",
                    "1",
                    "-n",
                    f"load{n}@%h",
                ],
                VAR / f"worker{n}.log",
            )
            for n in (1, 2)
        ]
        try:
            for worker_class in args.classes.split(","):
                port = free_port()
                web = start(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "sendcpp.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(args.web_workers),
                        "--worker-class",
                        worker_class,
                        # gunicorn turns sync workers into gthread ones when given threads.
                        *(["--threads", "4"] if worker_class == "gthread" else []),
                        "--no-control-socket",
                        "--timeout",
                        "60",
                    ],
                    VAR / "web.log",
                )
                try:
                    wait_ready(f"http://127.0.0.1:{port}")
                    for users in [int(u) for u in args.users.split(",")]:
                        label = f"{worker_class}-{users}"
                        result = run_stage(
                            f"http://127.0.0.1:{port}",
                            users,
                            args.stage_seconds,
                            users_file,
                            label,
                            args.pdfs,
                            think=args.think,
                            background=not args.no_background,
                        )
                        print_stage(
                            f"gunicorn {worker_class}, {args.web_workers} workers, "
                            f"{users} users, 2 Celery workers:",
                            *result,
                            args.stage_seconds,
                        )
                finally:
                    stop(web)
        finally:
            for worker in workers:
                stop(worker)
    finally:
        if redis is not None:
            redis.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
