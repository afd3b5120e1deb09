"""Build a large local authority for benchmarks: ``seed_scale --cases 50000`` (about twice the
largest English LA's plan count), spread over stages, coordinators, settings and timelines."""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from sendcpp import demo
from sendcpp.models import (
    Audience,
    Case,
    CaseEvent,
    Child,
    Document,
    Organisation,
    Relationship,
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
        if not Organisation.objects.filter(
            la_code=demo.LA_CODE, kind=Organisation.Kind.LOCAL_AUTHORITY
        ).exists():
            demo.create_authority(coordinators_per_team=40)
        la = Organisation.objects.get(la_code=demo.LA_CODE, kind=Organisation.Kind.LOCAL_AUTHORITY)
        settings = list(
            Organisation.objects.exclude(
                kind__in=[Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.HEALTH]
            )
        )
        from sendcpp.models import User

        coordinators = list(
            User.objects.filter(organisation=la, staff_profile__role="coordinator").select_related(
                "staff_profile"
            )
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM case_reference_seq")
            (start_ref,) = cursor.fetchone()
        made = 0
        while made < cases:
            size = min(BATCH, cases - made)
            with transaction.atomic():
                children = Child.objects.bulk_create(
                    [demo.demo_child(rng, la, settings, today) for _ in range(size)]
                )
                batch_cases = []
                for offset, child in enumerate(children):
                    coordinator = coordinators[(made + offset) % len(coordinators)]
                    batch_cases.append(
                        Case(
                            child=child,
                            local_authority=la,
                            team_id=coordinator.staff_profile.team_id,
                            coordinator=coordinator,
                            reference=f"S{start_ref + made + offset:08d}",
                            **demo.demo_case_fields(rng, today),
                        )
                    )
                batch_cases = Case.objects.bulk_create(batch_cases)
                Relationship.objects.bulk_create(
                    [
                        Relationship(
                            child=c.child,
                            full_name=f"Parent {c.child.legal_last_name}",
                            kind="mother",
                        )
                        for c in batch_cases
                    ]
                )
                events = []
                for case in batch_cases:
                    for n in range(rng.randint(3, 12)):
                        events.append(
                            CaseEvent(
                                case=case,
                                kind="note_added",
                                summary="Note added",
                                audience=Audience.STAFF,
                                occurred_at=timezone.now() - timezone.timedelta(days=n * 7),
                            )
                        )
                CaseEvent.objects.bulk_create(events)
                Document.objects.bulk_create(
                    [
                        Document(case=c, title="Request for assessment", kind=Document.Kind.REQUEST)
                        for c in batch_cases[::2]
                    ]
                )
            made += size
            self.stdout.write(f"  {made} cases")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {cases} cases in {time.monotonic() - started:.0f}s")
        )
