"""A fictional local authority for demonstrations and benchmarks. Every name here is invented."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendcpp.models import (
    Case,
    Child,
    Organisation,
    Relationship,
    StaffProfile,
    Stage,
    Team,
    User,
)
from sendcpp.needs import NeedType

DEMO_PASSWORD = "sendcpp-demo-2026"  # noqa: S105 - printed for the demo on purpose
LA_CODE = "990"

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Harvey",
    "Isla",
    "Jayden",
    "Kai",
    "Layla",
    "Mohammed",
    "Nia",
    "Oscar",
    "Priya",
    "Quinn",
    "Ruby",
    "Sami",
    "Theo",
    "Uma",
    "Vinny",
    "Willow",
    "Xander",
    "Yusuf",
    "Zara",
    "Aisha",
    "Callum",
    "Darcy",
    "Eshan",
]
LAST_NAMES = [
    "Adeyemi",
    "Bennett",
    "Chowdhury",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinlan",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Yilmaz",
    "Zielinski",
    "Ahmed",
    "Brown",
    "Clarke",
    "Dhillon",
    "Edwards",
]
SCHOOLS = [
    ("Riverside Primary School", Organisation.Kind.SCHOOL, "990001"),
    ("Hillcrest Primary School", Organisation.Kind.SCHOOL, "990002"),
    ("St Anne's CE Primary School", Organisation.Kind.SCHOOL, "990003"),
    ("Northgate Academy", Organisation.Kind.SCHOOL, "990004"),
    ("Southfield High School", Organisation.Kind.SCHOOL, "990005"),
    ("Oakwood Special School", Organisation.Kind.SPECIAL_SCHOOL, "990006"),
    ("Meadowbank Special School", Organisation.Kind.SPECIAL_SCHOOL, "990007"),
    ("Demo Borough College", Organisation.Kind.COLLEGE, "990008"),
    ("Little Steps Nursery", Organisation.Kind.EARLY_YEARS, "990009"),
    ("Compass Alternative Provision", Organisation.Kind.ALTERNATIVE_PROVISION, "990010"),
]
# How a demo caseload spreads over the journey (weights), roughly as in a real LA.
STAGE_WEIGHTS = {
    Stage.REQUEST: 10,
    Stage.ASSESSMENT: 14,
    Stage.DRAFTING: 6,
    Stage.DRAFT_ISSUED: 5,
    Stage.CONSULTATION: 4,
    Stage.PLAN_ISSUED: 4,
    Stage.MAINTAINED: 35,
    Stage.ANNUAL_REVIEW: 10,
    Stage.NOT_ASSESSED: 4,
    Stage.NOT_ISSUED: 2,
    Stage.CEASED: 4,
    Stage.CLOSED: 2,
}
NEEDS = [n for n in NeedType.values if n != NeedType.DS] + [NeedType.ASD] * 4 + [NeedType.SEMH] * 2


def local_authority() -> Organisation | None:
    """The demo local authority, once ``manage.py seed_demo`` has loaded it."""
    return Organisation.objects.filter(
        la_code=LA_CODE, kind=Organisation.Kind.LOCAL_AUTHORITY
    ).first()


def require_local_authority() -> Organisation:
    """The demo local authority, for a command that adds an app's demo records to it."""
    la = local_authority()
    if la is None:
        raise CommandError("Load the demo local authority first: manage.py seed_demo")
    return la


def require_manager(la: Organisation) -> User:
    """The local authority's first SEND manager, who acts for a seed command."""
    manager = (
        User.objects.filter(organisation=la, staff_profile__role=StaffProfile.Role.MANAGER)
        .order_by("id")
        .first()
    )
    if manager is None:
        raise CommandError("The local authority has no SEND manager to act as.")
    return manager


#: Demo family accounts whose children an app's seed command leaves as ``seed_demo`` made them.
KEEP_FRESH = frozenset({"parent1", "parent2", "parent3"})


