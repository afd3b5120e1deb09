"""Support in schools and settings before and around the EHC journey (domain spec 4.2, 4.10 and
4.12): support plans written by settings on the graduated approach (assess, plan, do, review),
the national standards of what is ordinarily available, evidence sent with a request for an
assessment, the termly record of whether an EHC plan's section F was delivered, and alternative
provision's first tier with the pupils at risk of exclusion.

The support plan's grid reuses the EHC plan's row (``ehcp.models.GridRow``): the same need,
provision (what, who, ratio, how often, how long) and outcome with its time frame, checked by the
same specificity warnings. The plan type is the only thing that differs.
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ehcp.models import GridRow
from ehcp.models import Plan as EhcPlan
from ehcp.models import PlanRow as EhcPlanRow
from sendcpp.modelbase import PublicRecord, append_only
from sendcpp.models import Case, Child, Organisation, Relationship, User
from sendcpp.needs import BroadArea


class Layer(models.TextChoices):
    """The layers of support (domain spec 4.12), from what every child gets to what a specialist
    gives."""

    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    TARGETED_PLUS = "targeted_plus", "Targeted plus"
    SPECIALIST = "specialist", "Specialist"


class Standard(models.Model):
    """One standard of what should be ordinarily available in mainstream settings, for one broad
    area of need and layer of support. Loaded from a file the local authority can update
    (``manage.py load_standards``); the project ships an illustrative set that is not the
    official text, and ``source`` says so on every page that shows it."""

    code = models.CharField(max_length=40, unique=True)
    area = models.CharField(max_length=20, choices=BroadArea.choices)
    layer = models.CharField(max_length=20, choices=Layer.choices)
    text = models.TextField()
    source = models.CharField(max_length=200, help_text="Where the set of standards comes from")
    position = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(
        default=False, help_text="No longer in the file: kept because plans name it"
    )

    class Meta:
        ordering = ["area", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class SupportPlanStatus(models.TextChoices):
    """Where a support plan is.

    - active: the setting is working on the plan: assess, plan, do, review.
    - closed: the plan has ended (needs met, an EHC plan made, or the child left); it is kept as
      the record of what was tried.
    """

    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


@pghistory.track()
class SupportPlan(PublicRecord):
    """A child's support plan, written by the setting's SENCO on the graduated approach: needs by
    the four broad areas, outcomes with time frames, provision with who, how often and how long,
    the layer of support, the child's and family's views, and the review cycle. It moves with
    the child to a new setting only with a parent's consent (``PlanTransfer``)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="support_plans")
    setting = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="support_plans"
    )
    status = models.CharField(
        max_length=10, choices=SupportPlanStatus.choices, default=SupportPlanStatus.ACTIVE
    )
    layer = models.CharField(max_length=20, choices=Layer.choices)
    started_on = models.DateField()
    next_review_on = models.DateField()
    child_views = models.TextField("What the child says", blank=True)
    family_views = models.TextField("What the family says", blank=True)
    strengths = models.TextField("Strengths and interests", blank=True)
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active"),
                name="support_one_active_plan_per_child",
            )
        ]
        indexes = [models.Index(fields=["setting", "status"], name="support_plan_setting")]

    def __str__(self) -> str:
        return f"Support plan from {self.started_on}"


@pghistory.track()
class SupportPlanRow(GridRow):
    """One row of the support plan's grid: the EHC plan's row (need, provision, outcome) in one of
    the four broad areas, with the standard the provision was chosen from, if any."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(default=0)
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="rows"
    )

    class Meta:
        ordering = ["plan", "area", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_area_display()} row {self.position}"


class Progress(models.TextChoices):
    GOOD = "good", "Good progress: the outcome is met or on track"
    SOME = "some", "Some progress"
    NONE = "none", "Little or no progress"


class PlanReview(PublicRecord):
    """A review in the assess, plan, do, review cycle: what progress the child made, what worked,
    what changes next, and when the next review is. Kept as written."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.CharField(max_length=10, choices=Progress.choices)
    what_worked = models.TextField()
    next_steps = models.TextField()
    layer_after = models.CharField(max_length=20, choices=Layer.choices)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "reviewed_on", "id"]
        triggers = [append_only("support_plan_review_append_only")]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}"


class FamilyComment(PublicRecord):
    """A family's comment on their child's support plan. Kept as written."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["plan", "created_at", "id"]
        triggers = [append_only("support_family_comment_append_only")]


class PlanTransfer(PublicRecord):
    """The plan moved with the child to a new setting, with the consent of a parent (who gave
    it, and when). Kept as written."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="transfers")
    from_setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    consent_from = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")
    consent_on = models.DateField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "created_at", "id"]
        triggers = [append_only("support_plan_transfer_append_only")]


