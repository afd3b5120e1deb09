"""Fixtures for the panels tests: the clock pinned to Tuesday 6 October 2026 at noon, an
assessment-request panel with a chair and members in every required role (plus an observer), a
meeting today (papers published) and one on Friday (papers not yet published), and the shared
``world`` case with its request recorded through the EHCP services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ehcp import services as ehcp_services
from ehcp.models import Assessment, AssessmentRequest
from panels import services
from panels.models import FundingBand, MemberRole, Panel, PanelKind, PanelMeeting, PanelMember
from sendcpp.models import Case, StaffProfile, User
from sendcpp.tests.factories import CaseFactory, StaffFactory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 10, 6)
REQUEST_RECEIVED = date(2026, 9, 1)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


@pytest.fixture(autouse=True)
def _default_criteria(request):
    """The criteria are loaded by a data migration; a transactional test elsewhere flushes them,
    so put them back before any database test here."""
    uses = {"db", "transactional_db"} & set(request.fixturenames)
    if not uses:
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in uses else "db")
    from panels.criteria import DEFAULT_CRITERIA
    from panels.models import DecisionCriterion

    for position, (code, title, reference, kinds) in enumerate(DEFAULT_CRITERIA, start=1):
        DecisionCriterion.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "reference": reference,
                "decision_kinds": list(kinds),
                "position": position,
            },
        )


@dataclass
class Panels:
    """An assessment-request panel of the world's LA, its people and two meetings."""

    panel: Panel
    chair: User
    ep: User
    health: User
    social_care: User
    observer: User
    outsider: User  # a panel member who does not sit on this panel
    members: dict[str, PanelMember]
    today: PanelMeeting  # 09:00 today: papers published
    friday: PanelMeeting  # Friday 9 October: papers published on Tuesday 6 October at 14:00

    def member(self, user: User) -> PanelMember:
        return PanelMember.objects.get(panel=self.panel, user=user, left_on__isnull=True)


def panel_member(world, username: str) -> User:
    return StaffFactory(
        organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER, username=username
    )


@pytest.fixture
def panels(world) -> Panels:
    manager = world.manager
    panel = services.create_panel(
        local_authority=world.la,
        name="Assessment panel",
        kind=PanelKind.ASSESSMENT,
        papers_days_before=3,
        by=manager,
    )
    people = {
        "chair": (panel_member(world, "chair"), MemberRole.EDUCATION),
        "ep": (panel_member(world, "ep"), MemberRole.EDUCATIONAL_PSYCHOLOGIST),
        "health": (panel_member(world, "health"), MemberRole.HEALTH),
        "social_care": (panel_member(world, "social_care"), MemberRole.SOCIAL_CARE),
        "observer": (panel_member(world, "observer"), MemberRole.PARENT_CARER_FORUM),
    }
    members = {
        name: services.add_panel_member(
            panel, user=user, role=role, is_chair=name == "chair", by=manager
        )
        for name, (user, role) in people.items()
    }
    today = services.schedule_meeting(panel, starts_at=at(TODAY, 9), by=manager)
    friday = services.schedule_meeting(panel, starts_at=at(date(2026, 10, 9), 14), by=manager)
    ehcp_services.record_request(
        world.case, source="parent", received_on=REQUEST_RECEIVED, by=world.coordinator
    )
    world.case.refresh_from_db()
    return Panels(
        panel=panel,
        chair=people["chair"][0],
        ep=people["ep"][0],
        health=people["health"][0],
        social_care=people["social_care"][0],
        observer=people["observer"][0],
        outsider=panel_member(world, "outsider"),
        members=members,
        today=today,
        friday=friday,
    )


@pytest.fixture
def band(world) -> FundingBand:
    return services.create_funding_band(
        local_authority=world.la,
        name="Band 3",
        need_level="Moderate needs",
        annual_tariff=Decimal("6000.00"),
        effective_from=date(2026, 4, 1),
        by=world.manager,
    )


def with_request(case: Case) -> Case:
    """Record the case's request for assessment (so a panel can decide whether to assess)."""
    AssessmentRequest.objects.create(
        case=case,
        kind=AssessmentRequest.Kind.ASSESSMENT,
        source="parent",
        received_on=case.request_received_on or REQUEST_RECEIVED,
    )
    return case


def waiting_case(world, **fields) -> Case:
    """A new case of the world's team waiting for the decision whether to assess."""
    return with_request(CaseFactory(team=world.case.team, local_authority=world.la, **fields))


def with_assessment(case: Case) -> None:
    """Give a case at "Needs assessment" the assessment under way (so a panel can decide
    whether to issue a plan)."""
    request = AssessmentRequest.objects.filter(case=case).first()
    Assessment.objects.create(
        case=case,
        request=request,
        started_on=request.received_on if request else REQUEST_RECEIVED,
    )
