"""Build a large local authority for benchmarks: ``seed_scale --cases 50000`` (about twice the
largest English LA's plan count), spread over stages, coordinators, settings, deadlines, timelines
and documents.

The data is realistic where speed depends on it, and the same on every run (seeded RNG): names
with a real frequency spread (``_scale_names``: thousands of distinct surnames, so a surname
search matches a few children, not thousands), the stage mix of a real caseload (most cases are
maintained plans), the settings of a whole region (``--region-settings``, in several LAs), and
with ``--access-log-days 365`` a year of reads in the access log (millions of rows, written by
PostgreSQL itself with ``INSERT ... SELECT generate_series``, the log's secondary indexes built
after the load).

Past ``--template`` cases (10,000 by default) the rest are not built one by one: PostgreSQL copies
the built cases with ``INSERT ... SELECT`` (case ``n`` copies case ``n % template``), each copy with
new ids, public ids and its own reference, its child's names drawn afresh from the same spread
(so a surname matches as many children per 100,000 as before), and its date of birth moved by up
to a month; its stage, coordinator, dates, deadlines, timeline and documents are its original's.
The copies' row-history rows are written in one statement per table, as the insert triggers
would write them (no context, as for the built rows), with the triggers and foreign-key checks
off while the copies are written. About 20 times faster than the ORM (busy 2-core box: ~150
cases/s built, ~5,000 cases/s copied)."""

from __future__ import annotations

import random
import re
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import GeneratedField
from django.utils import timezone

from sendcpp import demo
from sendcpp.clock import compute_due
from sendcpp.deadlines import FAMILY_WINDOWS, RULES
from sendcpp.management.commands._scale_names import NamePicker
from sendcpp.models import (
    Audience,
    Case,
    CaseEvent,
    Child,
    Deadline,
    Document,
    Organisation,
    Relationship,
    Stage,
    User,
)

BATCH = 2000
# Cases built one at a time through the ORM; the rest are SQL copies of them (``_copies``).
TEMPLATE = 10000
# Copied cases written per transaction.
CHUNK = 50000
# A real caseload (DfE SEN2, January 2025): most cases are plans being maintained or reviewed; a
# few in every hundred are requests, assessments or plans being drafted at any one time.
STAGE_WEIGHTS = {
    Stage.REQUEST: 4,
    Stage.ASSESSMENT: 6,
    Stage.DRAFTING: 2,
    Stage.DRAFT_ISSUED: 1.5,
    Stage.CONSULTATION: 1.5,
    Stage.PLAN_ISSUED: 1,
    Stage.MAINTAINED: 60,
    Stage.ANNUAL_REVIEW: 15,
    Stage.NOT_ASSESSED: 3,
    Stage.NOT_ISSUED: 0.5,
    Stage.CEASED: 4,
    Stage.CLOSED: 1.5,
}
# The settings of a region: schools, colleges and the rest, in this many neighbouring LAs.
REGION_LAS = 12
SETTING_KINDS = {
    Organisation.Kind.SCHOOL: 80,
    Organisation.Kind.SPECIAL_SCHOOL: 6,
    Organisation.Kind.COLLEGE: 4,
    Organisation.Kind.EARLY_YEARS: 6,
    Organisation.Kind.ALTERNATIVE_PROVISION: 2,
    Organisation.Kind.INDEPENDENT: 2,
}
# Reads per case per year in the access log, on average (case pages, plans, documents).
READS_PER_CASE_YEAR = 80


_PLACES = [
    "Riverside",
    "Hillcrest",
    "Oakfield",
    "Meadow",
    "Brookside",
    "Castle",
    "Park",
    "Valley",
    "Heath",
    "Greenacre",
]


