"""EHC needs assessments and plans on the national template.

The statutory journey of a case is ``sendcpp.models.Case.stage`` (see ``ehcp.workflow``). Around
it this app keeps: the requests (for an assessment, a reassessment or an early review), the
assessments, the immutable decisions with their rights of appeal, the advice asked of
professionals and what they submitted, the plan being written (its working copy), every issued
version of it, the family's views, comments and preferred setting, and the annual reviews.

Issued things never change: decisions, advice submissions and plan versions are protected from
UPDATE and DELETE by database triggers; a correction is a new row.
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.db import models
from django.utils import timezone

from sendcpp.modelbase import CreatedAtModel, PublicIdModel, PublicRecord, append_only
from sendcpp.models import ApiClient, Case, Document, Organisation, User
from sendcpp.needs import BroadArea


class RequestSource(models.TextChoices):
    """Who asked for the assessment (SEN2 ``RequestSource``: 1 young person or parent, 2 school or
    other education setting, 3 health, 4 social care, 5 other)."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    SETTING = "setting", "School or other education setting"
    HEALTH = "health", "Health care professional"
    SOCIAL_CARE = "social_care", "Social care professional"
    OTHER = "other", "Someone else"


#: SEN2 RequestSource code of each source.
SEN2_REQUEST_SOURCE: dict[str, int] = {
    RequestSource.PARENT: 1,
    RequestSource.YOUNG_PERSON: 1,
    RequestSource.SETTING: 2,
    RequestSource.HEALTH: 3,
    RequestSource.SOCIAL_CARE: 4,
    RequestSource.OTHER: 5,
}


class CeaseReason(models.TextChoices):
    """Why the plan stops (SEN2 ``CeaseReason`` codes 1-9)."""

    MAXIMUM_AGE = "1", "Reached the maximum age"
    NEEDS_MET = "2", "Needs met without a plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    EMPLOYMENT = "4", "In paid employment (not an apprenticeship)"
    TRANSFERRED = "5", "Transferred to another local authority in England"
    NOT_ENGAGING = "6", "Young person no longer wishes to engage in education or training"
    LEFT_ENGLAND = "7", "Moved outside England"
    DECEASED = "8", "Died"
    OTHER = "9", "Other"


class GridArea(models.TextChoices):
    """Where a row of the plan's grid (and of advice) belongs: one of the four broad areas of need
    (sections B, F and E), health (C, G and E) or social care (D, H1/H2 and E)."""

    COMMUNICATION = (
        BroadArea.COMMUNICATION_INTERACTION.value,
        BroadArea.COMMUNICATION_INTERACTION.label,
    )
    COGNITION = BroadArea.COGNITION_LEARNING.value, BroadArea.COGNITION_LEARNING.label
    SEMH = BroadArea.SEMH.value, BroadArea.SEMH.label
    SENSORY = BroadArea.SENSORY_PHYSICAL.value, BroadArea.SENSORY_PHYSICAL.label
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


#: The legal section letters of each grid area: (need, provision, outcome).
GRID_SECTIONS: dict[str, tuple[str, str, str]] = {
    GridArea.COMMUNICATION: ("B", "F", "E"),
    GridArea.COGNITION: ("B", "F", "E"),
    GridArea.SEMH: ("B", "F", "E"),
    GridArea.SENSORY: ("B", "F", "E"),
    GridArea.HEALTH: ("C", "G", "E"),
    GridArea.SOCIAL_CARE: ("D", "H", "E"),
}


class SocialCareBasis(models.TextChoices):
    """The statutory basis of social care provision (sections H1 and H2)."""

    H1 = "H1", "H1: under section 2 of the Chronically Sick and Disabled Persons Act 1970"
    H2 = "H2", "H2: other social care provision reasonably required"


