"""Build a large local authority for benchmarks: ``seed_scale --cases 50000`` (about twice the
largest English LA's plan count), spread over stages, coordinators, settings, deadlines, timelines
and documents."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from sendcpp import demo
from sendcpp.clock import compute_due
from sendcpp.deadlines import RULES
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


class Command(BaseCommand):
    help = "Seed a large local authority for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=50)

    def handle(self, *args, cases: int, seed: int, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        today = timezone.localdate()
        la = Organisation.objects.filter(
            la_code=demo.LA_CODE, kind=Organisation.Kind.LOCAL_AUTHORITY
        ).first()
        if la is None:
            la = demo.create_authority(coordinators_per_team=40).la
        settings = list(
            Organisation.objects.exclude(
                kind__in=[Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.HEALTH]
            )
        )
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
                self._batch(rng, today, la, settings, coordinators, start_ref + made, size)
            made += size
            self.stdout.write(f"  {made} cases")
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('case_reference_seq', %s)", [start_ref + cases])
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {cases} cases in {time.monotonic() - started:.0f}s")
        )

    def _batch(self, rng, today, la, settings, coordinators, first_ref, size):
        children = Child.objects.bulk_create(
            [demo.demo_child(rng, la, settings, today) for _ in range(size)]
        )
        cases, journeys = [], []
        for offset, child in enumerate(children):
            coordinator = coordinators[(first_ref + offset) % len(coordinators)]
            stage, received, deadlines = demo.demo_journey(rng, today)
            computed = [
                (rule, triggers, compute_due(rule, triggers)) for rule, triggers in deadlines
            ]
            first = min(computed, key=lambda item: item[2], default=None)
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