def open_cases_at(la: Organisation, stages: list[str], *, newest_first: bool = False) -> list[Case]:
    """One open demo case with a coordinator for each of ``stages`` (another open case where
    none is left at that stage), leaving out the children of the ``KEEP_FRESH`` families."""
    reserved = Relationship.objects.filter(user__username__in=KEEP_FRESH).values("child_id")
    pool = (
        Case.objects.filter(local_authority=la, closed_on__isnull=True, coordinator__isnull=False)
        .exclude(child_id__in=reserved)
        .select_related("coordinator", "child")
        .order_by("-id" if newest_first else "id")
    )
    chosen: list[Case] = []
    for stage in stages:
        others = pool.exclude(pk__in=[c.pk for c in chosen])
        case = others.filter(stage=stage).first() or others.first()
        if case is None:
            raise CommandError("The demo local authority has too few open cases.")
        chosen.append(case)
    return chosen


@dataclass
class DemoAuthority:
    la: Organisation
    teams: list[Team]
    coordinators: list[User]
    managers: list[User]
    settings: list[Organisation]


def _user(
    username: str,
    first: str,
    last: str,
    account_type: str,
    org: Organisation | None,
    profession: str = "",
) -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        account_type=account_type,
        organisation=org,
        profession=profession,
        email=f"{username}@example.org",
        is_demo=True,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    if account_type == User.AccountType.STAFF:
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return user


def _staff(
    username: str, first: str, last: str, role: str, la: Organisation, team: Team | None, title: str
) -> User:
    user = _user(username, first, last, User.AccountType.STAFF, la)
    StaffProfile.objects.create(user=user, role=role, team=team, job_title=title)
    return user


@transaction.atomic
def create_authority(*, coordinators_per_team: int = 3) -> DemoAuthority:
    la = Organisation.objects.create(
        name="Demo Borough Council", kind=Organisation.Kind.LOCAL_AUTHORITY, la_code=LA_CODE
    )
    teams = [
        Team.objects.create(
            name=name, local_authority=la, group=Group.objects.create(name=f"Team: {name}")
        )
        for name in ("North team", "South team", "Post-16 team")
    ]
    coordinators = []
    for t_index, team in enumerate(teams):
        for c in range(coordinators_per_team):
            n = t_index * coordinators_per_team + c + 1
            coordinators.append(
                _staff(
                    f"coordinator{n}",
                    FIRST_NAMES[n % len(FIRST_NAMES)],
                    LAST_NAMES[(n * 7) % len(LAST_NAMES)],
                    StaffProfile.Role.COORDINATOR,
                    la,
                    team,
                    "EHCP coordinator",
                )
            )
    managers = [
        _staff("manager1", "Helen", "Marsh", StaffProfile.Role.MANAGER, la, None, "Head of SEND")
    ]
    for n in range(1, 4):
        _staff(
            f"panel{n}",
            FIRST_NAMES[-n],
            LAST_NAMES[-n],
            StaffProfile.Role.PANEL_MEMBER,
            la,
            None,
            "Panel member",
        )
    admin = _staff(
        "admin1", "Sam", "Reid", StaffProfile.Role.ADMINISTRATOR, la, None, "System administrator"
    )
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    health = Organisation.objects.create(
        name="Demo Integrated Care Board", kind=Organisation.Kind.HEALTH
    )
    # Professionals who give advice, by profession and the service they work for.
    social_care = Organisation.objects.create(
        name="Demo Children's Social Care", kind=Organisation.Kind.SOCIAL_CARE
    )
    support_services = Organisation.objects.create(
        name="Demo Psychology and Sensory Support Service", kind=Organisation.Kind.OTHER
    )
    for n, (first, last, profession, service) in enumerate(
        [
            ("Priya", "Rao", User.Profession.EDUCATIONAL_PSYCHOLOGIST, support_services),
            ("Tom", "Okoro", User.Profession.DOCTOR, health),
            ("Jo", "Lindqvist", User.Profession.SPEECH_THERAPIST, health),
            ("Maya", "Fenwick", User.Profession.SOCIAL_WORKER, social_care),
            ("Ravi", "Chandra", User.Profession.SENSORY_TEACHER, support_services),
        ],
        start=1,
    ):
        _user(
            f"professional{n}",
            first,
            last,
            User.AccountType.PROFESSIONAL,
            service,
            profession=profession,
        )
    settings = [
        Organisation.objects.create(
            name=name, kind=kind, urn=urn, la_code=LA_CODE, postcode=f"DB{i} {i}AA"
        )
        for i, (name, kind, urn) in enumerate(SCHOOLS, start=1)
    ]
    _user("senco1", "Alex", "Hart", User.AccountType.SETTING, settings[0])
    return DemoAuthority(
        la=la, teams=teams, coordinators=coordinators, managers=managers, settings=settings
    )