class GridRow(models.Model):
    """The fields every row of the plan's per-area grid has, shared by advice and the plan: a need,
    the provision that meets it (what, who, ratio, how often, how long) and the outcome sought
    with its time frame."""

    area = models.CharField(max_length=20, choices=GridArea.choices)
    need = models.TextField("Need", blank=True)
    provision_what = models.TextField("Provision: what support", blank=True)
    provision_who = models.CharField(
        "Provision: who provides it (role or qualification)", max_length=300, blank=True
    )
    ratio = models.CharField("Staff to child ratio", max_length=40, blank=True)
    frequency = models.CharField("How often", max_length=120, blank=True)
    duration = models.CharField("How long each time", max_length=120, blank=True)
    social_care_basis = models.CharField(max_length=2, choices=SocialCareBasis.choices, blank=True)
    outcome = models.TextField("Outcome", blank=True)
    outcome_timeframe = models.CharField("Outcome time frame", max_length=120, blank=True)

    class Meta:
        abstract = True

    #: What a row says, in the template's order (its area aside): what plans, advice, support
    #: plans and the exchange format copy, clean and publish.
    CONTENT_FIELDS = (
        "need",
        "provision_what",
        "provision_who",
        "ratio",
        "frequency",
        "duration",
        "social_care_basis",
        "outcome",
        "outcome_timeframe",
    )

    @property
    def sections(self) -> tuple[str, str, str]:
        need, provision, outcome = GRID_SECTIONS[self.area]
        if provision == "H":
            provision = self.social_care_basis or "H2"
        return need, provision, outcome


# --- Decisions ------------------------------------------------------------------------------------


