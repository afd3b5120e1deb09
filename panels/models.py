"""Multi-agency panels: who sits on them, their meetings and agendas, the decisions they record
(with reasons, dissent and next steps), conflicts of interest, and the LA's funding bands.

Decisions, conflicts of interest and amendments are append-only: the database refuses to update
or delete them. A correction is a ``DecisionAmendment`` that references the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType

import pghistory
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone

from ehcp.models import Decision
from sendcpp.modelbase import PublicIdModel, PublicRecord, append_only
from sendcpp.models import Case, Document, Organisation, Stage, User


class PanelKind(models.TextChoices):
    """What a panel decides (domain spec 4.5).

    - assessment: the assessment-request panel decides whether to carry out an EHC needs
      assessment (reg 5) and whether to reassess (CFA s44(2)).
    - issuing: the issuing panel decides, after the assessment, whether to issue a plan (reg 10)
      and whether to stop maintaining one (CFA s45).
    - funding: decides the funding band (top-up) for a plan.
    - placement: decides the type of setting (and setting) to name in the plan.
    - combined: one panel taking every one of those decisions.
    """

    ASSESSMENT = "assessment", "Assessment-request panel"
    ISSUING = "issuing", "Issuing panel"
    FUNDING = "funding", "Funding panel"
    PLACEMENT = "placement", "Placement panel"
    COMBINED = "combined", "Combined panel (every decision)"


class DecisionKind(models.TextChoices):
    """The kinds of decision a panel records (domain spec 4.5): the statutory decisions, which the
    EHCP app then records as the same kinds (``ehcp.models.Decision.Kind``, one wording for both),
    and the panel's own funding and placement decisions."""

    ASSESS = Decision.Kind.ASSESS.value, Decision.Kind.ASSESS.label
    ISSUE = Decision.Kind.ISSUE.value, Decision.Kind.ISSUE.label
    REASSESS = Decision.Kind.REASSESS.value, Decision.Kind.REASSESS.label
    CEASE = Decision.Kind.CEASE.value, Decision.Kind.CEASE.label
    FUNDING = "funding", "Funding band"
    PLACEMENT = "placement", "Type of setting (placement)"


#: The decisions each kind of panel takes.
DECISIONS_BY_PANEL_KIND: Mapping[str, tuple[DecisionKind, ...]] = MappingProxyType(
    {
        PanelKind.ASSESSMENT: (DecisionKind.ASSESS, DecisionKind.REASSESS),
        PanelKind.ISSUING: (DecisionKind.ISSUE, DecisionKind.CEASE),
        PanelKind.FUNDING: (DecisionKind.FUNDING,),
        PanelKind.PLACEMENT: (DecisionKind.PLACEMENT,),
        PanelKind.COMBINED: tuple(DecisionKind),
    }
)

_PLAN_IN_FORCE = (Stage.PLAN_ISSUED, Stage.MAINTAINED, Stage.ANNUAL_REVIEW)

#: The stages at which a case waits for each kind of decision (see ``Stage``).
WAITING_STAGES: Mapping[str, tuple[Stage, ...]] = MappingProxyType(
    {
        DecisionKind.ASSESS: (Stage.REQUEST,),
        DecisionKind.ISSUE: (Stage.ASSESSMENT,),
        DecisionKind.REASSESS: _PLAN_IN_FORCE,
        DecisionKind.CEASE: _PLAN_IN_FORCE,
        DecisionKind.FUNDING: (
            Stage.DRAFTING,
            Stage.DRAFT_ISSUED,
            Stage.CONSULTATION,
            *_PLAN_IN_FORCE,
        ),
        DecisionKind.PLACEMENT: (Stage.DRAFT_ISSUED, Stage.CONSULTATION, *_PLAN_IN_FORCE),
    }
)

#: The statutory deadline the chair looks at first for each kind of decision (a key of
#: ``sendcpp.deadlines.RULES``); otherwise the case's earliest open deadline.
DEADLINE_RULES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        DecisionKind.ASSESS: ("assessment_decision",),
        DecisionKind.ISSUE: ("no_plan_notice", "final_plan", "reassessment_final_plan"),
        DecisionKind.REASSESS: ("reassessment_decision",),
    }
)