def demo_child(
    rng: random.Random, la: Organisation, settings: list[Organisation], today: date
) -> Child:
    age_days = rng.randint(2 * 365, 22 * 365)
    return Child(
        legal_first_name=rng.choice(FIRST_NAMES),
        legal_last_name=rng.choice(LAST_NAMES),
        date_of_birth=today - timedelta(days=age_days),
        sex=rng.choice([Child.Sex.MALE, Child.Sex.MALE, Child.Sex.FEMALE]),
        # DfE codes (sendcpp.codelists), as the child's record page takes them.
        ethnicity=rng.choice(["WBRI", "AIND", "BAFR", "MWBC", "WOTH"]),
        first_language=rng.choice(["ENG"] * 5 + ["POL", "URD", "SOM"]),
        postcode=f"DB{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
        responsible_la=la,
        setting=rng.choice(settings),
        primary_need=rng.choice(NEEDS),
    )


def _ago(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low, high))


def demo_journey(
    rng: random.Random, today: date, *, stage_weights: dict[str, float] | None = None
) -> tuple[str, date, list[tuple[str, dict[str, date]]]]:
    """A stage (drawn with ``stage_weights``, by default the demo's), the date the request was
    received, and the deadlines running at that stage (rule and trigger dates), consistent with
    how long the case has been going."""
    weights = stage_weights or STAGE_WEIGHTS
    stage = rng.choices(list(weights), weights=list(weights.values()))[0]
    if stage == Stage.REQUEST:
        received = _ago(rng, today, 0, 50)
        return (
            stage,
            received,
            [
                ("assessment_decision", {"request_received_on": received}),
                ("final_plan", {"request_received_on": received}),
            ],
        )
    if stage == Stage.ASSESSMENT:
        received = _ago(rng, today, 40, 110)
        asked = received + timedelta(days=rng.randint(35, 45))
        return (
            stage,
            received,
            [
                ("assessment_advice", {"advice_requested_on": min(asked, today)}),
                ("final_plan", {"request_received_on": received}),
            ],
        )
    if stage in {Stage.DRAFTING, Stage.CONSULTATION, Stage.DRAFT_ISSUED}:
        received = _ago(rng, today, 90, 150)
        deadlines = [("final_plan", {"request_received_on": received})]
        if stage == Stage.DRAFT_ISSUED:
            deadlines.append(("draft_plan_comments", {"draft_served_on": _ago(rng, today, 0, 20)}))
        if stage == Stage.CONSULTATION:
            deadlines.append(("setting_consultation", {"consulted_on": _ago(rng, today, 0, 20)}))
        return stage, received, deadlines
    if stage in {Stage.PLAN_ISSUED, Stage.MAINTAINED}:
        issued = _ago(rng, today, 10, 380)
        return stage, issued - timedelta(days=140), [("annual_review", {"plan_made_on": issued})]
    if stage == Stage.ANNUAL_REVIEW:
        meeting = _ago(rng, today, 0, 35)
        return (
            stage,
            meeting - timedelta(days=500),
            [
                ("review_decision", {"meeting_on": meeting}),
                ("review_report", {"meeting_on": meeting}),
            ],
        )
    return stage, _ago(rng, today, 60, 900), []


def add_family(child: Child, *, rng: random.Random, username: str | None) -> Relationship:
    user = None
    if username:
        user = _user(
            username, rng.choice(FIRST_NAMES), child.legal_last_name, User.AccountType.FAMILY, None
        )
    return Relationship.objects.create(
        child=child,
        user=user,
        full_name=f"{user.first_name if user else rng.choice(FIRST_NAMES)} {child.legal_last_name}",
        kind=rng.choice(
            [Relationship.Kind.MOTHER, Relationship.Kind.FATHER, Relationship.Kind.CARER]
        ),
        email=f"{username or 'family'}@example.org",
        portal_access=user is not None,
    )