class Decision(PublicRecord):
    """A statutory decision on a case, as sent to the family: what was decided, when, by whom and
    why. Immutable: a decision revisited (after mediation or a tribunal order) is a new row.
    ``appeal_decision`` names the appealable decision given to the mediation app (empty when the
    decision cannot be appealed)."""

    class Kind(models.TextChoices):
        ASSESS = "assess", "Whether to carry out an EHC needs assessment"
        ISSUE = "issue", "Whether to issue an EHC plan"
        REASSESS = "reassess", "Whether to carry out a reassessment"
        FINAL_PLAN = "final_plan", "Final EHC plan issued"
        REVIEW = "review", "Annual review decision"
        AMEND = "amend", "Whether to amend the plan"
        CEASE = "cease", "Whether to stop maintaining the plan"
        REINSTATE = "reinstate", "Plan maintained again"

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"
        ISSUED = "issued", "Issued"
        MAINTAIN = "maintain", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Stop maintaining the plan"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    cease_reason = models.CharField(max_length=1, choices=CeaseReason.choices, blank=True)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    # The LA's own partner system, when the decision was recorded through the API.
    decided_by_client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal_decision = models.CharField(
        max_length=30, blank=True, help_text="The appealable decision given to mediation"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["case", "-decided_on"], name="ehcp_decision_case")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reasons=""), name="ehcp_decision_has_reasons"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="cease", outcome="cease") ^ models.Q(cease_reason=""),
                name="ehcp_decision_cease_reason_iff_ceased",
            ),
        ]
        triggers = [append_only("ehcp_decision_append_only")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"

    @property
    def is_appealable(self) -> bool:
        return bool(self.appeal_decision)


# --- Requests and assessments ---------------------------------------------------------------------


@pghistory.track()
class AssessmentRequest(PublicRecord):
    """A request received by the LA: for an EHC needs assessment (the statutory clock starts on
    the day it is received), for a reassessment of a child with a plan, or from a family for an
    early review of the plan."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "EHC needs assessment"
        REASSESSMENT = "reassessment", "Reassessment"
        REVIEW = "review", "Early review of the plan"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    source = models.CharField(max_length=20, choices=RequestSource.choices)
    received_on = models.DateField()
    details = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="ehcp_one_pending_request_per_kind",
            )
        ]
        indexes = [models.Index(fields=["case", "-received_on"], name="ehcp_request_case")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} requested {self.received_on}"

    @property
    def sen2_source(self) -> int:
        return SEN2_REQUEST_SOURCE[self.source]


@pghistory.track()
class Assessment(PublicRecord):
    """An EHC needs assessment (or reassessment) under way: the LA gathers advice (regs 6-8) and
    then decides whether to issue (or amend) a plan."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "EHC needs assessment"
        REASSESSMENT = "reassessment", "Reassessment"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Gathering advice"
        ISSUE = "issue", "Decided to issue a plan"
        NOT_ISSUE = "not_issue", "Decided not to issue a plan"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_assessments")
    request = models.OneToOneField(
        AssessmentRequest, on_delete=models.PROTECT, related_name="assessment"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIAL)
    started_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(outcome="pending"),
                name="ehcp_one_assessment_in_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"


# --- The plan -------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    """Where the plan's working copy is.

    - drafting: the LA is writing the plan (or the replacement plan after a reassessment); no
      draft has been sent yet. Section I stays blank.
    - draft_issued: the draft has been sent; the family has at least 15 days to comment and ask
      for a setting; the LA consults settings and names one in section I.
    - final: a final plan is in force and nobody is changing it.
    - amending: after an annual review the LA decided to amend; the working copy is being changed
      while the issued plan stays in force.
    - amendment_issued: the proposed amendments have been sent; the family has at least 15 days.
    - ceased: the LA no longer maintains the plan.
    """

    DRAFTING = "drafting", "Being drafted"
    DRAFT_ISSUED = "draft_issued", "Draft sent to the family"
    FINAL = "final", "Final plan in force"
    AMENDING = "amending", "Amendments being drafted"
    AMENDMENT_ISSUED = "amendment_issued", "Proposed amendments sent to the family"
    CEASED = "ceased", "No longer maintained"


#: Plan statuses in which the working copy may be edited.
EDITABLE_PLAN_STATUSES = frozenset(
    {
        PlanStatus.DRAFTING,
        PlanStatus.DRAFT_ISSUED,
        PlanStatus.AMENDING,
        PlanStatus.AMENDMENT_ISSUED,
    }
)


@pghistory.track()
class Plan(PublicRecord):
    """The child's EHC plan on the national template: its working copy (edited by the LA) and,
    through ``versions``, every issued draft, final and amended plan. Personal details come from
    the child's record when a version is issued. ``lock_version`` goes up on every save so that a
    save based on an older copy is refused (no lost updates)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="ehcp_plan")
    status = models.CharField(
        max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFTING
    )
    made_on = models.DateField(
        null=True, blank=True, help_text="The date the plan was first made (final plan issued)"
    )
    lock_version = models.PositiveIntegerField(default=1)

    # Services currently involved (front matter of the national template).
    health_professionals = models.TextField("GP and key health professionals", blank=True)
    known_to_social_care = models.BooleanField("Known to social care", default=False)
    looked_after = models.BooleanField("Currently looked after", default=False)
    previously_looked_after = models.BooleanField("Has been looked after", default=False)
    other_professionals = models.TextField("Other professionals involved", blank=True)
    one_page_profile = models.BooleanField("One-page profile received", default=False)
    moving_from_la = models.CharField(
        "Moving into the area with a plan from", max_length=200, blank=True
    )

    # Section A.
    history = models.TextField("A1: summary of history", blank=True)
    communication = models.TextField("How to communicate with and involve them", blank=True)
    views = models.TextField("A2: views", blank=True)
    views_gathered = models.TextField("How the views were gathered, and by whom", blank=True)
    interests = models.TextField("A2: interests", blank=True)
    strengths = models.TextField("A2: strengths", blank=True)
    aspirations = models.TextField("A2: aspirations", blank=True)
    parent_views = models.TextField("Parent or carer views", blank=True)
    # Strengths box of each broad area block, keyed by BroadArea value.
    area_strengths = models.JSONField(default=dict, blank=True)

    # Section I.
    placement_setting = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placement_name = models.CharField("I: name of the setting", max_length=200, blank=True)
    placement_type = models.CharField("I: type of setting", max_length=200, blank=True)
    placement_pattern = models.CharField(
        "I: attendance pattern", max_length=100, blank=True, help_text="Day, weekly or termly"
    )

    # Section J.
    personal_budget = models.TextField("J: personal budget", blank=True)
    direct_payments = models.TextField("J: arrangements for direct payments", blank=True)

    family_response_complete_at = models.DateTimeField(
        null=True, blank=True, help_text="When the family said they had finished commenting"
    )
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="final") | models.Q(made_on__isnull=False),
                name="ehcp_final_plan_has_made_on",
            )
        ]

    def __str__(self) -> str:
        return f"EHC plan for case {self.case_id}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES

    @property
    def names_a_setting(self) -> bool:
        return bool(self.placement_setting_id or self.placement_name or self.placement_type)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanRow(GridRow):
    """One row of the plan's grid: a need (B, C or D), the provision for it (F, G or H1/H2) and
    the outcome sought (E), in one broad area (or health, or social care). ``source_advice_row``
    points at the advice the row came from, for the golden thread and section K."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(default=0)
    source_advice_row = models.ForeignKey(
        "AdviceRow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "area", "position", "id"]
        indexes = [models.Index(fields=["plan", "area", "position"], name="ehcp_planrow_order")]

    def __str__(self) -> str:
        return f"{self.get_area_display()} row {self.position}"


class PlanVersion(PublicRecord):
    """An issued plan: a draft, a final plan, proposed amendments or a final amended plan, frozen
    as sent. ``content`` is the whole plan as issued (see ``ehcp.services.snapshot_plan``). The
    database refuses to change or delete it; the PDF lives on ``document``."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft plan"
        FINAL = "final", "Final plan"
        AMENDMENT_NOTICE = "amendment_notice", "Proposed amendments"
        FINAL_AMENDED = "final_amended", "Final amended plan"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    comments_close_on = models.DateField(
        null=True, blank=True, help_text="Last day of the family's window to comment"
    )
    content = models.JSONField()
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="ehcp_version_number"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["draft", "amendment_notice"])
                ^ models.Q(comments_close_on__isnull=True),
                name="ehcp_version_window_iff_draft",
            ),
        ]
        triggers = [append_only("ehcp_plan_version_immutable")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (version {self.number})"

    @property
    def is_final(self) -> bool:
        return self.kind in {self.Kind.FINAL, self.Kind.FINAL_AMENDED}

    def window_open_on(self, day: date) -> bool:
        return self.comments_close_on is not None and day <= self.comments_close_on


# --- Advice ---------------------------------------------------------------------------------------


class AdviceKind(models.TextChoices):
    """The advice the LA must (or may) ask for (SEND Regulations 2014, regulation 6(1)), and
    contributions to an annual review."""

    EDUCATIONAL = "educational", "Educational advice (school or setting)"
    HEALTH = "health", "Medical advice (health)"
    PSYCHOLOGICAL = "psychological", "Psychological advice (educational psychologist)"
    SOCIAL_CARE = "social_care", "Social care advice"
    ADULTHOOD = "adulthood", "Preparation for adulthood advice (Year 9 and above)"
    SENSORY = "sensory", "Advice from a qualified teacher of vision or hearing impairment"
    ADVISORY_TEACHER = "advisory_teacher", "Advisory teacher advice"
    FAMILY_REQUESTED = "family_requested", "Advice from someone the family asked for"
    OTHER = "other", "Other advice the council thinks appropriate"
    REVIEW = "review", "Annual review contribution"


class AdviceTemplate(models.TextChoices):
    """The standard advice templates (typed forms) advice is given on."""

    SETTING = "setting", "School or setting"
    PSYCHOLOGY = "psychology", "Educational psychologist"
    ADVISORY_TEACHER = "advisory_teacher", "Advisory teacher"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    REVIEW = "review", "Annual review contribution"


#: The template each kind of advice is normally given on.
DEFAULT_TEMPLATE: dict[str, str] = {
    AdviceKind.EDUCATIONAL: AdviceTemplate.SETTING,
    AdviceKind.HEALTH: AdviceTemplate.HEALTH,
    AdviceKind.PSYCHOLOGICAL: AdviceTemplate.PSYCHOLOGY,
    AdviceKind.SOCIAL_CARE: AdviceTemplate.SOCIAL_CARE,
    AdviceKind.ADULTHOOD: AdviceTemplate.SOCIAL_CARE,
    AdviceKind.SENSORY: AdviceTemplate.ADVISORY_TEACHER,
    AdviceKind.ADVISORY_TEACHER: AdviceTemplate.ADVISORY_TEACHER,
    AdviceKind.FAMILY_REQUESTED: AdviceTemplate.PSYCHOLOGY,
    AdviceKind.OTHER: AdviceTemplate.PSYCHOLOGY,
    AdviceKind.REVIEW: AdviceTemplate.REVIEW,
}

_P = User.Profession

#: The professions that usually give each kind of advice: the one place the advisor lists are
#: filtered by. Educational advice comes from the child's school or setting (its own accounts).
#: A kind with no professions here (or none listed with a sign-in) lists everyone.
ADVICE_PROFESSIONS: dict[str, tuple[str, ...]] = {
    AdviceKind.EDUCATIONAL: (_P.ADVISORY_TEACHER,),
    AdviceKind.HEALTH: (
        _P.DOCTOR,
        _P.NURSE,
        _P.SPEECH_THERAPIST,
        _P.OCCUPATIONAL_THERAPIST,
        _P.PHYSIOTHERAPIST,
        _P.CLINICAL_PSYCHOLOGIST,
    ),
    AdviceKind.PSYCHOLOGICAL: (_P.EDUCATIONAL_PSYCHOLOGIST,),
    AdviceKind.SOCIAL_CARE: (_P.SOCIAL_WORKER,),
    AdviceKind.ADULTHOOD: (_P.SOCIAL_WORKER,),
    AdviceKind.SENSORY: (_P.SENSORY_TEACHER,),
    AdviceKind.ADVISORY_TEACHER: (_P.ADVISORY_TEACHER, _P.SENSORY_TEACHER),
    AdviceKind.FAMILY_REQUESTED: (),
    AdviceKind.OTHER: (),
    AdviceKind.REVIEW: (),
}

#: The kinds of advice a school's or setting's own accounts give.
SETTING_ADVICE_KINDS = frozenset({AdviceKind.EDUCATIONAL})


@pghistory.track()
class AdviceRequest(PublicRecord):
    """The LA asking one professional (or a setting) for advice for an assessment, or for a
    contribution to an annual review. The advisor has a sign-in (``advisor``) or is sent a
    time-limited, single-use link. They see only what the request shares."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for advice"
        SUBMITTED = "submitted", "Advice received"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The access policy (sendcpp.access) reaches advice requests through this related name.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_advice_requests")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="advice_requests"
    )
    review = models.ForeignKey(
        "Review", null=True, blank=True, on_delete=models.PROTECT, related_name="advice_requests"
    )
    kind = models.CharField(max_length=30, choices=AdviceKind.choices)
    template = models.CharField(max_length=30, choices=AdviceTemplate.choices)
    advisor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="ehcp_advice_requests"
    )
    advisor_name = models.CharField(max_length=200)
    advisor_profession = models.CharField(
        max_length=30, choices=User.Profession.choices, blank=True
    )
    advisor_email = models.EmailField(blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    questions = models.TextField(blank=True, help_text="What the LA would like the advice to cover")
    share_family_views = models.BooleanField(default=True)
    share_other_advice = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    submitted_at = models.DateTimeField(null=True, blank=True)
    link_nonce = models.CharField(max_length=32, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment__isnull=True) ^ models.Q(review__isnull=True),
                name="ehcp_advice_for_assessment_xor_review",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(submitted_at__isnull=False),
                name="ehcp_advice_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["advisor", "status", "-requested_on"], name="ehcp_advice_inbox"),
            models.Index(fields=["case", "-requested_on"], name="ehcp_advice_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.advisor_name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def deadline_subject(self) -> str:
        return f"advice:{self.public_id}"

    @property
    def contributor(self) -> str:
        """Who is giving it, with their profession and service when known."""
        details = [
            str(part)
            for part in (
                self.get_advisor_profession_display() if self.advisor_profession else "",
                self.organisation.name if self.organisation_id else "",
            )
            if part
        ]
        return f"{self.advisor_name} — {', '.join(details)}" if details else self.advisor_name


class AdviceSubmission(PublicIdModel):
    """Advice as submitted, on its template. Immutable: a correction is a new version that points
    at the one it corrects. ``content`` holds the template's typed fields."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField(default=1)
    content = models.JSONField(default=dict)
    advisor_name = models.CharField(max_length=200)
    advisor_role = models.CharField(max_length=200)
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via_link = models.BooleanField(default=False)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    correction_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    report = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The advisor's full report, kept as a document on the case.",
    )

    class Meta:
        ordering = ["request", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["request", "version"], name="ehcp_advice_version"),
            models.CheckConstraint(
                condition=models.Q(version=1) ^ models.Q(corrects__isnull=False),
                name="ehcp_advice_correction_links_previous",
            ),
        ]
        triggers = [append_only("ehcp_advice_immutable")]

    def __str__(self) -> str:
        return f"Advice version {self.version}"