class MemberRole(models.TextChoices):
    """The professional role a member brings to the panel."""

    EDUCATION = "education", "Education (SEND service)"
    EDUCATIONAL_PSYCHOLOGIST = "ep", "Educational psychologist"
    HEALTH = "health", "Health: designated medical or clinical officer"
    SOCIAL_CARE = "social_care", "Social care: designated social care officer"
    SENCO = "senco", "SENCO representative"
    EARLY_YEARS = "early_years", "Early years"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum (observer)"


#: Roles that observe and never vote or count towards a quorum.
OBSERVER_ROLES = frozenset({MemberRole.PARENT_CARER_FORUM})


class SettingType(models.TextChoices):
    """The type of setting a placement decision names."""

    MAINSTREAM = "mainstream", "Mainstream school or setting"
    RESOURCED = "resourced", "Mainstream with a resourced provision or SEN unit"
    SPECIAL = "special", "State-funded special school"
    INDEPENDENT = "independent", "Independent or non-maintained special school"
    ALTERNATIVE = "alternative", "Alternative provision"
    POST16 = "post16", "Further education or sixth form college"
    EARLY_YEARS = "early_years", "Early years setting"


@pghistory.track()
class Panel(PublicRecord):
    """A multi-agency panel the LA has set up: what it decides, and how many days before each
    meeting its members get the case papers."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="panels"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=PanelKind.choices)
    papers_days_before = models.PositiveSmallIntegerField(
        default=5, help_text="Case papers are published to members this many days before"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="panel_unique_name_per_la"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def decision_kinds(self) -> tuple[DecisionKind, ...]:
        return DECISIONS_BY_PANEL_KIND[self.kind]


@pghistory.track()
class PanelMember(PublicIdModel):
    """Someone who sits on a panel, with the professional role and organisation they bring. One
    current member is the chair. Observers (the parent carer forum) attend but do not receive
    the case papers. A member who leaves keeps their row (``left_on``)."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="panel_memberships")
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_chair = models.BooleanField(default=False)
    receives_papers = models.BooleanField(
        default=True,
        help_text="Whether they read the case papers: observers attend but never see them",
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_chair", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=Q(left_on__isnull=True),
                name="panel_member_once",
            ),
            models.UniqueConstraint(
                fields=["panel"],
                condition=Q(is_chair=True, left_on__isnull=True),
                name="panel_one_chair",
            ),
            models.CheckConstraint(
                condition=~Q(is_chair=True, role__in=list(OBSERVER_ROLES)),
                name="panel_chair_is_not_an_observer",
            ),
            models.CheckConstraint(
                condition=~Q(receives_papers=True, role__in=list(OBSERVER_ROLES)),
                name="panel_observers_get_no_papers",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(left_on__isnull=True), name="panel_member_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_role_display()})"

    @property
    def is_observer(self) -> bool:
        return self.role in OBSERVER_ROLES

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class MeetingStatus(models.TextChoices):
    """Where a panel meeting is.

    - scheduled: arranged; the chair builds the agenda and records who will attend. Members see
      the case papers from the publication time.
    - in_progress: the chair has started the meeting (after the quorum check) and is recording
      decisions.
    - closed: the meeting has ended; items not decided were deferred.
    """

    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


@pghistory.track()
class PanelMeeting(PublicRecord):
    """One meeting of a panel: when and where, when its papers are published to members, and the
    quorum check made when it started."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    papers_published_at = models.DateTimeField(
        help_text="From this time members see the case papers on the agenda"
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    quorate_at_start = models.BooleanField(null=True, blank=True)
    quorum_problems_at_start = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["panel", "-starts_at"], name="panel_meeting_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(papers_published_at__lte=models.F("starts_at")),
                name="panel_meeting_papers_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.SCHEDULED) | Q(started_at__isnull=False),
                name="panel_meeting_started_when_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panel} on {timezone.localtime(self.starts_at):%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status != MeetingStatus.CLOSED

    @property
    def meeting_date(self) -> date:
        return timezone.localtime(self.starts_at).date()

    def papers_are_published(self, now: datetime | None = None) -> bool:
        return self.papers_published_at <= (now or timezone.now())


@pghistory.track()
class MeetingAttendance(models.Model):
    """Whether a member is (expected to be) at a meeting. Made for every current member when the
    meeting is scheduled; the chair marks apologies."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField(default=True)

    class Meta:
        ordering = ["member__role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} {'present' if self.present else 'apologies'}"


class ItemStatus(models.TextChoices):
    """Where one agenda item is.

    - waiting: on the agenda, waiting for the panel's decision.
    - decided: the panel recorded its decision (``PanelDecision``).
    - deferred: the panel did not decide (more information needed, or not reached); the case can
      go on a later agenda.
    - withdrawn: taken off the agenda before the meeting (for example the request was withdrawn).
    """

    WAITING = "waiting", "Waiting for a decision"
    DECIDED = "decided", "Decided"
    DEFERRED = "deferred", "Deferred"
    WITHDRAWN = "withdrawn", "Withdrawn"


@pghistory.track()
class AgendaItem(PublicIdModel):
    """A case on a meeting's agenda for one kind of decision, with a short summary for the panel.
    Members see the case from the meeting's publication time (``sendcpp.access``)."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="panel_agenda_items")
    decision_kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    position = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True, help_text="Why the case is at panel (staff only)")
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.WAITING)
    status_reason = models.TextField(blank=True)
    added_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case", "decision_kind"], name="agenda_item_once_per_meeting"
            )
        ]
        indexes = [
            models.Index(fields=["case", "status"], name="agenda_item_case"),
            models.Index(fields=["meeting", "position", "id"], name="agenda_item_order"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_decision_kind_display()}"


class ConflictOfInterest(models.Model):
    """A member's declared conflict of interest on one agenda item (for example they know the
    family). The member does not see that item's papers and is not counted for its decision.
    Append-only."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="conflicts")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.TextField()
    declared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="conflict_once_per_item")
        ]
        triggers = [append_only("conflict_append_only")]

    def __str__(self) -> str:
        return f"Conflict: {self.member} on {self.item}"


