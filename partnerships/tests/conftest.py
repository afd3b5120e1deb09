"""Fixtures for the partnership: the world's LA with its board set up, every required seat
filled, and the coordinator's teammate sitting on the board as the LA SEND member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerships import services
from partnerships.models import (
    AttendanceStatus,
    BoardAction,
    BoardMember,
    InclusionPlan,
    Meeting,
    MeetingPaper,
    MemberRole,
    PartnershipBoard,
    PlanVersion,
)
from partnerships.tests.factories import ActionFactory, MeetingFactory, MemberFactory

#: Every partnership test runs on Monday 2 November 2026 at 10:00 in London.
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    time_machine.move_to(datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


@dataclass
class Partnership:
    board: PartnershipBoard
    members: dict[str, BoardMember]  # by role
    staff_member: BoardMember  # world.teammate's seat (LA SEND)


@pytest.fixture
def partnership(world) -> Partnership:
    board = services.set_up_board(
        local_authority=world.la, name="Demo SEND and AP Partnership", by=world.manager
    )
    started = timezone.localdate() - timedelta(days=200)
    members = {}
    for required in board.required_roles.all():
        members[required.role] = MemberFactory(
            board=board,
            role=required.role,
            starts_on=started,
            full_name=f"Member for {required.get_role_display()}",
            user=world.teammate if required.role == MemberRole.LA_SEND else None,
        )
    return Partnership(board=board, members=members, staff_member=members[MemberRole.LA_SEND])


SECTIONS = {
    "context": "Our area",
    "provision": "Our schools",
    "priorities": "Inclusion first",
    "actions_summary": "What we will do",
    "funding": "High needs block",
    "engagement": "What families told us",
    "governance": "The board reviews it",
}
QUORATE = [
    MemberRole.LA_SEND,
    MemberRole.HEALTH,
    MemberRole.PARENT_CARER_FORUM,
    MemberRole.COLLEGES,
    MemberRole.EARLY_YEARS,
]


@dataclass
class Things:
    meeting: Meeting  # held and quorate
    upcoming: Meeting
    paper: MeetingPaper
    action: BoardAction  # owned by the staff member (teammate)
    plan: InclusionPlan
    draft: PlanVersion


def hold(partnership, world, meeting, present=QUORATE):
    statuses = {
        m.pk: AttendanceStatus.PRESENT if role in present else AttendanceStatus.ABSENT
        for role, m in partnership.members.items()
    }
    services.record_attendance(meeting, statuses=statuses, by=world.manager)


@pytest.fixture
def things(partnership, world) -> Things:
    meeting = MeetingFactory(board=partnership.board, meets_on=TODAY)
    hold(partnership, world, meeting)
    upcoming = MeetingFactory(board=partnership.board, meets_on=TODAY + timedelta(days=42))
    paper = services.add_paper(
        upcoming,
        upload=SimpleUploadedFile("pack.pdf", b"%PDF-1.4 the data pack"),
        title="Data pack",
        by=world.manager,
    )
    plan = services.start_plan(
        partnership.board,
        title="Local Area Inclusion Plan 2026 to 2029",
        covers_from=TODAY,
        covers_to=TODAY + timedelta(days=1000),
        by=world.manager,
    )
    action = ActionFactory(
        board=partnership.board,
        owner=partnership.staff_member,
        plan=plan,
        meeting=meeting,
        due_on=TODAY - timedelta(days=3),
        description="Map alternative provision places",
    )
    return Things(meeting, upcoming, paper, action, plan, plan.versions.get())


def publish(world, things):
    version = services.save_plan_draft(
        things.draft, sections=SECTIONS, revision=1, by=world.manager
    )
    version = services.approve_plan_version(version, meeting=things.meeting, by=world.manager)
    return services.publish_plan_version(version, by=world.manager)
