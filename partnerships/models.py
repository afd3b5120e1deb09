"""The local SEND and alternative provision partnership: its board, the members it must have,
its meetings, decisions and actions, the co-production it does with families and young people,
and the Local Area Inclusion Plan (LAIP) it approves and publishes (domain spec 4.7)."""

from __future__ import annotations

import uuid
from datetime import date, time
from pathlib import PurePosixPath

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sendcpp.modelbase import PublicIdModel, PublicRecord, append_only
from sendcpp.models import Organisation, User


class MemberRole(models.TextChoices):
    """The seats on a partnership board: who the partnership brings together (Improvement Plan:
    education including AP, health and care partners with local government; in practice the LA,
    the ICB, schools by phase, colleges, early years, AP and the parent carer forum)."""

    LA_EDUCATION = "la_education", "Local authority education"
    LA_SEND = "la_send", "Local authority SEND service"
    SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health (integrated care board)"
    PRIMARY_SCHOOLS = "primary_schools", "Mainstream primary schools"
    SECONDARY_SCHOOLS = "secondary_schools", "Mainstream secondary schools"
    SPECIAL_SCHOOLS = "special_schools", "Special schools"
    COLLEGES = "colleges", "Further education colleges"
    EARLY_YEARS = "early_years", "Early years providers"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
    YOUNG_PEOPLE = "young_people", "Young people's voice"
    OTHER = "other", "Other partner"


@pghistory.track()
class PartnershipBoard(PublicRecord):
    """The local SEND and AP partnership of one local authority area, led by the LA. Its rules
    (quorum, how often it meets, when action owners are reminded) are configuration."""

    local_authority = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="partnership_board"
    )
    name = models.CharField(max_length=200)
    quorum_minimum = models.PositiveSmallIntegerField(
        default=5, help_text="The fewest members who must be present for the board to decide."
    )
    meeting_interval_weeks = models.PositiveSmallIntegerField(
        default=6, help_text="How often the board usually meets, in weeks."
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=7, help_text="How many days before an action is due its owner is reminded."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_minimum__gte=1), name="board_quorum_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(meeting_interval_weeks__gte=1, meeting_interval_weeks__lte=52),
                name="board_interval_1_to_52_weeks",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class RequiredRole(models.Model):
    """A seat the board must fill (the mandated membership list), how many people should hold
    it, and whether one of them must be present for the board to be quorate."""

    board = models.ForeignKey(
        PartnershipBoard, on_delete=models.CASCADE, related_name="required_roles"
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    minimum_members = models.PositiveSmallIntegerField(default=1)
    required_for_quorum = models.BooleanField(
        default=False, help_text="Someone in this role must be present for a decision."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "role"], name="required_role_once_per_board"),
            models.CheckConstraint(
                condition=Q(minimum_members__gte=1), name="required_role_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


@pghistory.track()
class BoardMember(PublicRecord):
    """A person who sits on the board for a term, in a role, for an organisation. A member with a
    staff account of the LA can sign in to see the board, its meetings and its actions."""

    board = models.ForeignKey(PartnershipBoard, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="When the organisation is not in the directory."
    )
    job_title = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_memberships",
        help_text="Their account in this service, if they have one.",
    )
    is_chair = models.BooleanField(default=False)
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="When the term ends or ended; empty if open-ended."
    )

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="member_term_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["board", "role"], name="member_board_role")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    def has_lapsed_on(self, day: date) -> bool:
        return self.ends_on is not None and self.ends_on < day


class MeetingStatus(models.TextChoices):
    """Where a board meeting is.

    - scheduled: the meeting is in the calendar; the agenda and papers are being prepared.
    - held: the meeting took place and its attendance is recorded; minutes, decisions and actions
      are recorded against it. A decision needs the meeting to have been quorate.
    - cancelled: the meeting will not take place.
    """

    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


@pghistory.track()
class Meeting(PublicRecord):
    """One meeting of the board. ``planned_on`` is the date the board's cadence gave; the meeting
    is on ``meets_on``, the next working day when the planned date was a weekend or a bank
    holiday (``moved_reason`` says so)."""

    board = models.ForeignKey(PartnershipBoard, on_delete=models.CASCADE, related_name="meetings")
    meets_on = models.DateField()
    planned_on = models.DateField()
    moved_reason = models.CharField(max_length=300, blank=True)
    starts_at = models.TimeField(default=time(10, 0))
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(blank=True)
    minutes_revision = models.PositiveIntegerField(default=0)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    minutes_updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meets_on", "id"]
        indexes = [models.Index(fields=["board", "meets_on", "id"], name="meeting_board_date")]

    def __str__(self) -> str:
        return f"Board meeting, {self.meets_on:%-d %B %Y}"

    @property
    def was_moved(self) -> bool:
        return self.meets_on != self.planned_on


@pghistory.track()
class AgendaItem(models.Model):
    """An item on a meeting's agenda, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position")
        ]

    def __str__(self) -> str:
        return self.title


def paper_path(paper: MeetingPaper, filename: str) -> str:
    """Papers are stored under ``partnerships/`` with a random name, never the uploaded one."""
    extension = PurePosixPath(filename).suffix.lower()[:6]
    return f"partnerships/papers/{paper.meeting.public_id}/{uuid.uuid4().hex}{extension}"


class MeetingPaper(PublicIdModel):
    """A paper for a meeting (a report, data pack or draft), uploaded by the LA. Served only to
    people who may see the board."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path)
    original_filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


@pghistory.track()
class Attendance(models.Model):
    """Whether a member was at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["member__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} \u2013 {self.get_status_display()}"


class Decision(PublicIdModel):
    """A decision the board took at a quorate meeting, such as approving a version of the LAIP.
    Final once recorded: the database refuses changes and deletion (a correction is a new
    decision)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        triggers = [append_only("partnership_decision_final")]

    def __str__(self) -> str:
        return self.text[:80]