@pghistory.track()
class DecisionCriterion(models.Model):
    """A criterion a panel cites when giving reasons, linked to the SEND Code of Practice (or the
    law, or the LA's own framework). The LA keeps the list; decisions copy what they cite."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    reference = models.CharField(
        max_length=120, help_text="For example: SEND Code of Practice 2015, paragraph 9.14"
    )
    decision_kinds = ArrayField(
        models.CharField(max_length=20, choices=DecisionKind.choices), default=list
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "decision criteria"

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


@pghistory.track()
class FundingBand(PublicRecord):
    """A funding band in the LA's high-needs banding framework (domain spec 4.9): a level of need
    with its annual tariff, in force between two dates. A new tariff is a new row for a new
    period; periods of the same band never overlap (the database refuses it)."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_bands"
    )
    name = models.CharField(max_length=60, help_text="For example: Band 3")
    need_level = models.CharField(max_length=120, help_text="For example: Moderate needs")
    descriptor = models.TextField(blank=True, help_text="What needs and provision this band fits")
    annual_tariff = models.DecimalField(max_digits=10, decimal_places=2)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Empty: still in force")
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name", "effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_tariff__gte=0), name="funding_band_tariff_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="funding_band_ends_after_start",
            ),
            ExclusionConstraint(
                name="funding_band_periods_do_not_overlap",
                expressions=[
                    ("local_authority", RangeOperators.EQUAL),
                    ("name", RangeOperators.EQUAL),
                    (
                        DateRange("effective_from", "effective_to", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.name}: £{self.annual_tariff:,.2f} a year from {self.effective_from:%-d %B %Y}"
        )

    def is_in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class Outcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"


#: How each outcome reads for each kind of decision.
OUTCOME_LABELS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        (DecisionKind.ASSESS, Outcome.AGREED): "Carry out an EHC needs assessment",
        (DecisionKind.ASSESS, Outcome.REFUSED): "Do not carry out an assessment",
        (DecisionKind.ISSUE, Outcome.AGREED): "Issue an EHC plan",
        (DecisionKind.ISSUE, Outcome.REFUSED): "Do not issue an EHC plan",
        (DecisionKind.REASSESS, Outcome.AGREED): "Carry out a reassessment",
        (DecisionKind.REASSESS, Outcome.REFUSED): "Do not reassess",
        (DecisionKind.CEASE, Outcome.AGREED): "Stop maintaining the plan",
        (DecisionKind.CEASE, Outcome.REFUSED): "Keep maintaining the plan",
        (DecisionKind.FUNDING, Outcome.AGREED): "Agree a funding band",
        (DecisionKind.FUNDING, Outcome.REFUSED): "No top-up funding",
        (DecisionKind.PLACEMENT, Outcome.AGREED): "Agree a type of setting",
        (DecisionKind.PLACEMENT, Outcome.REFUSED): "Type of setting not agreed",
    }
)


