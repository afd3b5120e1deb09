"""Benchmark of the shared case model at scale: seeds 50,000 cases (once) and prints the median
server time of the caseload page, case page, child search, family home and API list, next to a
minimal authenticated view measured in the same run; then the deadline-reminder sweep's time and
query count. Run with `make bench` (or see bench/README.md)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")
# Measured as production runs: DEBUG off (cached templates), real security settings.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendcpp_bench")
CASES = int(os.environ.get("BENCH_CASES", "50000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sendcpp import reminders
    from sendcpp.models import Case, Notification, Relationship, User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Case.objects.count() < CASES:
        call_command("seed_scale", cases=CASES - Case.objects.count())

    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    coordinator = User.objects.filter(staff_profile__role="coordinator").order_by("id").first()
    manager = User.objects.filter(staff_profile__role="manager").first()
    case = Case.objects.filter(coordinator=coordinator).order_by("-id").first()
    parent, _ = User.objects.get_or_create(
        username="bench-parent", defaults={"account_type": "family"}
    )
    Relationship.objects.get_or_create(
        child=case.child,
        user=parent,
        defaults={"full_name": "Bench Parent", "kind": "mother", "portal_access": True},
    )
    surname = case.child.legal_last_name
    print(
        f"Data: {Case.objects.count()} cases; coordinator caseload {Case.objects.filter(coordinator=coordinator).count()}"
    )

    pages = [
        ("minimal authenticated view", coordinator, "/bench/minimal/"),
        ("coordinator caseload", coordinator, "/"),
        ("team caseload, page 5", coordinator, "/?view=team&page=5"),
        ("case page", coordinator, f"/cases/{case.public_id}/"),
        # The search is posted and its results page carries only an opaque token: post once
        # (not timed), then time the results page.
        ("child search (surname)", coordinator, {"q": surname}),
        ("manager: all cases, page 100", manager, "/cases/?page=100"),
        ("manager: overdue deadlines", manager, "/deadlines/?when=overdue"),
        ("family home", parent, "/"),
        ("API case list (manager)", manager, "/api/v1/cases/?page=50"),
    ]
    with override_settings(ROOT_URLCONF="bench.bench_urls"):
        results = []
        for label, user, path in pages:
            client = signed_in(user)
            if isinstance(path, dict):
                path = client.post("/children/search/", path)["Location"]
            client.get(path)  # warm
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            results.append((label, statistics.median(timings), len(queries)))
    baseline = results[0][1]
    print(f"\n{'page':36} {'median ms':>10} {'x minimal':>10} {'queries':>8}")
    for label, median, queries in results:
        print(f"{label:36} {median:10.1f} {median / baseline:10.1f} {queries:8d}")

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM sendcpp_case WHERE coordinator_id = %s AND closed_on IS NULL "
            "ORDER BY next_due_on ASC NULLS LAST, id LIMIT 25",
            [coordinator.pk],
        )
        plan = " | ".join(row[0].strip() for row in cursor.fetchall()[:3])
    print(f"\nCaseload query plan: {plan}")

    Notification.objects.filter(key__startswith="deadline:").delete()
    settings.CELERY_TASK_ALWAYS_EAGER = False  # measure the sweep itself; emails go to workers
    from sendcpp.tasks import send_notification_emails

    send_notification_emails.delay_on_commit = lambda ids: None
    today = timezone.localdate()
    for label in ("first sweep (writes reminders)", "second sweep (nothing new)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            written = reminders.sweep(today)
            seconds = time.perf_counter() - started
        print(
            f"Reminder sweep, {label}: {seconds:.2f} s, {len(queries)} queries, {len(written)} reminders written"
        )


if __name__ == "__main__":
    main()