class Command(BaseCommand):
    help = "Seed a large local authority for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=50)
        parser.add_argument(
            "--region-settings",
            type=int,
            default=2400,
            help="Schools, colleges and other settings in the region (added once).",
        )
        parser.add_argument(
            "--template",
            type=int,
            default=TEMPLATE,
            help="Cases built one by one through the ORM; the rest are copies of these made by "
            "PostgreSQL with new ids, public ids, references and re-drawn names.",
        )
        parser.add_argument(
            "--access-log-days",
            type=int,
            default=0,
            help="Days of access-log reads to add (365 for a year: millions of rows). Off by default.",
        )

    def handle(
        self,
        *args,
        cases: int,
        seed: int,
        region_settings: int = 2400,
        access_log_days: int = 0,
        template: int = TEMPLATE,
        **options,
    ):
        started = time.monotonic()
        rng = random.Random(seed)
        names = NamePicker(random.Random(seed))
        today = timezone.localdate()
        la = Organisation.objects.filter(
            la_code=demo.LA_CODE, kind=Organisation.Kind.LOCAL_AUTHORITY
        ).first()
        if la is None:
            la = demo.create_authority(coordinators_per_team=40).la
        settings = self._region_settings(random.Random(seed), region_settings)
        coordinators = list(
            User.objects.filter(organisation=la, staff_profile__role="coordinator").select_related(
                "staff_profile"
            )
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('case_reference_seq')")
            (start_ref,) = cursor.fetchone()
            # The references are taken now, so a run that stops half way leaves none to reuse.
            cursor.execute("SELECT setval('case_reference_seq', %s)", [start_ref + cases])
        made, first_case = 0, None
        built = min(cases, max(1, template))
        while made < built:
            size = min(BATCH, built - made)
            with transaction.atomic():
                ids = self._batch(
                    rng, names, today, la, settings, coordinators, start_ref + made, size
                )
            first_case = first_case or ids[0]
            made += size
            self.stdout.write(f"  {made} cases")
        if made < cases:
            self._copies(names, first_case, built, start_ref, cases)
        if access_log_days:
            self._access_log(seed, access_log_days)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {cases} cases in {time.monotonic() - started:.0f}s")
        )

    def _region_settings(self, rng, count):
        """The region's settings, made once: ``count`` of them spread over ``REGION_LAS`` LAs
        (the demo LA's own among them), in the usual mix of kinds."""
        kinds = list(SETTING_KINDS)
        settings = Organisation.objects.filter(kind__in=kinds)
        have = settings.count()
        if have < count:
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        name=f"{rng.choice(_PLACES)} {kind.label} {number}",
                        kind=kind,
                        urn=f"{800000 + number}",
                        la_code=f"{int(demo.LA_CODE) - number % REGION_LAS}",
                        postcode=f"DB{number % 20} {number % 9 + 1}AB",
                    )
                    for number in range(have, count)
                    for kind in rng.choices(kinds, weights=list(SETTING_KINDS.values()))
                ],
                batch_size=BATCH,
            )
        # Children attend settings in their own LA.
        return list(settings.filter(la_code=demo.LA_CODE))

    def _access_log(self, seed, days):
        """``days`` of reads of the cases' records, about ``READS_PER_CASE_YEAR`` per case a year,
        each by the case's coordinator at a time spread over the period. PostgreSQL makes the rows
        itself, so millions take a minute or two rather than hours."""
        per_case = max(1, READS_PER_CASE_YEAR * days // 365)
        with transaction.atomic(), connection.cursor() as cursor:
            # Tens of millions of rows load several times faster without the log's secondary
            # indexes kept up row by row: they are dropped and built again after the load.
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sendcpp_accesslog' "
                "AND indexname <> 'sendcpp_accesslog_pkey'"
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            # The reads point at the cases' own coordinator, child and case: foreign-key checks
            # (deferred to the end of the transaction, which would forbid building the indexes)
            # and the log's append-only trigger are off for the load.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SELECT setseed(%s)", [seed / 1000])
            cursor.execute(
                """
                INSERT INTO sendcpp_accesslog (at, user_id, child_id, case_id, what, item, via, route)
                SELECT %s - make_interval(secs => random() * %s * 86400),
                       c.coordinator_id, c.child_id, c.id, 'case', '', 'web', 'sendcpp:case-detail'
                FROM sendcpp_case c
                CROSS JOIN generate_series(1, %s)
                WHERE c.coordinator_id IS NOT NULL
                """,
                [timezone.now(), days, per_case],
            )
            self.stdout.write(f"  {cursor.rowcount} access-log reads over {days} days")
            cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _, definition in indexes:
                cursor.execute(definition)

    def _batch(self, rng, names, today, la, settings, coordinators, first_ref, size):
        children = [demo.demo_child(rng, la, settings, today) for _ in range(size)]
        for child in children:
            child.legal_first_name = names.first_name()
            child.legal_last_name = names.surname()
        children = Child.objects.bulk_create(children)
        cases, journeys = [], []
        for offset, child in enumerate(children):
            coordinator = coordinators[(first_ref + offset) % len(coordinators)]
            stage, received, deadlines = demo.demo_journey(rng, today, stage_weights=STAGE_WEIGHTS)
            computed = [
                (rule, triggers, compute_due(rule, triggers)) for rule, triggers in deadlines
            ]
            first = min(
                (item for item in computed if item[0] not in FAMILY_WINDOWS),
                key=lambda item: item[2],
                default=None,
            )
            journeys.append(computed)
            cases.append(
                Case(
                    child=child,
                    local_authority=la,
                    team_id=coordinator.staff_profile.team_id,
                    coordinator=coordinator,
                    reference=f"{demo.LA_CODE}-S-{first_ref + offset:07d}",
                    stage=stage,
                    request_received_on=received,
                    closed_on=today if stage in {Stage.CEASED, Stage.CLOSED} else None,
                    next_due_on=first[2] if first else None,
                    next_due_label=RULES[first[0]].title[:120] if first else "",
                )
            )
        cases = Case.objects.bulk_create(cases)
        Deadline.objects.bulk_create(
            [
                Deadline(
                    case=case,
                    rule=rule,
                    triggers={name: value.isoformat() for name, value in triggers.items()},
                    due_on=due_on,
                )
                for case, computed in zip(cases, journeys, strict=True)
                for rule, triggers, due_on in computed
            ]
        )
        Relationship.objects.bulk_create(
            [
                Relationship(
                    child=c.child, full_name=f"Parent {c.child.legal_last_name}", kind="mother"
                )
                for c in cases
            ]
        )
        now = timezone.now()
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=case,
                    kind="note_added",
                    summary="Note added",
                    audience=Audience.STAFF,
                    occurred_at=now - timedelta(days=7 * n),
                )
                for case in cases
                for n in range(rng.randint(3, 12))
            ]
        )
        Document.objects.bulk_create(
            [
                Document(case=c, title="Request for assessment", kind=Document.Kind.REQUEST)
                for c in cases[::2]
            ]
        )
        return [case.pk for case in cases]

    def _copies(self, names, first_case, built, start_ref, cases):
        """Cases ``built`` to ``cases``: copies of the ``built`` cases just made (case ``n`` copies
        case ``n % built``), each with its child, deadlines, parent, timeline and documents,
        written by PostgreSQL with ``INSERT ... SELECT`` in chunks. Each copy gets new ids, public
        ids and its own reference, and its child re-drawn names from the same spread (so a
        surname matches as many children per 100,000 as in the built cases) and a date of birth
        moved by up to a month; stage, dates and deadlines are its original's. Every copied row
        has its history row, written beside it (``_copy_chunk``)."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE scale_template (i int PRIMARY KEY, case_id bigint, child_id bigint)"
            )
            cursor.execute(
                """
                INSERT INTO scale_template
                SELECT row_number() OVER (ORDER BY id) - 1, id, child_id
                FROM sendcpp_case WHERE id >= %s ORDER BY id LIMIT %s
                """,
                [first_case, built],
            )
            cursor.execute(
                "CREATE TEMP TABLE scale_copy (n int PRIMARY KEY, first text, last text)"
            )
            with cursor.cursor.copy("COPY scale_copy (n, first, last) FROM STDIN") as copy:
                for n, (first, last) in enumerate(names.many(cases - built), start=built):
                    copy.write_row((n, first, last))
            cursor.execute("ANALYZE scale_template")
            cursor.execute("ANALYZE scale_copy")
        step = built * max(1, CHUNK // built)
        for low in range(built, cases, step):
            high = min(cases, low + step)
            with transaction.atomic(), connection.cursor() as cursor:
                self._copy_chunk(cursor, start_ref, built, low, high)
            self.stdout.write(f"  {high} cases ({time.monotonic() - started:.0f}s copying)")
        with connection.cursor() as cursor:
            for model in (Child, Case, Deadline, Relationship, CaseEvent, Document):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) "  # noqa: S608
                    f"FROM {table}"
                )
            cursor.execute("DROP TABLE scale_copy, scale_template")

    def _copy_chunk(self, cursor, start_ref, built, low, high):
        # Row by row, the row-history triggers cost more than the copy itself (each starts and
        # rolls back two subtransactions looking for a context), and foreign keys are checked
        # against rows the copy itself just made: both are off for the chunk, and each copied
        # table's history rows are then written in one statement, as its trigger would write them.
        cursor.execute("SET LOCAL session_replication_role = replica")
        firsts = {}
        for model in (Child, Case, Relationship, Document):
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
            firsts[model] = cursor.fetchone()[0]
        child_base, case_base = firsts[Child], firsts[Case]
        # Copy n's child is child_base + n - low, its case case_base + n - low.
        # Copy number k of template case i is case n = k * built + i (only those below ``cases``
        # have names in scale_copy); ``low`` is a multiple of ``built``.
        rows = (
            f"FROM scale_template t CROSS JOIN generate_series({low // built}, "
            f"{(high - 1) // built}) k JOIN scale_copy s ON s.n = k * {built} + t.i "
            f"AND s.n < {high} "
        )
        child_id = f"{child_base} + s.n - {low}"
        case_id = f"{case_base} + s.n - {low}"
        _insert_select(
            cursor,
            Child,
            {
                "id": child_id,
                "public_id": "gen_random_uuid()",
                "legal_first_name": "s.first",
                "legal_last_name": "s.last",
                "date_of_birth": "x.date_of_birth + (mod(s.n::bigint * 7919, 61) - 30)::int",
            },
            f"{rows} JOIN sendcpp_child x ON x.id = t.child_id",
        )
        _insert_select(
            cursor,
            Case,
            {
                "id": case_id,
                "public_id": "gen_random_uuid()",
                "child_id": child_id,
                "reference": f"'{demo.LA_CODE}-S-' || lpad(({start_ref} + s.n)::text, 7, '0')",
            },
            f"{rows} JOIN sendcpp_case x ON x.id = t.case_id",
        )
        for model, overrides, link in (
            (Deadline, {"public_id": "gen_random_uuid()"}, "case_id = t.case_id"),
            (Relationship, {"full_name": "'Parent ' || s.last"}, "child_id = t.child_id"),
            (CaseEvent, {}, "case_id = t.case_id"),
            (Document, {"public_id": "gen_random_uuid()"}, "case_id = t.case_id"),
        ):
            key = link.split(" ")[0]
            overrides = {"id": None, key: child_id if key == "child_id" else case_id, **overrides}
            _insert_select(
                cursor,
                model,
                overrides,
                f"{rows} JOIN {model._meta.db_table} x ON x.{link}",
            )
        for model, first in firsts.items():
            _history(cursor, model._meta.db_table, first)
        cursor.execute("SET LOCAL session_replication_role = origin")


def _history(cursor, table, first):
    """The row-history rows of ``table``'s rows from id ``first`` on, written as its insert
    trigger writes one (its own column list and values, read from the trigger's function)."""
    cursor.execute(
        """
        SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = %s::regclass AND t.tgname LIKE 'pgtrigger_insert_insert_%%'
        """,
        [table],
    )
    (source,) = cursor.fetchone()
    found = re.search(r'INSERT INTO ("\w+") \((.*?)\) VALUES \((.*?)\); RETURN NULL;', source, re.S)
    target, columns, values = found[1], found[2], found[3]
    values = values.replace('NEW."', 'x."').replace("_pgh_attach_context()", "NULL")
    cursor.execute(
        f"INSERT INTO {target} ({columns}) SELECT {values} FROM {table} x WHERE x.id >= %s",  # noqa: S608
        [first],
    )


def _insert_select(cursor, model, overrides, source):
    """``INSERT INTO`` the model's table every column from the template row ``x``, except those in
    ``overrides`` (an SQL expression, or None to leave the column to its default). A generated
    column is left to PostgreSQL, which computes it."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, GeneratedField):
            continue
        column = field.column
        if column in overrides and overrides[column] is None:
            continue
        columns.append(f'"{column}"')
        values.append(overrides.get(column, f'x."{column}"'))
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} {source}"
    )
