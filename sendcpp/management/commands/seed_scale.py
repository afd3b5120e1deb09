"""Build a large local authority for benchmarks: ``seed_scale --cases 50000`` (about twice the
largest English LA's plan count), spread over stages, coordinators, settings, deadlines, timelines
and documents.

The data is realistic where speed depends on it, and the same on every run (seeded RNG): names
with a real frequency spread (``_scale_names``: thousands of distinct surnames, so a surname
search matches a few children, not thousands), the stage mix of a real caseload (most cases are
maintained plans), the settings of a whole region (``--region-settings``, in several LAs), and
with ``--access-log-days 365`` a year of reads in the access log (millions of rows, written by
PostgreSQL itself with ``INSERT ... SELECT generate_series``)."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
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
        made = 0
        while made < cases:
            size = min(BATCH, cases - made)
            with transaction.atomic():
                self._batch(rng, names, today, la, settings, coordinators, start_ref + made, size)
            made += size
            self.stdout.write(f"  {made} cases")
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('case_reference_seq', %s)", [start_ref + cases])
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
        with connection.cursor() as cursor:
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