class AdviceRow(GridRow):
    """A row of the grid in submitted advice (strengths, need, outcome, provision), which the LA
    can pull into the plan. Immutable with its submission."""

    submission = models.ForeignKey(AdviceSubmission, on_delete=models.PROTECT, related_name="rows")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["submission", "position", "id"]
        triggers = [append_only("ehcp_advice_row_immutable")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.need[:40]}"


class AdviceDraft(models.Model):
    """Advice being written and not yet submitted: only its author sees it (the advisor through
    the single-use link is its author too), and it is gone once the advice is submitted. It meets
    no deadline. Its author is a person, a partner system (``client``) or the holder of the
    single-use link (``via_link``). ``report`` is the full report they attached, checked like any upload; it becomes
    a document on the case only when the advice is submitted."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="drafts")
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(
        ApiClient,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The partner system writing it through the API",
    )
    via_link = models.BooleanField(default=False)
    content = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    advisor_name = models.CharField(max_length=200, blank=True)
    advisor_role = models.CharField(max_length=200, blank=True)
    report = models.FileField(upload_to="advice-drafts/%Y/%m/", blank=True)
    report_name = models.CharField(max_length=200, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "author", "client", "via_link"],
                nulls_distinct=False,
                name="ehcp_advice_one_draft_per_author",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft advice saved {self.saved_at:%Y-%m-%d %H:%M}"


# --- The family's voice ---------------------------------------------------------------------------


class FamilyView(PublicRecord):
    """What the child or young person, or their parent or carer, told the LA in their own words
    (for section A). Written through the family portal or recorded by staff."""

    class About(models.TextChoices):
        CHILD = "child", "The child's or young person's own views"
        PARENT = "parent", "Parent or carer views"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_family_views")
    about = models.CharField(max_length=10, choices=About.choices)
    text = models.TextField()
    how_gathered = models.CharField(max_length=300, blank=True)
    given_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    #: Pictures, short recordings or videos, and documents given with the views (stored as the
    #: case's documents, which the family and staff can both see).
    attachments = models.ManyToManyField(Document, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.get_about_display()


class DraftComment(CreatedAtModel):
    """The family's comment on one section of an issued draft (or proposed amendments)."""

    class Section(models.TextChoices):
        DETAILS = "details", "Personal details and services involved"
        SECTION_A = "A", "Section A: history, views, interests and aspirations"
        # Sections B (needs), F (help) and E (outcomes), one of each for every broad area.
        B_COMMUNICATION = "B_communication", "Section B: communication and interaction needs"
        F_COMMUNICATION = "F_communication", "Section F: help with communication and interaction"
        E_COMMUNICATION = "E_communication", "Section E: goals for communication and interaction"
        B_COGNITION = "B_cognition", "Section B: cognition and learning needs"
        F_COGNITION = "F_cognition", "Section F: help with cognition and learning"
        E_COGNITION = "E_cognition", "Section E: goals for cognition and learning"
        B_SEMH = "B_semh", "Section B: social, emotional and mental health needs"
        F_SEMH = "F_semh", "Section F: help with social, emotional and mental health"
        E_SEMH = "E_semh", "Section E: goals for social, emotional and mental health"
        B_SENSORY = "B_sensory", "Section B: sensory and physical needs"
        F_SENSORY = "F_sensory", "Section F: help with sensory and physical needs"
        E_SENSORY = "E_sensory", "Section E: goals for sensory and physical needs"
        # Whole areas, as comments were given before sections B, E and F were asked apart.
        COMMUNICATION = "communication", "Communication and interaction (B, F, E)"
        COGNITION = "cognition", "Cognition and learning (B, F, E)"
        SEMH = "semh", "Social, emotional and mental health (B, F, E)"
        SENSORY = "sensory", "Sensory and/or physical (B, F, E)"
        HEALTH = "health", "Health (C, G, E)"
        SOCIAL_CARE = "social_care", "Social care (D, H1, H2, E)"
        PLACEMENT = "I", "Section I: placement"
        BUDGET = "J", "Section J: personal budget"
        ADVICE = "K", "Section K: advice and information"
        OTHER = "other", "Anything else"

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(max_length=20, choices=Section.choices)
    text = models.TextField()
    given_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["version", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.get_section_display()}"


