"""Load the demo local authority: teams, staff, settings, families with portal logins and about
200 cases across every stage of the journey. Safe to run again: it does nothing the second time."""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sendcpp import clock, demo, services
from sendcpp.models import Case, Stage


class Command(BaseCommand):
    help = "Load the fictional demo local authority (about 200 cases)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, cases: int, seed: int, **options):
        if demo.local_authority() is not None:
            self.stdout.write("The demo local authority is already loaded.")
            self.print_logins()
            return
        rng = random.Random(seed)
        today = timezone.localdate()
        authority = demo.create_authority()
        family_number = 0
        for index in range(cases):
            coordinator = authority.coordinators[index % len(authority.coordinators)]
            child = demo.demo_child(rng, authority.la, authority.settings, today)
            stage, received, deadlines = demo.demo_journey(rng, today)
            case = services.open_case(
                child,
                team=coordinator.staff_profile.team,
                coordinator=coordinator,
                by=coordinator,
                request_received_on=received,
            )
            # Demo history: put the case where it would be after its journey so far.
            closed = today if stage in {Stage.CEASED, Stage.CLOSED} else None
            Case.objects.filter(pk=case.pk).update(stage=stage, closed_on=closed)
            for rule, triggers in deadlines:
                clock.start_deadline(case, rule=rule, by=None, **triggers)
            if index < 20:
                family_number += 1
                demo.add_family(child, rng=rng, username=f"parent{family_number}")
            else:
                demo.add_family(child, rng=rng, username=None)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo local authority with {cases} cases.")
        )
        self.print_logins()

    def print_logins(self):
        self.stdout.write(
            f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD})\n"
            "  coordinator1  EHCP coordinator (North team)\n"
            "  manager1      SEND manager (every case, audit log)\n"
            "  parent1       parent with portal access to one child\n"
            "  panel1        panel member;  senco1  school SENCO\n"
            "  professional1 educational psychologist (professional2 doctor, 3 speech and\n"
            "                language therapist, 4 social worker, 5 teacher of the deaf)\n"
            "Staff sign in with a security code: on this demo the current code is shown on the page.\n"
        )
