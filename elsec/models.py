"""Early Language Support for Every Child (ELSEC): a pathfinder's shape (its settings, workforce
and funding periods), the support given to settings, and the children screened, supported at
three levels (universal, targeted, specialist) and screened again.

A child's ELSEC record (``ChildRecord``) belongs to one pathfinder and one setting in it; every
screening, episode and referral hangs off that record, and access to them is access to it
(``elsec.access``). Screening tools are configuration (``ScreeningTool``): the service ships no
test content, only a name, a score range and the score from which a child is at the level
expected for their age."""

from __future__ import annotations

from datetime import date

import pghistory
from django.db import models
from django.db.models import F, Q

from sendcpp.modelbase import PublicIdModel, PublicRecord
from sendcpp.models import Child, Organisation, User


class Phase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary school"


class WorkforceRole(models.TextChoices):
    THERAPIST = "slt", "Speech and language therapist"
    SUPPORT_WORKER = "support_worker", "Speech and language therapy support worker"
    PRACTITIONER = "practitioner", "Early language practitioner"


@pghistory.track()
class Pathfinder(PublicRecord):
    """One ELSEC pathfinder: the partnership area run by a local authority with its health
    partners."""

    name = models.CharField(max_length=200)
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=200, help_text="The area the partnership covers.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class FundingPeriod(models.Model):
    """A period the pathfinder is funded for; evaluation figures are given by period."""

    pathfinder = models.ForeignKey(
        Pathfinder, on_delete=models.CASCADE, related_name="funding_periods"
    )
    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="elsec_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class PathfinderSetting(PublicRecord):
    """A setting from the setting directory taking part in the pathfinder."""

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.PROTECT, related_name="settings")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="elsec_settings"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    joined_on = models.DateField()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "organisation"], name="elsec_setting_once_per_pathfinder"
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name


@pghistory.track()
class WorkforceMember(PublicRecord):
    """Someone in the pathfinder's speech and language workforce, who their employer is (health
    or the local authority) and the settings they cover."""

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.PROTECT, related_name="workforce")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="elsec_roles")
    role = models.CharField(max_length=20, choices=WorkforceRole.choices)
    employer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    settings = models.ManyToManyField(PathfinderSetting, related_name="workforce", blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "user"], name="elsec_one_workforce_role_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_role_display()})"


@pghistory.track()
class TrainingSession(PublicRecord):
    """A training session for a setting's staff: its topic and who attended."""

    setting = models.ForeignKey(
        PathfinderSetting, on_delete=models.PROTECT, related_name="training_sessions"
    )
    held_on = models.DateField()
    topic = models.CharField(max_length=200)
    attendees = models.TextField(help_text="The staff who attended, one a line.")
    delivered_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    @property
    def attendee_names(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    @property
    def attendee_count(self) -> int:
        return len(self.attendee_names)


@pghistory.track()
class CoachingVisit(PublicRecord):
    """A coaching visit to a setting by a member of the workforce."""

    setting = models.ForeignKey(
        PathfinderSetting, on_delete=models.PROTECT, related_name="coaching_visits"
    )
    visited_on = models.DateField()
    focus = models.TextField()
    delivered_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]


@pghistory.track()
class EnvironmentAudit(PublicRecord):
    """A "communication-friendly setting" audit: which checklist items were in place
    (``elsec.checklist``), the score, and notes. A re-audit is another audit of the setting."""

    setting = models.ForeignKey(PathfinderSetting, on_delete=models.PROTECT, related_name="audits")
    audited_on = models.DateField()
    items_in_place = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)
    audited_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-audited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")), name="elsec_audit_score_in_range"
            )
        ]