class SettingPreference(CreatedAtModel):
    """The school or college the family asks to be named in section I (CFA s38), stated within
    the window after a draft (or proposed amendments) was served."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="setting_preferences"
    )
    setting = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    setting_name = models.CharField(max_length=200, blank=True)
    reasons = models.TextField(blank=True)
    wants_meeting = models.BooleanField(default=False)
    given_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(setting__isnull=False) | ~models.Q(setting_name=""),
                name="ehcp_preference_names_a_setting",
            )
        ]

    def __str__(self) -> str:
        return self.setting_name or str(self.setting)


# --- Annual reviews -------------------------------------------------------------------------------


@pghistory.track()
class Review(PublicRecord):
    """An annual review of the plan (CFA s44; Regs 19-22): the meeting with notice and papers two
    weeks before, the report within 2 weeks, and the LA's decision (maintain, amend or cease)
    within 4 weeks of the meeting, which concludes the review. With a phase transfer the plan must
    also name the next setting by the long-stop date (reg 18)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Meeting arranged"
        MEETING_HELD = "meeting_held", "Meeting held"
        DECIDED = "decided", "Decision made"
        CANCELLED = "cancelled", "Cancelled"

    class Outcome(models.TextChoices):
        MAINTAIN = "maintain", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Stop maintaining the plan"

    class PhaseTransfer(models.TextChoices):
        NONE = "", "No phase transfer in the next 12 months"
        SCHOOL = "school", "School phase transfer (long-stop 15 February)"
        POST16 = "post16", "Secondary school to post-16 (long-stop 31 March)"
        POST16_MOVE = "post16_move", "Between post-16 institutions (5 months before)"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ehcp_reviews")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    meeting_on = models.DateField()
    phase_transfer = models.CharField(
        max_length=20, choices=PhaseTransfer.choices, blank=True, default=PhaseTransfer.NONE
    )
    transfer_on = models.DateField(null=True, blank=True)
    invitations_sent_on = models.DateField(null=True, blank=True)
    papers_sent_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True)
    meeting_notes = models.TextField(blank=True)
    report = models.TextField(blank=True)
    report_sent_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        AssessmentRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-meeting_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["scheduled", "meeting_held"]),
                name="ehcp_one_open_review",
            ),
            models.CheckConstraint(
                condition=models.Q(phase_transfer="") | models.Q(transfer_on__isnull=False),
                name="ehcp_review_transfer_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided")
                | (models.Q(decided_on__isnull=False) & ~models.Q(outcome="")),
                name="ehcp_review_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual review {self.meeting_on}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.SCHEDULED, self.Status.MEETING_HELD}


class ReviewContribution(CreatedAtModel):
    """The family's contribution to an annual review (settings and professionals contribute
    through advice requests on the review)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="contributions")
    progress = models.TextField("Progress towards the outcomes", blank=True)
    working_well = models.TextField("What is working well", blank=True)
    not_working = models.TextField("What is not working well", blank=True)
    changes = models.TextField("What should change", blank=True)
    given_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["review", "created_at", "id"]

    def __str__(self) -> str:
        return "Family contribution"
