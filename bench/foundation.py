"""Benchmark of the hot pages at scale: seeds a large local authority once (50,000 cases by
default, ``--cases 650000`` for the national caseload in one database) with a year of access-log
reads, then prints for each page the median server time and its ratio to a minimal
authenticated view timed in turn with it, the query count, and an ``EXPLAIN`` line: the indexes
its queries use and any sequential scan of the case, child, deadline or access-log tables. Then
the tailored-list matcher over every setting in the region and the deadline-reminder sweep. Run
with `make bench` (or see bench/README.md)."""

from __future__ import annotations

import argparse
import contextlib
import html
import logging
import os
import re
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

# The tables that grow with the authority: a sequential scan of any of them on a hot page is a bug.
BIG_TABLES = ("sendcpp_case", "sendcpp_child", "sendcpp_deadline", "sendcpp_accesslog")
AGENDA_ITEMS = 40
MINIMAL = "/bench/minimal/"  # the yardstick: a signed-in request that does nothing
PLANS = 30


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(cases: int) -> None:
    """The authority, once: cases with a year of access-log reads, the first plans, the region's
    settings in the directory, and a panel meeting with a full agenda."""
    from django.core.management import call_command

    from ehcp.models import Plan
    from sendcpp.models import AccessLog, Case

    have = Case.objects.count()
    if have < cases:
        call_command(
            "seed_scale", cases=cases - have, access_log_days=0 if have else 365, verbosity=1
        )
    elif not AccessLog.objects.exists():
        call_command("seed_scale", cases=0, access_log_days=365)
    if not Plan.objects.exists():
        call_command("seed_ehcp", cases=PLANS)
    directory_of_region()
    panel_meeting()
    from dashboard.models import StatisticValue

    if not StatisticValue.objects.exists():
        from bench.dashboard_la_page import DEFAULT_SOURCE, load

        load(DEFAULT_SOURCE)  # the DfE release if there is one, else the shipped extract