class DecisionWording(PublicIdModel):
    """What a panel decision says, kept on the decision and, as it should read, on each of its
    amendments: the reasons, any dissent and the next steps (with owner and date); and the letter
    that told the family, with who recorded it and when."""

    reasons = models.TextField()
    dissent = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    next_step_owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_step_due_on = models.DateField(null=True, blank=True)
    letter = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class PanelDecision(DecisionWording):
    """What a panel decided on one agenda item: the outcome, the reasons and the criteria cited,
    any dissent, the next steps (with owner and date), who was present and whether the panel was
    quorate for it. A funding decision copies the band's name and annual amount in force at the
    time, so later tariff changes never alter it. Append-only: a correction is an amendment."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="panel_decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    criteria = models.JSONField(default=list, blank=True, help_text="Criteria cited, as they read")
    present = models.JSONField(default=list, help_text="Who was present and counted")
    is_quorate = models.BooleanField()
    quorum_problems = models.JSONField(default=list, blank=True)
    band = models.ForeignKey(
        FundingBand, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    band_name = models.CharField(max_length=60, blank=True)
    annual_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    placement_type = models.CharField(max_length=20, choices=SettingType.choices, blank=True)
    setting = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cease_reason = models.CharField(max_length=2, blank=True)
    decided_on = models.DateField()
    # A snapshot of the case at the time, for the panel analytics.
    request_received_on = models.DateField(null=True, blank=True)
    primary_need = models.CharField(max_length=4, blank=True)
    age_at_decision = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["case", "-decided_on"], name="panel_decision_case"),
            models.Index(fields=["decided_on"], name="panel_decision_when"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="panel_decision_has_reasons"),
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.FUNDING, outcome=Outcome.AGREED)
                | Q(band__isnull=False, annual_amount__isnull=False),
                name="panel_decision_funding_has_band",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.PLACEMENT, outcome=Outcome.AGREED)
                | ~Q(placement_type=""),
                name="panel_decision_placement_has_type",
            ),
        ]
        triggers = [append_only("panel_decision_append_only")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.outcome_label}"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[(self.kind, self.outcome)]


class DecisionAmendment(DecisionWording):
    """A recorded correction to a panel decision's wording: the reasons, dissent or next steps as
    they should read, and why. The original stays as it was. Append-only."""

    decision = models.ForeignKey(PanelDecision, on_delete=models.PROTECT, related_name="amendments")
    explanation = models.TextField(help_text="What was wrong and why it is corrected")

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="panel_amendment_has_reasons"),
            models.CheckConstraint(
                condition=~Q(explanation=""), name="panel_amendment_has_explanation"
            ),
        ]
        triggers = [append_only("panel_amendment_append_only")]

    def __str__(self) -> str:
        return f"Correction to {self.decision}"
