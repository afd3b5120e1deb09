"""Demo data for support in schools: the illustrative standards, support plans written by the
demo SENCO's school (one reviewed after a term, one with a review overdue), a child flagged at
risk of exclusion with tier 1 support, a suspension, and a term's confirmation of section F for
a child whose EHC plan names the school, with one shortfall. Everything is invented. Safe to run
again: it does nothing once the school has support plans."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ehcp.models import Plan as EhcPlan
from ehcp.models import PlanStatus
from sendcpp.demo import require_local_authority
from sendcpp.models import Child, User
from support import services
from support.models import (
    Delivered,
    ExclusionKind,
    ExclusionReason,
    Layer,
    Progress,
    Standard,
    SupportPlan,
    Term,
)

ROWS = [
    (
        "CI-T1",
        {
            "area": "communication",
            "need": "Finds it hard to follow spoken instructions given to the whole class.",
            "provision_who": "Teaching assistant trained in the language programme",
            "ratio": "1:4",
            "frequency": "3 times a week",
            "duration": "20 minutes",
            "outcome": "Follows a two-step instruction in class without a prompt.",
            "outcome_timeframe": "By the end of the spring term",
        },
    ),
    (
        "SE-U1",
        {
            "area": "semh",
            "need": "Anxious at the start of the day and after lunch.",
            "provision_who": "Class teacher",
            "ratio": "1:1",
            "frequency": "Daily",
            "duration": "5 minutes",
            "outcome": "Comes into class calmly on four days out of five.",
            "outcome_timeframe": "By half term",
        },
    ),
]


class Command(BaseCommand):
    help = __doc__

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        la = require_local_authority()
        services.load_standards_file()
        senco = User.objects.filter(username="senco1").select_related("organisation").first()
        if senco is None or senco.organisation is None:
            self.stdout.write("No demo SENCO: nothing to add.")
            return
        school = senco.organisation
        if SupportPlan.objects.filter(setting=school).exists():
            self.stdout.write("The demo school already has support plans.")
            return
        today = timezone.localdate()
        children = list(Child.objects.filter(responsible_la=la, setting=school).order_by("id")[:4])
        for number, child in enumerate(children[:3]):
            started = today - timedelta(days=100 - number * 30)
            plan = services.write_plan(
                child,
                layer=Layer.TARGETED,
                started_on=started,
                next_review_on=started + timedelta(days=80),
                child_views="I like drawing and playing football at break.",
                family_views="We would like help with friendships and reading.",
                strengths="Kind, creative, loves animals.",
                by=senco,
            )
            for code, values in ROWS:
                services.add_row(
                    plan,
                    values=values,
                    standard=Standard.objects.get(code=code),
                    by=senco,
                )
            if number == 0:
                services.record_review(
                    plan,
                    reviewed_on=started + timedelta(days=75),
                    progress=Progress.SOME,
                    what_worked="The language group helped; mornings are still hard.",
                    next_steps="Add a check-in at lunchtime and keep the language group.",
                    layer_after=Layer.TARGETED_PLUS,
                    next_review_on=today + timedelta(days=60),
                    by=senco,
                )
        if len(children) > 3:
            at_risk = children[3]
            services.record_exclusion(
                at_risk,
                kind=ExclusionKind.SUSPENSION,
                starts_on=today - timedelta(days=20),
                ends_on=today - timedelta(days=19),
                sessions_missed=4,
                reason=ExclusionReason.DISRUPTIVE,
                by=senco,
            )
            services.raise_flag(
                at_risk, reason="Two suspensions this term and refusing lessons.", by=senco
            )
            services.record_tier1(
                at_risk,
                provider="Compass Alternative Provision outreach",
                starts_on=today - timedelta(days=10),
                goals="Stay in lessons for the whole morning; a plan for unstructured times.",
                by=senco,
            )
        ehc_plan = EhcPlan.objects.filter(
            placement_setting=school,
            status__in=[PlanStatus.FINAL, PlanStatus.AMENDING, PlanStatus.AMENDMENT_ISSUED],
            case__local_authority=la,
        ).first()
        if ehc_plan is not None:
            rows = services.section_f_rows(ehc_plan)
            lines = [
                services.LineInput(row, Delivered.FULLY, 36, 36)
                if index
                else services.LineInput(
                    row, Delivered.PARTLY, 36, 24, "Teaching assistant absent for four weeks"
                )
                for index, row in enumerate(rows)
            ]
            if lines:
                year = today.year - 1 if today.month < 9 else today.year
                services.confirm_delivery(
                    ehc_plan, school_year=year - 1, term=Term.SUMMER, lines=lines, by=senco
                )
        self.stdout.write(f"Support plans added for {len(children[:3])} children.")