def settle() -> None:
    """What autovacuum does to freshly written tables before anyone reads them in production:
    flush the GIN indexes' pending lists (the child name-word index otherwise keeps all 50,000
    children in an unsorted list that every name search reads through), set the visibility map
    and refresh the statistics. The shared machine's PostgreSQL runs with autovacuum off.
    Seconds on a settled database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def directory_of_region() -> None:
    """A directory entry for every setting in the region (what GIAS import would make)."""
    import random

    from placements.models import Phase, ProvisionType, Setting
    from sendcpp.models import Organisation

    kinds = {
        Organisation.Kind.SCHOOL: (ProvisionType.MAINSTREAM, 4, 11),
        Organisation.Kind.SPECIAL_SCHOOL: (ProvisionType.SPECIAL, 4, 19),
        Organisation.Kind.COLLEGE: (ProvisionType.COLLEGE, 16, 25),
        Organisation.Kind.EARLY_YEARS: (ProvisionType.EARLY_YEARS, 2, 5),
        Organisation.Kind.ALTERNATIVE_PROVISION: (ProvisionType.ALTERNATIVE, 11, 16),
        Organisation.Kind.INDEPENDENT: (ProvisionType.INDEPENDENT_SPECIAL, 7, 19),
    }
    rng = random.Random(7)
    missing = Organisation.objects.filter(kind__in=kinds, directory_entry__isnull=True)
    Setting.objects.bulk_create(
        [
            Setting(
                organisation=org,
                provision_type=kinds[org.kind][0],
                phase=Phase.NOT_APPLICABLE,
                low_age=kinds[org.kind][1],
                high_age=kinds[org.kind][2],
                need_types=rng.sample(["ASD", "SEMH", "SLCN", "MLD", "SPLD", "PD", "HI"], 2),
                easting=400000 + rng.randint(0, 60000),
                northing=300000 + rng.randint(0, 60000),
                places=20,
                vacancies=rng.randint(0, 5),
            )
            for org in missing
        ],
        batch_size=2000,
    )


def panel_meeting() -> None:
    from django.core.management import call_command

    from ehcp import services as ehcp_services
    from panels import services
    from panels.models import AgendaItem, DecisionKind, PanelMeeting
    from sendcpp.exceptions import DomainError
    from sendcpp.models import Case, Stage, User

    if not PanelMeeting.objects.exists():
        call_command("seed_panels")
    meeting = PanelMeeting.objects.order_by("id").first()
    manager = User.objects.get(username="manager1")
    waiting = Case.objects.filter(
        stage=Stage.REQUEST, closed_on__isnull=True, request_received_on__isnull=False
    ).exclude(panel_agenda_items__meeting=meeting)
    for case in waiting.order_by("id")[: max(0, AGENDA_ITEMS - meeting.items.count())]:
        with contextlib.suppress(DomainError):
            ehcp_services.record_request(
                case, source="parent", received_on=case.request_received_on, by=manager
            )
        services.add_to_agenda(
            meeting, case=case, decision_kind=DecisionKind.ASSESS, summary="Request", by=manager
        )
    assert AgendaItem.objects.filter(meeting=meeting).count() >= AGENDA_ITEMS


def explain(queries: list[dict[str, str]]) -> str:
    """The indexes the page's queries use on the big tables, and any sequential scan of them."""
    from django.db import connection

    indexes, scans, history = set(), set(), set()
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            # A query compiled once per shape runs as a prepared statement (``EXECUTE``), whose
            # plan says which tables it reads; the row history's context may be set before it.
            prepared = "EXECUTE shape_" in sql
            sql = sql[sql.index("EXECUTE shape_") :] if prepared else sql
            if not (prepared or sql.lstrip("( \n").upper().startswith("SELECT")):
                continue
            if (
                not prepared
                and not any(t in sql for t in BIG_TABLES)
                and "pgh_created_at" not in sql
            ):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            for (line,) in cursor.fetchall():
                found = re.search(r"Index(?: Only)? Scan(?: Backward)? using (\w+) on (\w+)", line)
                if found and found[2] in BIG_TABLES:
                    indexes.add(found[1])
                elif found and found[1] == f"{found[2]}_newest":
                    history.add(found[1])  # a row-history table read newest first (audit)
                found = re.search(r"Bitmap Index Scan on (\w+)", line)
                if found:
                    indexes.add(found[1])
                found = re.search(r"Seq Scan on (\w+)", line)
                if found and found[1] in BIG_TABLES:
                    scans.add(found[1])
    seq = f"SEQ SCAN on {', '.join(sorted(scans))}" if scans else "no seq scan"
    if history:
        indexes.add(f"<history table>_newest of {len(history)} tables")
    return f"{seq}; indexes: {', '.join(sorted(indexes)) or '-'}"


def signed_in(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    if user is None:
        return client
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def page_address(client, path: str, pages: int) -> str:
    """The address of page ``pages`` of a list, reached by following "Next" as people do."""
    base = path.split("?")[0]
    for _ in range(pages - 1):
        response = client.get(path)
        if path.startswith("/api/"):
            path = response.json()["next"].split("testserver", 1)[1]
        else:
            link = re.search(r'href="([^"]*)" rel="next"', response.content.decode())[1]
            path = f"{base}{html.unescape(link)}"
    return path


def _timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - started) * 1000