class RequestEvidence(PublicRecord):
    """The support plan's history sent by the setting with a request for an EHC needs
    assessment: what was tried, for how long, with what progress. ``summary`` is the structured
    summary as sent (see ``support.selectors.plan_history``); kept as sent."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="evidence")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="support_evidence"
    )
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    summary = models.JSONField()
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [append_only("support_request_evidence_append_only")]


# --- Provision delivered as section F says ---------------------------------------------------------


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"


class DeliveryReturn(PublicRecord):
    """The named setting's confirmation, for one term, of whether each row of section F of a
    child's EHC plan was delivered as the plan specifies. One per plan and term."""

    plan = models.ForeignKey(EhcPlan, on_delete=models.PROTECT, related_name="delivery_returns")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="delivery_returns")
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveIntegerField(help_text="The year the school year starts in")
    term = models.CharField(max_length=10, choices=Term.choices)
    confirmed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-school_year", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "school_year", "term"], name="support_one_return_per_term"
            )
        ]
        triggers = [append_only("support_delivery_return_append_only")]

    @property
    def term_label(self) -> str:
        year = self.school_year if self.term == Term.AUTUMN else self.school_year + 1
        return f"{self.get_term_display()} {year}"


class Delivered(models.TextChoices):
    FULLY = "fully", "Delivered as specified"
    PARTLY = "partly", "Partly delivered"
    NOT_AT_ALL = "not", "Not delivered"


@pghistory.track()
class DeliveryLine(models.Model):
    """One row of section F in a term's return: whether it was delivered (fully, partly with the
    reason, not at all), with sessions delivered against sessions specified. The row's wording
    is copied as it stood. A line not fully delivered is a shortfall: a task for the
    coordinator (``followed_up_at`` when done) that the family also sees."""

    delivery = models.ForeignKey(DeliveryReturn, on_delete=models.PROTECT, related_name="lines")
    plan_row = models.ForeignKey(EhcPlanRow, null=True, on_delete=models.SET_NULL, related_name="+")
    area = models.CharField(max_length=20, choices=BroadArea.choices)
    provision = models.TextField()
    frequency = models.CharField(max_length=120, blank=True)
    delivered = models.CharField(max_length=10, choices=Delivered.choices)
    reason = models.TextField(blank=True)
    sessions_specified = models.PositiveIntegerField()
    sessions_delivered = models.PositiveIntegerField()
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    follow_up_note = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "area", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered="fully") | ~Q(reason=""),
                name="support_shortfall_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(sessions_delivered__lte=models.F("sessions_specified")),
                name="support_delivered_within_specified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_delivered_display()}"

    @property
    def is_shortfall(self) -> bool:
        return self.delivered != Delivered.FULLY

    @property
    def sessions_text(self) -> str:
        return f"{self.sessions_delivered} of {self.sessions_specified}"


# --- Alternative provision's first tier and exclusions -----------------------------------------------


@pghistory.track()
class Tier1Episode(PublicRecord):
    """Targeted support in mainstream (alternative provision's first tier, domain spec 4.10): who
    provided it, from when to when, its goals and its outcome."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="tier1_episodes")
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    provider = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    goals = models.TextField()
    outcome = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="support_tier1_ends_after_start",
            )
        ]


class ExclusionKind(models.TextChoices):
    SUSPENSION = "suspension", "Suspension"
    PART_TIME = "part_time", "Part-time timetable"
    PERMANENT = "permanent", "Permanent exclusion"


class ExclusionReason(models.TextChoices):
    """The reason categories of the DfE's suspensions and permanent exclusions statistics."""

    PHYSICAL_PUPIL = "physical_pupil", "Physical assault against a pupil"
    PHYSICAL_ADULT = "physical_adult", "Physical assault against an adult"
    VERBAL_PUPIL = "verbal_pupil", "Verbal abuse or threatening behaviour against a pupil"
    VERBAL_ADULT = "verbal_adult", "Verbal abuse or threatening behaviour against an adult"
    BULLYING = "bullying", "Bullying"
    RACIST = "racist", "Racist abuse"
    DISCRIMINATION = "discrimination", "Abuse against sexual orientation, gender or disability"
    SEXUAL = "sexual", "Sexual misconduct"
    DRUGS = "drugs", "Drug and alcohol related"
    DAMAGE = "damage", "Damage"
    THEFT = "theft", "Theft"
    WEAPON = "weapon", "Use or threat of use of an offensive weapon"
    DISRUPTIVE = "disruptive", "Persistent disruptive behaviour"
    ONLINE = "online", "Inappropriate use of social media or technology"
    OTHER = "other", "Other"


@pghistory.track()
class Exclusion(PublicRecord):
    """A suspension, a part-time timetable or a permanent exclusion of a child with SEND: its
    dates, the sessions missed and the reason category."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="exclusions")
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ExclusionKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    sessions_missed = models.PositiveIntegerField()
    reason = models.CharField(max_length=20, choices=ExclusionReason.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="support_exclusion_ends_after_start",
            )
        ]


@pghistory.track()
class AtRiskFlag(PublicRecord):
    """The setting's flag that a child is at risk of exclusion: it leads to tier 1 support."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="at_risk_flags")
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(default=timezone.localdate)
    reason = models.TextField()
    cleared_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(cleared_on__isnull=True),
                name="support_one_open_flag_per_child",
            )
        ]