class BoardActionStatus(models.TextChoices):
    """Where an action is.

    - open: the owner is working on it; it is overdue once its due date has passed.
    - done: the owner (or a manager) recorded it as done; it can be reopened.
    - cancelled: the board no longer needs it.
    """

    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


@pghistory.track()
class InclusionPlan(PublicRecord):
    """A Local Area Inclusion Plan: how the area will meet the national standards, written on the
    national template, approved by the partnership board and published. Its text lives in
    numbered versions."""

    board = models.ForeignKey(PartnershipBoard, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    covers_from = models.DateField()
    covers_to = models.DateField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-covers_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(covers_to__gt=models.F("covers_from")), name="plan_period_forwards"
            )
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class BoardAction(PublicRecord):
    """Something the board asked someone to do, by a date: raised at a meeting, or one of the
    actions of the inclusion plan (with the measure that shows it worked)."""

    board = models.ForeignKey(PartnershipBoard, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    plan = models.ForeignKey(
        InclusionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.CharField(max_length=500)
    measure = models.CharField(
        max_length=500, blank=True, help_text="How the board will know it has worked."
    )
    owner = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=BoardActionStatus.choices, default=BoardActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_completed_on_when_done",
            )
        ]
        indexes = [
            models.Index(fields=["board", "status", "due_on", "id"], name="action_board_due"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue_on(self, day: date) -> bool:
        return self.status == BoardActionStatus.OPEN and self.due_on < day


class BoardActionUpdate(models.Model):
    """A progress note on an action, with its status after the update. Append-only."""

    action = models.ForeignKey(BoardAction, on_delete=models.CASCADE, related_name="updates")
    note = models.TextField()
    status_after = models.CharField(max_length=10, choices=BoardActionStatus.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "action update"
        ordering = ["-at", "-id"]
        triggers = [append_only("action_update_append_only")]

    def __str__(self) -> str:
        return self.note[:80]


class PlanVersionStatus(models.TextChoices):
    """Where a version of the inclusion plan is.

    - draft: being written by the LA with its partners; anyone drafting may save, and a save made
      on an out-of-date copy is refused so nobody's work is overwritten.
    - approved: the board approved this text at a quorate meeting (a recorded decision); it can be
      published, or returned to draft if it needs changes (the approval then no longer applies).
    - published: on the public website. The text can never change again (the database refuses);
      a correction or update is a new version.
    """

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved by the board"
    PUBLISHED = "published", "Published"


# The national LAIP template's sections, in order: (field, heading, hint for the writer).
PLAN_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "context",
        "Context and needs analysis",
        "The local area, its children and young people with SEND, and what the data says.",
    ),
    (
        "provision",
        "Current provision and sufficiency",
        "What support and places exist now, and where there are gaps.",
    ),
    ("priorities", "Priorities", "What the partnership will focus on, and why."),
    (
        "actions_summary",
        "Actions",
        "An introduction to the actions. Each action, its owner, date and measure is added "
        "as a plan action and listed under this section.",
    ),
    ("funding", "Funding", "How the plan is funded, including the high needs block."),
    (
        "engagement",
        "Engagement with children, young people and families",
        "How families and young people shaped the plan. Recorded engagement activities are "
        "listed under this section.",
    ),
    (
        "governance",
        "Governance and review",
        "Who oversees the plan, how progress is reported, and when it will be reviewed.",
    ),
)
PLAN_SECTION_FIELDS: tuple[str, ...] = tuple(field for field, _heading, _hint in PLAN_SECTIONS)


@pghistory.track()
class PlanVersion(PublicRecord):
    """One numbered version of an inclusion plan's text. ``revision`` counts saves of the draft,
    for optimistic concurrency. Once published, the row is immutable: a database trigger refuses
    any update or deletion. The plan's actions and engagement activities are copied into the
    version when the board approves it, so the published text is exactly what was approved."""

    plan = models.ForeignKey(InclusionPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=PlanVersionStatus.choices, default=PlanVersionStatus.DRAFT
    )
    context = models.TextField(blank=True)
    provision = models.TextField(blank=True)
    priorities = models.TextField(blank=True)
    actions_summary = models.TextField(blank=True)
    funding = models.TextField(blank=True)
    engagement = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    approval = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    actions_snapshot = models.JSONField(default=list, blank=True)
    engagement_snapshot = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "approved"]),
                name="plan_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approval__isnull=False, approved_at__isnull=False),
                name="plan_version_approved_by_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="plan_version_published_at",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="plan_version_published_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="published"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.title}, version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == PlanVersionStatus.PUBLISHED


class PdfStatus(models.TextChoices):
    PENDING = "pending", "Being generated"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


def plan_pdf_path(pdf: PlanPdf, filename: str) -> str:
    return f"partnerships/plans/{pdf.version.public_id}.pdf"


class PlanPdf(models.Model):
    """The PDF of a published plan version, generated in the background once and kept (the
    version never changes). Its status shows progress and failures."""

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="pdf")
    status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    file = models.FileField(upload_to=plan_pdf_path, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.CharField(max_length=300, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"PDF of {self.version_id}"


@pghistory.track()
class EngagementActivity(PublicIdModel):
    """Co-production with families and young people: when, who took part (numbers and groups,
    never names), what they were asked, and what changed as a result."""

    board = models.ForeignKey(
        PartnershipBoard, on_delete=models.CASCADE, related_name="engagement_activities"
    )
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    participants_count = models.PositiveIntegerField()
    groups = models.CharField(max_length=300)
    what_was_asked = models.TextField()
    what_changed = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name_plural = "engagement activities"

    def __str__(self) -> str:
        return self.title