def measure(pages, runs: int, yardstick) -> list[tuple[str, float, float, int, str]]:
    """Median server time of each page, its ratio to the minimal view timed in turn with it (so
    a busy machine slows both alike), query count and EXPLAIN line."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    results = []
    with override_settings(ROOT_URLCONF="bench.bench_urls"):
        minimal = signed_in(yardstick)
        for label, user, path, page in pages:
            client = signed_in(user)
            if isinstance(path, dict):
                path = client.post("/children/search/", path)["Location"]
            path = page_address(client, path, page)
            client.get(path)  # warm
            timings, yardsticks = [], []
            for _ in range(runs):
                yardsticks.append(_timed(minimal, MINIMAL))
                timings.append(_timed(client, path))
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            median = statistics.median(timings)
            results.append(
                (
                    label,
                    median,
                    median / statistics.median(yardsticks),
                    len(queries),
                    explain(queries.captured_queries),
                )
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "50000")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "30")))
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dashboard.models import Area, GeographicLevel
    from ehcp.models import Plan
    from panels.models import PanelMeeting
    from placements.models import Setting, TailoredList
    from placements.selectors import propose_settings
    from sendcpp import reminders
    from sendcpp.models import AccessLog, Case, Child, Notification, Relationship, User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed(args.cases)
    settle()
    logging.disable(logging.INFO)  # the access log line of every request, not wanted here

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
    same_surname = Child.objects.filter(legal_last_name=surname).count()
    plan = max(Plan.objects.all()[:PLANS], key=lambda p: p.rows.count())
    meeting = PanelMeeting.objects.order_by("id").first()
    areas = Area.objects.filter(level=GeographicLevel.LOCAL_AUTHORITY)
    area = areas.filter(code="E06000030").first() or areas.order_by("code").first()
    print(
        f"Data: {Case.objects.count()} cases, {Child.objects.count()} children, "
        f"{Child.objects.values('legal_last_name').distinct().count()} surnames, "
        f"{AccessLog.objects.count()} access-log reads, {Setting.objects.count()} settings; "
        f"coordinator caseload {Case.objects.filter(coordinator=coordinator).count()}; "
        f"searched surname shared by {same_surname} children; plan rows {plan.rows.count()}; "
        f"agenda items {meeting.items.count()}"
    )

    pages = [
        ("minimal authenticated view", coordinator, MINIMAL, 1),
        ("family home", parent, "/", 1),
        ("coordinator caseload", coordinator, "/", 1),
        ("case page", coordinator, f"/cases/{case.public_id}/", 1),
        ("team caseload, page 5", coordinator, "/?view=team", 5),
        ("team caseload by stage, page 5", coordinator, "/?view=team&sort=stage", 5),
        ("API case list (manager, cursor page 50)", manager, "/api/v1/cases/?cursor=", 50),
        ("manager: all cases, page 100", manager, "/cases/", 100),
        ("manager: all cases newest first, page 20", manager, "/cases/?sort=opened&order=desc", 20),
        # The search is posted and its results page carries only an opaque token: post once
        # (not timed), then time the results page.
        ("child search (surname)", coordinator, {"q": surname}, 1),
        ("manager: overdue deadlines", manager, "/deadlines/?when=overdue", 1),
        ("coordinator: deadlines this week", coordinator, "/deadlines/", 1),
        ("audit log: records viewed", manager, "/audit/?tab=reads", 1),
        ("audit log: changes", manager, "/audit/?tab=changes", 1),
        ("EHC plan page (largest plan)", manager, f"/ehcp/plans/{plan.public_id}/", 1),
        (
            f"panel meeting ({meeting.items.count()} items)",
            manager,
            f"/panels/meetings/{meeting.public_id}/",
            1,
        ),
    ]
    if area is not None:
        pages.append(("public dashboard: LA page", None, f"/dashboard/areas/{area.code}/", 1))
    results = measure(pages, args.runs, coordinator)
    print(f"\n{'page':44} {'median ms':>10} {'x minimal':>10} {'queries':>8}  EXPLAIN")
    for label, median, ratio, queries, plan_line in results:
        print(f"{label:44} {median:10.1f} {ratio:10.1f} {queries:8d}  {plan_line}")

    tailored, _ = TailoredList.objects.get_or_create(
        case=case, defaults={"starts_on": timezone.localdate()}
    )
    timings = []
    for _ in range(max(3, args.runs // 3)):
        started = time.perf_counter()
        proposals = propose_settings(tailored, limit=None)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"\nTailored-list matcher over the region's {Setting.objects.count()} settings: "
        f"median {statistics.median(timings):.1f} ms, {len(proposals)} settings fit"
    )

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
