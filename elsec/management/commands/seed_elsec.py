"""Demo data for early language support in the demo local authority: a pathfinder with two
primary schools and a nursery, a speech and language therapist (``slt1``) and a support worker
(``sltsupport1``), training, audits and re-audits, coaching, and children screened, supported
at each level and screened again; one parent (``elsecparent1``) sees their child's page.
Everything is invented. Safe to run again: nothing is made if the pathfinder exists."""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from elsec import services
from elsec.checklist import CHECKLIST
from elsec.models import EpisodeFormat, Pathfinder, Phase, ReferralStatus, ScreeningTool
from elsec.models import WorkforceRole as Role
from sendcpp import demo
from sendcpp.models import Organisation, Relationship, User

SETTINGS = [
    ("Riverside Primary School", Phase.PRIMARY),
    ("Hillcrest Primary School", Phase.PRIMARY),
    ("Little Steps Nursery", Phase.EARLY_YEARS),
]
TOPICS = [
    "Spotting speech, language and communication needs",
    "Language-rich play and routines",
    "Supporting children learning English as an additional language",
]
PROGRAMMES = ["Small-group talk programme", "Vocabulary group", "One-to-one listening programme"]


class Command(BaseCommand):
    help = "Add early language support (ELSEC) demo data to the demo local authority."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        if Pathfinder.objects.filter(local_authority=la).exists():
            self.stdout.write("The ELSEC pathfinder is already there.")
            return
        rng = random.Random(23)
        today = timezone.localdate()
        lead = demo.require_manager(la)
        start = today - timedelta(days=300)
        pathfinder = services.set_up_pathfinder(
            name="Demo Borough ELSEC pathfinder", area="Demo Borough", starts_on=start, by=lead
        )
        services.add_funding_period(
            pathfinder,
            name="Year 1",
            starts_on=start,
            ends_on=start + timedelta(days=364),
            by=lead,
        )
        services.add_funding_period(
            pathfinder,
            name="Year 2",
            starts_on=start + timedelta(days=365),
            ends_on=start + timedelta(days=729),
            by=lead,
        )
        settings = [
            services.add_setting(
                pathfinder,
                organisation=Organisation.objects.get(name=name),
                phase=phase,
                joined_on=start,
                by=lead,
            )
            for name, phase in SETTINGS
        ]
        # The demo's health body employs the therapist.
        health = Organisation.objects.filter(kind=Organisation.Kind.HEALTH).order_by("id").first()
        if health is None:
            health = Organisation.objects.create(
                name="Demo Community Health Services", kind=Organisation.Kind.HEALTH
            )
        slt = demo._user("slt1", "Nadia", "Rahman", User.AccountType.PROFESSIONAL, health)
        support = demo._user("sltsupport1", "Owen", "Pryce", User.AccountType.PROFESSIONAL, la)
        services.add_workforce_member(
            pathfinder, user=slt, role=Role.THERAPIST, employer=health, settings=settings, by=lead
        )
        services.add_workforce_member(
            pathfinder,
            user=support,
            role=Role.SUPPORT_WORKER,
            employer=la,
            settings=settings[2:],
            by=lead,
        )
        tool, _ = ScreeningTool.objects.get_or_create(
            name="Demo early language screen",
            defaults={
                "description": "An invented measure for demonstrations.",
                "lowest_score": 0,
                "highest_score": 40,
                "expected_from": 25,
            },
        )
        keys = [key for key, _ in CHECKLIST]
        for number, setting in enumerate(settings):
            day = start + timedelta(days=20 + number * 7)
            services.record_training(
                setting,
                held_on=day,
                topic=TOPICS[number],
                attendees="\n".join(
                    f"{demo.FIRST_NAMES[i]} {demo.LAST_NAMES[i]}" for i in range(number, number + 4)
                ),
                by=slt,
            )
            services.record_audit(
                setting, audited_on=day, items_in_place=keys[: 3 + number], by=slt
            )
            services.record_audit(
                setting,
                audited_on=day + timedelta(days=150),
                items_in_place=keys[: 7 + number],
                by=slt,
            )
            services.record_coaching_visit(
                setting,
                visited_on=day + timedelta(days=60),
                focus="Modelling language at snack time",
                by=slt,
            )
            self._children(setting, tool, slt, rng, start, number)
        first = settings[0].children.order_by("id").first()
        if first is not None:
            parent = demo._user(
                "elsecparent1", "Grace", first.child.legal_last_name, User.AccountType.FAMILY, None
            )
            Relationship.objects.create(
                child=first.child,
                user=parent,
                full_name=parent.get_full_name(),
                kind=Relationship.Kind.MOTHER,
                portal_access=True,
            )
        self.stdout.write(
            f"ELSEC pathfinder with {len(settings)} settings; sign in as slt1, sltsupport1, "
            f"senco1 or elsecparent1 (password {demo.DEMO_PASSWORD})."
        )

    def _children(self, setting, tool, by, rng, start, number) -> None:
        today = timezone.localdate()
        for n in range(8):
            young = setting.phase == Phase.EARLY_YEARS
            born = today - timedelta(
                days=rng.randint(2 * 365, 4 * 365) if young else rng.randint(5 * 365, 7 * 365)
            )
            index = (number * 8 + n) % len(demo.FIRST_NAMES)
            record = services.add_child(
                setting,
                first_name=demo.FIRST_NAMES[index],
                last_name=demo.LAST_NAMES[-1 - index],
                date_of_birth=born,
                by=by,
            )
            if n == 7:
                continue  # no consent yet: not screened
            given = start + timedelta(days=30 + n)
            services.record_consent(
                record,
                given_by=f"Parent of {demo.FIRST_NAMES[index]}",
                given_on=given,
                share_with_send_service=n % 2 == 0,
                by=by,
            )
            score = rng.randint(5, 38)
            screened = given + timedelta(days=5)
            services.record_screening(record, tool=tool, screened_on=screened, score=score, by=by)
            if score >= tool.expected_from:
                continue
            episode = services.start_episode(
                record,
                programme=PROGRAMMES[n % 3],
                format=EpisodeFormat.INDIVIDUAL if n % 3 == 2 else EpisodeFormat.GROUP,
                starts_on=screened + timedelta(days=10),
                by=by,
            )
            if n % 4 == 3:
                continue  # still going
            ended = screened + timedelta(days=80)
            services.end_episode(
                episode, ends_on=ended, sessions_attended=rng.randint(8, 20), by=by
            )
            services.record_screening(
                record,
                tool=tool,
                screened_on=ended + timedelta(days=5),
                score=min(40, score + rng.randint(4, 18)),
                after_episode=episode,
                by=by,
            )
            if score < 15:
                referral = services.refer(
                    record,
                    service="Children's speech and language therapy service",
                    referred_on=ended + timedelta(days=7),
                    reason="Little progress after group work",
                    by=by,
                )
                if n % 2 == 0:
                    services.record_referral_outcome(
                        referral,
                        status=ReferralStatus.SEEN,
                        decided_on=ended + timedelta(days=7 + rng.randint(30, 90)),
                        outcome="Assessed; therapy plan agreed",
                        by=by,
                    )
