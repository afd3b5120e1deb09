"""Demo data for the partnership of the demo local authority: a board with every required seat
filled (one lapsed, so the warning shows), a six-weekly series of meetings (two already held,
with attendance, minutes and decisions), actions (overdue, due soon, done), engagement with
families and young people, and a Local Area Inclusion Plan published as version 1 with version 2
in draft. Everything is invented. Safe to run again: each part is made only if missing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from partnerships import services
from partnerships.models import (
    AttendanceStatus,
    InclusionPlan,
    Meeting,
    MeetingStatus,
    MemberRole,
    PartnershipBoard,
    PlanVersion,
    PlanVersionStatus,
)
from sendcpp import demo
from sendcpp.models import Organisation, StaffProfile, User

MEMBERS: list[tuple[str, str, str, str]] = [
    # (role, name, organisation, job title)
    (MemberRole.LA_EDUCATION, "Helen Marsh", "", "Head of SEND"),
    (MemberRole.LA_SEND, "Rupert Ellis", "", "SEND service manager"),
    (MemberRole.SOCIAL_CARE, "Fatima Begum", "", "Head of children with disabilities service"),
    (
        MemberRole.HEALTH,
        "Dr Owen Price",
        "Demo Integrated Care Board",
        "Designated clinical officer",
    ),
    (MemberRole.PRIMARY_SCHOOLS, "Grace Whitfield", "Riverside Primary School", "Headteacher"),
    (MemberRole.SECONDARY_SCHOOLS, "Marcus Obi", "Southfield High School", "Headteacher"),
    (MemberRole.SPECIAL_SCHOOLS, "Anita Kaur", "Oakwood Special School", "Headteacher"),
    (MemberRole.COLLEGES, "Tom Harding", "Demo Borough College", "Vice principal"),
    (MemberRole.EARLY_YEARS, "Lucy Tran", "Little Steps Nursery", "Manager"),
    (MemberRole.ALTERNATIVE_PROVISION, "Kwame Mensah", "Compass Alternative Provision", "Head"),
    (MemberRole.PARENT_CARER_FORUM, "Sarah Doyle", "", "Chair, Demo Parent Carer Forum"),
    (MemberRole.YOUNG_PEOPLE, "Jess Alder", "", "Youth forum representative"),
]

PLAN_TEXT = {
    "context": (
        "Demo Borough has about 48,000 children and young people aged 0 to 25. About 2,100 have "
        "an education, health and care plan and a further 6,300 receive SEN support.\n\n"
        "Requests for assessment have risen by a quarter in three years, most often for "
        "communication and interaction needs and for social, emotional and mental health."
    ),
    "provision": (
        "The area has two special schools, six resourced provisions in mainstream schools, one "
        "further education college and one alternative provision academy.\n\n"
        "Special school places are full; families of secondary-age pupils travel furthest."
    ),
    "priorities": (
        "1. Meet more needs in mainstream schools, earlier.\n"
        "2. Enough specialist places close to home.\n"
        "3. Good preparation for adulthood from year 9.\n"
        "4. Families trust the system and know what to expect."
    ),
    "actions_summary": "Each action below has an owner on the partnership board, a date, and a "
    "measure that will show whether it has worked.",
    "funding": (
        "The plan is funded from the high needs block of the dedicated schools grant, the "
        "integrated care board's children's budget, and capital funding for new places."
    ),
    "engagement": (
        "The parent carer forum and the youth forum helped write this plan. The activities below "
        "show who took part and what changed as a result."
    ),
    "governance": (
        "The partnership board oversees the plan and reviews progress on every action at each "
        "meeting, every six weeks. The plan is refreshed every year with the board's approval."
    ),
}


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class Command(BaseCommand):
    help = "Add demo partnership data to the demo local authority (idempotent)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).first()
        if la is None:
            raise CommandError("No local authority: run seed_demo first.")
        manager = demo.require_manager(la)
        today = timezone.localdate()
        board = PartnershipBoard.objects.filter(
            local_authority=la
        ).first() or services.set_up_board(
            local_authority=la, name="Demo SEND and AP Partnership Board", by=manager
        )
        self._members(board, la, manager, today)
        meetings = self._meetings(board, manager, today)
        self._actions_and_plan(board, manager, meetings, today)
        self.stdout.write(self.style.SUCCESS(f"Partnership demo data ready for {la.name}."))

    def _members(
        self, board: PartnershipBoard, la: Organisation, manager: User, today: date
    ) -> None:
        if board.members.exists():
            return
        coordinator = (
            User.objects.filter(organisation=la, staff_profile__role=StaffProfile.Role.COORDINATOR)
            .order_by("id")
            .first()
        )
        starts = today - timedelta(days=400)
        for role, name, org_name, title in MEMBERS:
            organisation = Organisation.objects.filter(name=org_name).first() if org_name else None
            services.add_member(
                board,
                full_name=name,
                role=role,
                organisation=organisation,
                organisation_name="" if organisation else org_name or self._own_org(role, la),
                job_title=title,
                user=manager
                if role == MemberRole.LA_EDUCATION
                else (coordinator if role == MemberRole.LA_SEND else None),
                is_chair=role == MemberRole.LA_EDUCATION,
                starts_on=starts,
                by=manager,
            )
        # A college seat whose holder stood down last month and has not been replaced.
        college = board.members.get(role=MemberRole.COLLEGES)
        services.update_member(
            college,
            full_name=college.full_name,
            role=college.role,
            organisation=college.organisation,
            organisation_name=college.organisation_name,
            job_title=college.job_title,
            starts_on=college.starts_on,
            ends_on=today - timedelta(days=30),
            by=manager,
        )

    @staticmethod
    def _own_org(role: str, la: Organisation) -> str:
        if role == MemberRole.PARENT_CARER_FORUM:
            return "Demo Parent Carer Forum"
        if role == MemberRole.YOUNG_PEOPLE:
            return "Demo Youth Forum"
        return la.name

    def _meetings(self, board: PartnershipBoard, manager: User, today: date) -> list[Meeting]:
        if not board.meetings.exists():
            services.schedule_meetings(
                board,
                first_on=_weekday_on_or_before(today - timedelta(weeks=12)),
                count=6,
                interval_weeks=6,
                starts_at=time(14, 0),
                location="Committee room 2, Demo Civic Centre",
                by=manager,
            )
        meetings = list(board.meetings.order_by("meets_on"))
        for number, meeting in enumerate(meetings[:2], start=1):
            if meeting.status != MeetingStatus.SCHEDULED or meeting.meets_on > today:
                continue
            services.add_agenda_item(meeting, title="Welcome and apologies", by=manager)
            services.add_agenda_item(
                meeting, title="Inclusion plan progress", presenter="Helen Marsh", by=manager
            )
            statuses = {
                member.pk: AttendanceStatus.APOLOGIES
                if member.role == MemberRole.YOUNG_PEOPLE
                else AttendanceStatus.PRESENT
                for member in board.members.all()
                if member.is_active_on(meeting.meets_on)
            }
            services.record_attendance(meeting, statuses=statuses, by=manager)
            services.save_minutes(
                meeting,
                text=f"Meeting {number}. The board reviewed the inclusion plan and its actions.",
                revision=0,
                by=manager,
            )
            services.record_decision(
                meeting, text="The board agreed the minutes of the last meeting.", by=manager
            )
        return list(board.meetings.order_by("meets_on"))

    def _actions_and_plan(
        self, board: PartnershipBoard, manager: User, meetings: list[Meeting], today: date
    ) -> None:
        existing = InclusionPlan.objects.filter(board=board).order_by("id").first()
        held = [m for m in meetings if m.status == MeetingStatus.HELD]
        if existing is not None:
            self._publish(existing, manager, held)
            return
        members = {m.role: m for m in board.members.all() if m.is_active_on(today)}
        plan = services.start_plan(
            board,
            title=f"Local Area Inclusion Plan {today.year} to {today.year + 3}",
            covers_from=date(today.year, 9, 1) if today.month >= 9 else date(today.year - 1, 9, 1),
            covers_to=date(today.year + 3, 8, 31),
            by=manager,
        )
        for description, role, due_in_days, measure in [
            (
                "Train every SENCO in the graduated approach",
                MemberRole.LA_SEND,
                -10,
                "90% of schools report using the approach",
            ),
            (
                "Open two resourced provisions for autistic pupils",
                MemberRole.LA_EDUCATION,
                5,
                "24 places filled by September",
            ),
            (
                "Agree a joint ICB and LA speech and language offer",
                MemberRole.HEALTH,
                60,
                "Waiting times under 18 weeks",
            ),
            (
                "Pilot travel training with the college",
                MemberRole.SPECIAL_SCHOOLS,
                120,
                "30 young people travelling independently",
            ),
        ]:
            services.add_action(
                board,
                description=description,
                owner=members[role],
                due_on=today + timedelta(days=due_in_days),
                measure=measure,
                plan=plan,
                meeting=held[0] if held else None,
                by=manager,
            )
        done = services.add_action(
            board,
            description="Circulate the data pack before each meeting",
            owner=members[MemberRole.LA_SEND],
            due_on=today - timedelta(days=20),
            by=manager,
        )
        services.update_action_progress(done, note="Sent a week ahead.", status="done", by=manager)
        for title, groups, count, asked, changed, days_ago in [
            (
                "Workshop with the parent carer forum",
                "Parents and carers of children in primary and secondary schools",
                26,
                "What would make mainstream school work for your child?",
                "Earlier support in mainstream became the plan's first priority.",
                70,
            ),
            (
                "Youth forum session",
                "Young people aged 14 to 19 with SEND",
                11,
                "What helps you get ready for adult life?",
                "Travel training was added as an action.",
                40,
            ),
        ]:
            services.record_engagement(
                board,
                held_on=today - timedelta(days=days_ago),
                title=title,
                participants_count=count,
                groups=groups,
                what_was_asked=asked,
                what_changed=changed,
                by=manager,
            )
        self._publish(plan, manager, held)

    def _publish(self, plan: InclusionPlan, manager: User, held: list[Meeting]) -> None:
        version = plan.versions.get(number=1)
        if version.status == PlanVersionStatus.DRAFT and not version.context:
            version = services.save_plan_draft(version, sections=PLAN_TEXT, revision=1, by=manager)
        if not held:
            return
        if version.status == PlanVersionStatus.DRAFT:
            # The demo's story: the draft was finished the day before the board's last meeting
            # (a board approves only a version it had before it).
            finished = datetime.combine(held[-1].meets_on - timedelta(days=1), time(17, 0))
            PlanVersion.objects.filter(pk=version.pk).update(
                updated_at=timezone.make_aware(finished)
            )
            version.refresh_from_db()
            version = services.approve_plan_version(version, meeting=held[-1], by=manager)
        if version.status == PlanVersionStatus.APPROVED:
            services.publish_plan_version(version, by=manager)
        if not plan.versions.filter(number=2).exists():
            draft = services.start_new_version(plan, by=manager)
            services.save_plan_draft(
                draft,
                sections={"priorities": PLAN_TEXT["priorities"] + "\n5. Fewer exclusions (draft)."},
                revision=1,
                by=manager,
            )
