"""Add realistic EHC records to the demo local authority made by ``seed_demo``: requests,
decisions, advice (some given, some waiting), plans on the national template with issued
versions, family views and annual reviews, each matching the stage the case is at.

Safe to run again: a case that already has EHC records is left alone. The records are the cases'
history, so they are written as they would stand today rather than replayed through the services
(which would refuse to move cases already at these stages)."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ehcp.models import (
    ADVICE_PROFESSIONS,
    AdviceKind,
    AdviceRequest,
    AdviceRow,
    AdviceSubmission,
    Assessment,
    AssessmentRequest,
    Decision,
    FamilyView,
    GridArea,
    Plan,
    PlanRow,
    PlanStatus,
    PlanVersion,
    RequestSource,
    Review,
)
from ehcp.selectors import plan_content
from ehcp.services import PLAN_ROW_FIELDS
from sendcpp import demo
from sendcpp.models import Case, Organisation, Stage, User

ROWS = {
    GridArea.COMMUNICATION: (
        "Finds it hard to understand instructions given to the whole class and to take turns in "
        "conversation.",
        "Small-group language programme (Language for Thinking) and a visual timetable used in "
        "every lesson.",
        "Teaching assistant trained and supervised by the speech and language therapist",
        "1:4",
        "3 times a week",
        "30 minutes",
        "Follows a two-step instruction in class without an adult repeating it.",
        "By the end of the school year (July {year})",
    ),
    GridArea.COGNITION: (
        "Reading age about 3 years below chronological age; finds it hard to hold information in "
        "working memory.",
        "Structured synthetic phonics programme, with pre-teaching of topic vocabulary.",
        "Teaching assistant trained in the programme",
        "1:1",
        "4 times a week",
        "20 minutes",
        "Reads a book matched to the phonics stage with 90% accuracy.",
        "By Easter {year}",
    ),
    GridArea.SEMH: (
        "Becomes very anxious at transitions and unstructured times, and leaves the classroom.",
        "Named key adult check-in at the start of the day and after lunch; a quiet space agreed "
        "with the child.",
        "Key adult (teaching assistant with emotion coaching training)",
        "1:1",
        "Twice daily",
        "10 minutes",
        "Stays in class for the whole of each lesson for 4 weeks in a row.",
        "By the end of the spring term {year}",
    ),
    GridArea.SENSORY: (
        "Hypermobility affects handwriting stamina and fine motor control.",
        "Occupational therapy programme for hand strength, and a laptop for extended writing.",
        "Teaching assistant following the occupational therapist's programme",
        "1:1",
        "3 times a week",
        "15 minutes",
        "Writes a paragraph by hand, or types a page, without pain or rest breaks.",
        "Within 2 terms",
    ),
    GridArea.HEALTH: (
        "Epilepsy, controlled by medication; seizures about once a term.",
        "Individual health care plan, and staff trained to give emergency medication.",
        "Two named staff trained by the epilepsy nurse specialist",
        "1:1",
        "Annual training, and whenever a seizure happens",
        "2 hours of training each year",
        "Takes part in every school trip with a safe plan in place.",
        "By July {year}",
    ),
}

VIEWS = [
    "I like drawing, dinosaurs and playing football at break. I don't like it when it is noisy "
    "in the hall. I want to be a vet.",
    "I am good at building things with Lego and I help my little brother. Reading is hard. I like "
    "Mrs Khan because she explains things again.",
]
PARENT_VIEWS = [
    "We want school to understand that the anxiety is at its worst in the mornings. Short, calm "
    "instructions work best at home.",
    "Our hope is that he makes friends and feels proud of himself. He needs help to stay regulated "
    "in busy places.",
]


class Command(BaseCommand):
    help = "Add realistic EHC needs assessments, advice, plans and reviews to the demo cases."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=120, help="How many demo cases to fill in")
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, cases: int, seed: int, **options):
        la = demo.local_authority()
        if la is None:
            self.stdout.write("Run `manage.py seed_demo` first: there is no demo local authority.")
            return
        rng = random.Random(seed)
        today = timezone.localdate()
        advisors = list(
            User.objects.filter(
                is_demo=True,
                account_type__in=[User.AccountType.PROFESSIONAL, User.AccountType.SETTING],
            ).order_by("username")
        )
        settings = list(Organisation.objects.filter(la_code=demo.LA_CODE).exclude(pk=la.pk))
        filled = skipped = 0
        queryset = (
            Case.objects.filter(local_authority=la)
            .select_related("child", "coordinator", "child__setting")
            .order_by("id")[:cases]
        )
        for case in queryset:
            if AssessmentRequest.objects.filter(case=case).exists() or hasattr(case, "ehcp_plan"):
                skipped += 1
                continue
            _Seeder(case, rng=rng, today=today, advisors=advisors, settings=settings).run()
            filled += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"EHC records added to {filled} demo cases ({skipped} already had them)."
            )
        )


class _Seeder:
    """Writes one case's EHC history as it would stand at the case's stage today."""

    def __init__(self, case, *, rng, today, advisors, settings):
        self.case = case
        self.rng = rng
        self.today = today
        self.advisors = advisors
        self.settings = settings
        self.coordinator = case.coordinator
        self.received = case.request_received_on or today - timedelta(days=rng.randint(10, 400))
        if self.received > today:
            self.received = today

    def day(self, weeks: float) -> date:
        return min(self.received + timedelta(days=int(weeks * 7)), self.today)

    def run(self) -> None:
        stage = self.case.stage
        request = self.request()
        if stage == Stage.REQUEST:
            return
        if stage in {Stage.NOT_ASSESSED, Stage.CLOSED}:
            self.decide(request, Decision.Kind.ASSESS, agree=False, appeal="refuse_assess")
            return
        self.decide(request, Decision.Kind.ASSESS, agree=True)
        assessment = Assessment.objects.create(
            case=self.case, request=request, started_on=self.day(5)
        )
        self.family_views()
        advice = self.advice(assessment, all_given=stage != Stage.ASSESSMENT)
        if stage == Stage.ASSESSMENT:
            return
        if stage == Stage.NOT_ISSUED:
            decision = self.decision(
                Decision.Kind.ISSUE, Decision.Outcome.REFUSED, self.day(15), "refuse_issue"
            )
            Assessment.objects.filter(pk=assessment.pk).update(
                outcome="not_issue", decision=decision
            )
            return
        decision = self.decision(Decision.Kind.ISSUE, Decision.Outcome.AGREED, self.day(11))
        Assessment.objects.filter(pk=assessment.pk).update(outcome="issue", decision=decision)
        plan = self.plan(advice)
        if stage == Stage.DRAFTING:
            return
        self.version(plan, PlanVersion.Kind.DRAFT, self.day(14))
        if stage in {Stage.DRAFT_ISSUED, Stage.CONSULTATION}:
            Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT_ISSUED)
            return
        self.final(plan, stage)

    def request(self) -> AssessmentRequest:
        source = self.rng.choice(
            [
                RequestSource.PARENT,
                RequestSource.SETTING,
                RequestSource.SETTING,
                RequestSource.HEALTH,
            ]
        )
        return AssessmentRequest.objects.create(
            case=self.case,
            source=source,
            received_on=self.received,
            details="Request with evidence of two cycles of SEN support and an educational psychology report.",
            status=AssessmentRequest.Status.PENDING,
            recorded_by=self.coordinator,
        )

    def decision(self, kind, outcome, on, appeal="", cease_reason="") -> Decision:
        reasons = {
            Decision.Outcome.AGREED: "The evidence shows the child may have special educational "
            "needs that may need provision through a plan.",
            Decision.Outcome.REFUSED: "The evidence shows the child's needs can be met from the "
            "resources of the school at SEN support, with the advice of the educational "
            "psychologist.",
            Decision.Outcome.ISSUED: "Final plan issued after the family's comments and the "
            "consultation with the school.",
            Decision.Outcome.CEASE: "The annual review found the young person's needs are now met "
            "without a plan; the school will continue SEN support.",
        }[outcome]
        return Decision.objects.create(
            case=self.case,
            kind=kind,
            outcome=outcome,
            reasons=reasons,
            decided_on=on,
            decided_by=self.coordinator,
            appeal_decision=appeal,
            cease_reason=cease_reason,
        )

    def decide(self, request, kind, *, agree: bool, appeal: str = "") -> None:
        outcome = Decision.Outcome.AGREED if agree else Decision.Outcome.REFUSED
        decision = self.decision(kind, outcome, self.day(5), appeal)
        AssessmentRequest.objects.filter(pk=request.pk).update(
            status="agreed" if agree else "refused", decision=decision
        )

    def family_views(self) -> None:
        FamilyView.objects.create(
            case=self.case,
            about="child",
            text=self.rng.choice(VIEWS),
            how_gathered="Talked with the teaching assistant using pictures",
        )
        FamilyView.objects.create(
            case=self.case, about="parent", text=self.rng.choice(PARENT_VIEWS)
        )

    def advice(self, assessment, *, all_given: bool) -> list[AdviceRow]:
        rows: list[AdviceRow] = []
        kinds = [AdviceKind.PSYCHOLOGICAL, AdviceKind.HEALTH, AdviceKind.EDUCATIONAL]
        for index, kind in enumerate(kinds):
            # The demo professional whose profession gives this advice, if there is one.
            advisor = next(
                (
                    person
                    for person in self.advisors
                    if person.profession in ADVICE_PROFESSIONS.get(kind, ())
                ),
                self.advisors[index % len(self.advisors)] if self.advisors else None,
            )
            given = all_given or index == 0
            request = AdviceRequest.objects.create(
                case=self.case,
                assessment=assessment,
                kind=kind,
                template={
                    "psychological": "psychology",
                    "health": "health",
                    "educational": "setting",
                }[kind],
                advisor=advisor if index < 2 else None,
                advisor_name=advisor.display_name if (advisor and index < 2) else "SENCO",
                advisor_profession=advisor.profession if (advisor and index < 2) else "",
                advisor_email="" if index < 2 else "senco@example.org",
                organisation=advisor.organisation
                if (advisor and index < 2)
                else self.case.child.setting,
                requested_on=self.day(6),
                questions="Please describe needs, provision and outcomes in each broad area.",
                status="submitted" if given else "requested",
                submitted_at=timezone.now() if given else None,
                link_nonce="" if index < 2 else secrets.token_hex(16),
                requested_by=self.coordinator,
            )
            if given:
                submission = AdviceSubmission.objects.create(
                    request=request,
                    content={
                        "basis": "Observed in class and met the family.",
                        "summary": "Needs are long-term and need specialist provision.",
                    },
                    advisor_name=request.advisor_name,
                    advisor_role={
                        "psychological": "Educational psychologist",
                        "health": "Community paediatrician",
                        "educational": "SENCO",
                    }[kind],
                    submitted_by=advisor if index < 2 else None,
                    via_link=index >= 2,
                )
                area = (
                    GridArea.HEALTH
                    if kind == AdviceKind.HEALTH
                    else self.rng.choice(
                        [
                            GridArea.COMMUNICATION,
                            GridArea.COGNITION,
                            GridArea.SEMH,
                            GridArea.SENSORY,
                        ]
                    )
                )
                rows.append(
                    AdviceRow.objects.create(submission=submission, position=1, **self.row(area))
                )
        return rows

    def row(self, area) -> dict:
        need, what, who, ratio, frequency, duration, outcome, timeframe = ROWS[area]
        year = self.today.year + 1
        return {
            "area": area,
            "need": need,
            "provision_what": what,
            "provision_who": who,
            "ratio": ratio,
            "frequency": frequency,
            "duration": duration,
            "outcome": outcome,
            "outcome_timeframe": timeframe.format(year=year),
        }

    def plan(self, advice_rows) -> Plan:
        child = self.case.child
        plan = Plan.objects.create(
            case=self.case,
            health_professionals="GP: Dr Shah, Riverside Surgery. Community paediatrician: Dr Okoro.",
            other_professionals="Educational psychologist; speech and language therapist.",
            one_page_profile=True,
            history=f"{child.full_name} lives with their family in the borough and attends "
            f"{child.setting.name if child.setting else 'a local school'}. Needs were first noticed "
            "in the early years; the school has provided SEN support for two years.",
            communication="Use short sentences and give time to answer. Visual supports help.",
            views=self.rng.choice(VIEWS),
            views_gathered="In school with the key adult, using talking mats, this term.",
            interests="Drawing, animals, football, building models.",
            strengths="Kind, creative, remembers facts about favourite topics, good at maths puzzles.",
            aspirations="To work with animals, and to have a group of friends.",
            parent_views=self.rng.choice(PARENT_VIEWS),
            area_strengths={"communication": "Enjoys talking about favourite topics with adults."},
            updated_by=self.coordinator,
        )
        for position, advice_row in enumerate(advice_rows, start=1):
            PlanRow.objects.create(
                plan=plan,
                position=position,
                source_advice_row=advice_row,
                **{field: getattr(advice_row, field) for field in PLAN_ROW_FIELDS},
            )
        return plan

    def version(self, plan, kind, on) -> PlanVersion:
        number = plan.versions.count() + 1
        return PlanVersion.objects.create(
            plan=plan,
            number=number,
            kind=kind,
            issued_on=on,
            issued_by=self.coordinator,
            comments_close_on=on + timedelta(days=14) if kind == PlanVersion.Kind.DRAFT else None,
            content=plan_content(plan, kind=kind, number=number, issued_on=on, by=self.coordinator),
        )

    def final(self, plan, stage) -> None:
        setting = self.case.child.setting or self.rng.choice(self.settings)
        issued = self.day(19)
        Plan.objects.filter(pk=plan.pk).update(
            placement_setting=setting,
            placement_name=setting.name,
            placement_type=setting.get_kind_display(),
            made_on=issued,
            status=PlanStatus.CEASED if stage == Stage.CEASED else PlanStatus.FINAL,
        )
        plan.refresh_from_db()
        self.version(plan, PlanVersion.Kind.FINAL, issued)
        self.decision(Decision.Kind.FINAL_PLAN, Decision.Outcome.ISSUED, issued, "plan_contents")
        Case.objects.filter(pk=self.case.pk).update(plan_issued_on=issued)
        if stage == Stage.ANNUAL_REVIEW:
            Review.objects.create(
                case=self.case,
                plan=plan,
                meeting_on=self.today + timedelta(days=self.rng.randint(14, 40)),
                created_by=self.coordinator,
            )
        if stage == Stage.CEASED:
            self.decision(
                Decision.Kind.CEASE,
                Decision.Outcome.CEASE,
                self.today - timedelta(days=30),
                "cease",
                cease_reason="2",
            )