class ScreeningTool(PublicIdModel):
    """A screening measure the pathfinder uses, as configuration: its name, the range of its
    score and the score from which a child is at the level expected for their age. No test
    content is held."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    lowest_score = models.IntegerField(default=0)
    highest_score = models.IntegerField()
    expected_from = models.IntegerField(
        help_text="A score at or above this is at the level expected for the child's age."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lowest_score__lt=F("highest_score"))
                & Q(expected_from__gte=F("lowest_score"))
                & Q(expected_from__lte=F("highest_score")),
                name="elsec_tool_scores_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def at_expected_level(self, score: int) -> bool:
        return score >= self.expected_from


@pghistory.track()
class ChildRecord(PublicRecord):
    """A child's ELSEC record in a pathfinder, at the setting they attend in it."""

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.PROTECT, related_name="children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="elsec_records")
    setting = models.ForeignKey(
        PathfinderSetting, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["child__legal_last_name", "child__legal_first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "child"], name="elsec_one_record_per_child"
            )
        ]

    def __str__(self) -> str:
        return self.child.full_name

    @property
    def latest_screening(self) -> Screening | None:
        screenings = sorted(self.screenings.all(), key=lambda s: (s.screened_on, s.pk))
        return screenings[-1] if screenings else None

    @property
    def support_now(self) -> str:
        """The highest level of support the child has now, in plain words."""
        if any(r.status == ReferralStatus.WAITING for r in self.referrals.all()):
            return "Waiting for the specialist service"
        if any(r.status == ReferralStatus.SEEN for r in self.referrals.all()):
            return "Specialist"
        if any(e.status == EpisodeStatus.ACTIVE for e in self.episodes.all()):
            return "Targeted"
        return "Universal"


@pghistory.track()
class Consent(PublicRecord):
    """A parent's consent for their child to be screened and supported, and whether they agree
    to the record being shared with the council's SEND service if an EHC needs assessment is
    asked for. Withdrawing consent stops new screenings (and sharing)."""

    record = models.ForeignKey(ChildRecord, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(max_length=200)
    given_on = models.DateField()
    share_with_send_service = models.BooleanField(default=False)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-given_on", "-id"]

    def in_force_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class EpisodeFormat(models.TextChoices):
    GROUP = "group", "Small group"
    INDIVIDUAL = "individual", "One to one"


class EpisodeStatus(models.TextChoices):
    """Where a targeted intervention episode is.

    - active: the child is taking part in the programme; sessions are being counted.
    - ended: the programme has finished for the child; a re-screening records their progress.
    """

    ACTIVE = "active", "Taking place"
    ENDED = "ended", "Finished"


@pghistory.track()
class Screening(PublicRecord):
    """A screening of a child with a configured tool, with the parent's consent in force."""

    record = models.ForeignKey(ChildRecord, on_delete=models.PROTECT, related_name="screenings")
    setting = models.ForeignKey(PathfinderSetting, on_delete=models.PROTECT, related_name="+")
    tool = models.ForeignKey(ScreeningTool, on_delete=models.PROTECT, related_name="+")
    screened_on = models.DateField()
    score = models.IntegerField()
    at_expected_level = models.BooleanField()
    screened_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="screenings")
    after_episode = models.ForeignKey(
        "Episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescreenings",
        help_text="The targeted episode this screening measures progress after, if any.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["screened_on", "id"]


@pghistory.track()
class Episode(PublicRecord):
    """A targeted intervention episode: a programme for a small group or one to one."""

    record = models.ForeignKey(ChildRecord, on_delete=models.PROTECT, related_name="episodes")
    setting = models.ForeignKey(PathfinderSetting, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=200)
    format = models.CharField(max_length=20, choices=EpisodeFormat.choices)
    starts_on = models.DateField()
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE
    )
    started_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="elsec_episode_ends_after_start",
            )
        ]


class ReferralStatus(models.TextChoices):
    """Where a referral to the specialist speech and language therapy service is.

    - waiting: referred through the service's pathway; the child is waiting to be seen.
    - seen: the service has seen the child; the outcome is recorded.
    - not_accepted: the service did not accept the referral.
    - withdrawn: the referral was withdrawn (say, the family moved away).
    """

    WAITING = "waiting", "Waiting to be seen"
    SEEN = "seen", "Seen"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


@pghistory.track()
class Referral(PublicRecord):
    """A referral to the local specialist speech and language therapy service."""

    record = models.ForeignKey(ChildRecord, on_delete=models.PROTECT, related_name="referrals")
    setting = models.ForeignKey(PathfinderSetting, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=200)
    referred_on = models.DateField()
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    referred_by = models.ForeignKey(WorkforceMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["referred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("referred_on")),
                name="elsec_referral_decided_after_referred",
            )
        ]

    def waiting_days(self, today: date) -> int:
        """Days from referral to being seen (or to ``today`` while still waiting)."""
        end = self.decided_on if self.decided_on is not None else today
        return (end - self.referred_on).days
