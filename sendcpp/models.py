"""The shared case model: one child or young person, and the things around them.

Every app builds on these. Names are the domain's own (see the product spec). Identifiers that
appear in URLs are random UUIDs (``public_id``), never database keys or anything personal.
"""

from __future__ import annotations

from datetime import date

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from sendcpp.calendar import long_date
from sendcpp.identifiers import validate_nhs_number, validate_uln, validate_upn
from sendcpp.modelbase import CreatedAtModel, PublicIdModel, PublicRecord, append_only
from sendcpp.needs import BroadArea, NeedType, broad_area_of


@pghistory.track()
class Organisation(PublicIdModel):
    """A body the service works with: the local authority itself, an education setting (identified
    by its DfE URN or UKPRN), a health body, or a social care team."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        SCHOOL = "school", "School"
        SPECIAL_SCHOOL = "special", "Special school"
        COLLEGE = "college", "College"
        EARLY_YEARS = "early_years", "Early years setting"
        ALTERNATIVE_PROVISION = "ap", "Alternative provision"
        INDEPENDENT = "independent", "Independent or non-maintained special school"
        HEALTH = "health", "Health body"
        SOCIAL_CARE = "social_care", "Social care"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    urn = models.CharField(
        "URN", max_length=10, blank=True, help_text="DfE unique reference number"
    )
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    la_code = models.CharField("LA code", max_length=3, blank=True, help_text="DfE 3-digit LA code")
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn"], condition=~models.Q(urn=""), name="organisation_unique_urn"
            ),
        ]

    def __str__(self) -> str:
        return self.name


#: The organisations that are education settings: a child attends one, the council consults
#: it and names it in section I of a plan, a panel or a support plan chooses among them.
EDUCATION_SETTING_KINDS = frozenset(
    {
        Organisation.Kind.SCHOOL,
        Organisation.Kind.SPECIAL_SCHOOL,
        Organisation.Kind.COLLEGE,
        Organisation.Kind.EARLY_YEARS,
        Organisation.Kind.ALTERNATIVE_PROVISION,
        Organisation.Kind.INDEPENDENT,
    }
)


@pghistory.track()
class Team(models.Model):
    """A team of EHCP coordinators in the local authority (for example by area or phase). Each
    team has a permission group used for explicit one-off grants."""

    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams"
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="team")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser, PublicIdModel):
    """Anyone who signs in: local authority staff, a family member or young person, a
    professional giving advice, or someone at a setting."""

    class AccountType(models.TextChoices):
        STAFF = "staff", "Local authority staff"
        FAMILY = "family", "Family member or young person"
        PROFESSIONAL = "professional", "Professional giving advice"
        SETTING = "setting", "Education setting"

    class Profession(models.TextChoices):
        """What a professional who gives advice does (their service is ``organisation``)."""

        EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", "Educational psychologist"
        SPEECH_THERAPIST = "speech_therapist", "Speech and language therapist"
        OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
        PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
        DOCTOR = "doctor", "Paediatrician or doctor"
        NURSE = "nurse", "Nurse"
        SOCIAL_WORKER = "social_worker", "Social worker"
        ADVISORY_TEACHER = "advisory_teacher", "Advisory teacher"
        SENSORY_TEACHER = "sensory_teacher", "Teacher of the deaf or vision impaired"
        CLINICAL_PSYCHOLOGIST = "clinical_psychologist", "Clinical psychologist"
        OTHER = "other", "Other profession"

    account_type = models.CharField(
        max_length=20, choices=AccountType.choices, default=AccountType.STAFF
    )
    profession = models.CharField(
        max_length=30,
        choices=Profession.choices,
        blank=True,
        help_text="A professional's profession (their service is their organisation).",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    is_demo = models.BooleanField(default=False, help_text="A seeded demonstration account.")
    wants_digest = models.BooleanField(
        default=False,
        help_text="Email one daily summary of new updates instead of an email for each one.",
    )

    @property
    def display_name(self) -> str:
        return self.display_name_of(self.first_name, self.last_name, self.username)

    @staticmethod
    def display_name_of(first_name: str, last_name: str, username: str) -> str:
        """How a person is named, from the columns alone (a list of people read as rows):
        their full name, or their sign-in name when they have none."""
        return f"{first_name} {last_name}".strip() or username

    @property
    def is_staff_member(self) -> bool:
        return self.account_type == self.AccountType.STAFF

    @property
    def contributor_label(self) -> str:
        """How someone who gives advice is listed: "Name — Profession, Service"."""
        if self.profession:
            what = self.get_profession_display()
        elif self.account_type == self.AccountType.SETTING:
            what = "School or setting"
        else:
            what = "Profession not recorded"
        where = f", {self.organisation.name}" if self.organisation_id else ""
        return f"{self.display_name} — {what}{where}"


@pghistory.track()
class StaffProfile(models.Model):
    """A member of local authority staff's role and team. Roles are those of the roles spec."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "EHCP coordinator"
        MANAGER = "manager", "SEND manager"
        PANEL_MEMBER = "panel_member", "Panel member"
        ADMINISTRATOR = "administrator", "Administrator"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="staff_profile")
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_role_display()})"


# Every word of a child's names, the surname's weighted "A" and the first names' "B", for the
# child search (``sendcpp.selectors.search_children``): one GIN index answers a word's prefix in
# any name ("ama:* & oka:*") or in the surname only ("clarke:*A").
CHILD_NAME_WORDS = SearchVector("legal_last_name", weight="A", config="simple") + SearchVector(
    "legal_first_name", "preferred_name", weight="B", config="simple"
)


@pghistory.track()
class Child(PublicRecord):
    """A child or young person (0-25) known to the SEND service."""

    class Sex(models.TextChoices):
        MALE = "M", "Male"
        FEMALE = "F", "Female"
        UNKNOWN = "U", "Not known"

    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    previous_names = models.TextField(
        blank=True, help_text="Names the child was known by before, one a line."
    )
    date_of_birth = models.DateField()
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[validate_upn])
    uln = models.CharField("ULN", max_length=10, blank=True, validators=[validate_uln])
    upn_unknown_reason = models.CharField(
        "why the UPN is not known",
        max_length=4,
        blank=True,
        help_text="DfE UPN-unknown code (sendcpp.codelists.UPN_UNKNOWN) when there is no UPN.",
    )
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(
        max_length=4,
        blank=True,
        help_text="DfE main ethnicity code (sendcpp.codelists.ETHNICITY), e.g. WBRI",
    )
    first_language = models.CharField(
        max_length=60, blank=True, help_text="DfE language code (sendcpp.codelists.FIRST_LANGUAGE)"
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Raised by every change through ``sendcpp.children``: a save made from an older version is
    # refused, so two people editing at once never silently overwrite each other.
    version = models.PositiveIntegerField(default=1)
    responsible_la = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="children"
    )
    setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
        help_text="The setting the child attends now, if any.",
    )
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            GinIndex(
                OpClass(Upper("legal_last_name"), name="gin_trgm_ops"), name="child_last_name_trgm"
            ),
            GinIndex(
                OpClass(Upper("legal_first_name"), name="gin_trgm_ops"),
                name="child_first_name_trgm",
            ),
            models.Index(
                Upper("legal_last_name"), Upper("legal_first_name"), name="child_name_upper"
            ),
            GinIndex(CHILD_NAME_WORDS, name="child_name_words"),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["upn"], condition=~models.Q(upn=""), name="child_upn"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.preferred_name or self.legal_first_name} {self.legal_last_name}"

    @property
    def primary_broad_area(self) -> BroadArea | None:
        return broad_area_of(self.primary_need) if self.primary_need else None

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@pghistory.track()
class Relationship(models.Model):
    """A person connected to a child: a parent or carer, or the young person themself (16+ holds
    their own rights). Portal access is granted per child by staff and can be revoked."""

    class Kind(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        CARER = "carer", "Carer"
        GUARDIAN = "guardian", "Legal guardian"
        CORPORATE_PARENT = "corporate", "Corporate parent (local authority)"
        SELF = "self", "The young person themself"
        OTHER = "other", "Other"

    class ContactFormat(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"
        PHONE = "phone", "Phone"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        BRAILLE = "braille", "Braille"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="relationships"
    )
    full_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    has_parental_responsibility = models.BooleanField(default=True)
    is_decision_maker = models.BooleanField(
        default=True,
        help_text="Whether this person takes decisions on the case (a young person 16+ does).",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    contact_language = models.CharField(max_length=60, default="English")
    contact_format = models.CharField(
        max_length=20, choices=ContactFormat.choices, default=ContactFormat.EMAIL
    )
    needs_interpreter = models.BooleanField(default=False)
    portal_access = models.BooleanField(default=False)
    portal_access_revoked_at = models.DateTimeField(null=True, blank=True)
    shares_with_family = models.BooleanField(
        default=True,
        help_text=(
            "For the young person themself (16+) with their own login: whether their parents and "
            "carers may still see their case in the portal. The young person decides."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "user"],
                condition=models.Q(user__isnull=False),
                name="relationship_one_per_user",
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "child"], condition=models.Q(portal_access=True), name="rel_portal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_kind_display()})"


class Stage(models.TextChoices):
    """Where a case is in the statutory journey, in plain English.

    - request: a request for an EHC needs assessment has been received; the LA must decide
      whether to assess within 6 weeks (SEND Regs reg 5).
    - assessment: the LA agreed to assess and is gathering advice (reg 6-10).
    - drafting: the LA decided to issue a plan and is drafting it.
    - draft_issued: the draft plan has been sent; the family has at least 15 days to comment
      and say which setting they prefer (reg 13(1)).
    - consultation: settings are being consulted on being named in the plan.
    - plan_issued: the final plan has been issued (within 20 weeks of the request, reg 13(2)).
    - maintained: the plan is maintained and reviewed at least every 12 months (CFA s44).
    - annual_review: an annual review is under way.
    - not_assessed: the LA decided not to assess (appealable).
    - not_issued: the LA assessed but decided not to issue a plan (appealable).
    - ceased: the LA has ceased to maintain the plan (CFA s45).
    - closed: the case ended for another reason (request withdrawn, moved away).
    """

    REQUEST = "request", "Request received"
    ASSESSMENT = "assessment", "Needs assessment"
    DRAFTING = "drafting", "Drafting the plan"
    DRAFT_ISSUED = "draft_issued", "Draft plan issued"
    CONSULTATION = "consultation", "Consulting settings"
    PLAN_ISSUED = "plan_issued", "Final plan issued"
    MAINTAINED = "maintained", "Plan maintained"
    ANNUAL_REVIEW = "annual_review", "Annual review"
    NOT_ASSESSED = "not_assessed", "Decided not to assess"
    NOT_ISSUED = "not_issued", "Decided not to issue a plan"
    CEASED = "ceased", "Plan ceased"
    CLOSED = "closed", "Closed"


# What the family reads for each stage: where things are, and what happens next.


FAMILY_STAGE_TEXT: dict[str, tuple[str, str]] = {
    Stage.REQUEST: (
        "We have your request for an assessment",
        "We will tell you whether we will carry out an assessment.",
    ),
    Stage.ASSESSMENT: (
        "We are assessing your child's needs",
        "We are asking professionals for advice. We will then decide whether to write a plan.",
    ),
    Stage.DRAFTING: (
        "We are writing a draft plan",
        "We will send you the draft plan to comment on.",
    ),
    Stage.DRAFT_ISSUED: (
        "The draft plan is ready for your comments",
        "Read the draft plan, tell us what you think and which school or college you would like.",
    ),
    Stage.CONSULTATION: (
        "We are asking schools or colleges about a place",
        "We will name a school or college in the final plan.",
    ),
    Stage.PLAN_ISSUED: (
        "The final plan has been issued",
        "The plan will be reviewed at least once a year.",
    ),
    Stage.MAINTAINED: ("Your child has a plan", "The plan will be reviewed at least once a year."),
    Stage.ANNUAL_REVIEW: (
        "The plan is being reviewed",
        "After the review meeting we will tell you whether the plan will change.",
    ),
    Stage.NOT_ASSESSED: (
        "We decided not to carry out an assessment",
        "You can ask for mediation or appeal to the tribunal. Our letter explains how.",
    ),
    Stage.NOT_ISSUED: (
        "We decided not to issue a plan",
        "You can ask for mediation or appeal to the tribunal. Our letter explains how.",
    ),
    Stage.CEASED: (
        "The plan has ended",
        "Our letter explains why and what you can do if you disagree.",
    ),
    Stage.CLOSED: ("This case is closed", "Contact your coordinator if you have any questions."),
}


# The history model is named CaseHistory: "CaseEvent" is the timeline.
@pghistory.track(
    model_name="CaseHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
    # Worked out by the database from the stage: the history keeps the stage itself.
    exclude=["stage_order"],
)
class Case(PublicRecord):
    """One statutory journey of one child with one local authority, from the request for an EHC
    needs assessment to a plan that is maintained, reviewed and eventually ceased."""

    reference = models.CharField(max_length=20, unique=True, help_text="The LA's case reference")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    coordinator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="caseload"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REQUEST)
    # The stage's place in the journey (the order of ``Stage``), kept by the database so that a
    # list of cases can be sorted by stage with an index.
    stage_order = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(stage=value, then=models.Value(number))
                for number, value in enumerate(Stage.values, start=1)
            ),
            default=models.Value(0),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    request_received_on = models.DateField(null=True, blank=True)
    plan_issued_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # The earliest open statutory deadline, kept by the deadline service so the caseload can be
    # ordered by it with an index. Derived state: never edited by hand.
    next_due_on = models.DateField(null=True, blank=True)
    next_due_label = models.CharField(max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["coordinator", "next_due_on", "id"], name="case_caseload"),
            models.Index(fields=["team", "next_due_on", "id"], name="case_team_due"),
            models.Index(fields=["local_authority", "next_due_on", "id"], name="case_la_due"),
            models.Index(fields=["stage"]),
            # The other orders of a team's and the authority's lists (``selectors.SORTS``).
            models.Index(fields=["team", "stage_order", "id"], name="case_team_stage"),
            models.Index(fields=["team", "created_at", "id"], name="case_team_opened"),
            models.Index(fields=["local_authority", "stage_order", "id"], name="case_la_stage"),
            models.Index(fields=["local_authority", "created_at", "id"], name="case_la_opened"),
        ]
        permissions = [("view_all_cases", "Can view every case in the local authority")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def days_until_due(self, today: date) -> int | None:
        return (self.next_due_on - today).days if self.next_due_on else None


class CaseUserObjectPermission(UserObjectPermissionBase):
    """An explicit one-off grant on one case to one person (django-guardian, direct foreign key)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """An explicit one-off grant on one case to a group, such as a team's group."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class Audience(models.TextChoices):
    STAFF = "staff", "Staff only"
    FAMILY = "family", "Staff and family"


class CaseEvent(models.Model):
    """One entry in a case's timeline: what happened, when, who did it, and who may read it.
    Append-only: the database refuses updates and deletes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.STAFF)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A partner system that made the change through the API (never both a person and a key).
    actor_client = models.ForeignKey(
        "ApiClient", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "-occurred_at", "-id"], name="event_case_time")]
        triggers = [append_only("case_event_append_only")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=True) | models.Q(actor_client__isnull=True),
                name="case_event_one_actor",
            )
        ]

    def __str__(self) -> str:
        return self.summary


@pghistory.track()
class Document(PublicRecord):
    """A file on a case: an upload (advice, reports, a child's drawing) or a generated PDF.
    Stored outside the web root and only ever served through the access check."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request for assessment"
        ADVICE = "advice", "Advice or report"
        VIEWS = "views", "Views of the child or family"
        PLAN = "plan", "EHC plan"
        LETTER = "letter", "Letter"
        REVIEW = "review", "Annual review paper"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PENDING = "pending", "Being generated"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.STAFF)
    file = models.FileField(upload_to="cases/%Y/%m/", blank=True)
    original_filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READY)
    failure_reason = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="document_case_time")]

    def __str__(self) -> str:
        return self.title


class AccessLog(models.Model):
    """A read of a child's record: who (a person or a partner system) looked at what, and when.
    Append-only; nobody can change it in the app."""

    # Indexed only as below, each index read newest first for one of the audit page's filters:
    # every page view writes here, so each index costs every request a little.
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    api_client = models.ForeignKey(
        "ApiClient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(
        max_length=60, help_text="What was viewed: case, plan, document, advice request..."
    )
    item = models.CharField(
        max_length=200, blank=True, help_text="Which one, for example the document's title"
    )
    via = models.CharField(max_length=10, choices=[("web", "Web"), ("api", "API")], default="web")
    route = models.CharField(
        max_length=100, blank=True, help_text="The URL route name, never the URL itself"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="accesslog_newest"),
            models.Index(fields=["child", "-at", "-id"], name="accesslog_child_newest"),
            models.Index(fields=["user", "-at", "-id"], name="accesslog_user_newest"),
            models.Index(fields=["api_client", "-at", "-id"], name="accesslog_client_newest"),
        ]
        triggers = [append_only("access_log_append_only")]

    def __str__(self) -> str:
        return f"{self.what} read at {self.at:%Y-%m-%d %H:%M}"


# Using a key stamps last_used_at: not a change worth a row of history on every API call.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pgtrigger.AnyChange(exclude=["last_used_at"])),
)
class ApiClient(PublicRecord):
    """A partner system's credential: scoped, revocable, and tied to one organisation whose
    children it may see. Only a hash of the key is stored."""

    class Scope(models.TextChoices):
        """What a key may do. Which scopes each kind of organisation may hold, and what each
        allows, is decided in ``sendcpp.access`` (``scopes_allowed_for``, ``client_may``)."""

        # Reading: any organisation's key, limited to the children it may see.
        CASES_READ = "cases:read", "Read cases and children"
        DOCUMENTS_READ = "documents:read", "Read documents"
        # Acting for the local authority: only the LA's own keys, one capability each.
        CASES_WRITE = "cases:write", "Record requests and ask for advice on cases"
        CHILDREN_WRITE = "children:write", "Correct children's records and contacts"
        DECISIONS_WRITE = "decisions:write", "Record the council's statutory decisions"
        PLANS_WRITE = "plans:write", "Draft, issue and amend EHC plans"
        REVIEWS_WRITE = "reviews:write", "Run annual reviews"
        PLACEMENTS_WRITE = "placements:write", "Tailored lists, consultations and placements"
        MEDIATION_WRITE = "mediation:write", "Record mediation and tribunal appeals"
        SETTINGS_WRITE = "settings:write", "Maintain the setting directory"
        # What a setting or health body writes itself.
        CONSULTATIONS_ANSWER = "consultations:answer", "Answer consultations sent to the setting"
        ADVICE_WRITE = "advice:write", "Give advice asked of the organisation"

    name = models.CharField(max_length=100)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_clients"
    )
    scopes = models.JSONField(default=list)
    key_prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    # A partner system stands in for a user on API requests.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes


class BankHoliday(models.Model):
    """A bank holiday in England and Wales. Loaded from data (seeded 2014-2030, updatable from a
    file in the gov.uk bank-holidays JSON format); never fetched at run time."""

    date = models.DateField(unique=True)
    title = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.title} ({long_date(self.date)})"


class ApiRequestLog(models.Model):
    """Every call a partner system makes: which key, what it asked for, and the answer."""

    at = models.DateTimeField(default=timezone.now)
    api_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="requests")
    method = models.CharField(max_length=10)
    endpoint = models.CharField(max_length=100, help_text="The route name, never the full URL")
    status_code = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["api_client", "-at"], name="apirequest_client_time")]
        triggers = [append_only("api_request_log_append_only")]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status_code}"


class Notification(CreatedAtModel):
    """A message to one person: shown in the service and sent by email. The unique ``key`` (for a
    reminder: deadline, recipient and threshold) makes each message exist exactly once, however
    many sweeps run at once. The row is the outbox: email delivery is tracked on it."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_NEEDED = "not_needed", "No email address"
        IN_DIGEST = "in_digest", "Waiting for the daily summary"

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="A path in this service")
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_status="pending"),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Deadline(PublicRecord):
    """A statutory (or internal) time limit on a case, computed by a rule in
    ``sendcpp.deadlines`` from the event that triggered it and stored when that event is recorded.
    "Days left" and "overdue" are worked out when read. Exceptions never change the dates: they
    are recorded beside the deadline (``DeadlineException``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=60, help_text="A key of sendcpp.deadlines.RULES")
    subject = models.CharField(
        max_length=100,
        blank=True,
        help_text="Tells apart several deadlines of one rule, e.g. one per advice request",
    )
    triggers = models.JSONField(default=dict, help_text="The dates the rule counts from")
    due_on = models.DateField(help_text="The statutory date, as the rule computes it")
    target_on = models.DateField(
        null=True, blank=True, help_text="An internal target, if the LA sets one"
    )
    responsible = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    met_on = models.DateField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    has_exception = models.BooleanField(default=False)
    for_whom = models.CharField(
        max_length=200, blank=True, help_text="Who must act, when a case has several (advisors)"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "subject"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="deadline_one_open_per_rule",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="deadline_open_due",
            ),
            models.Index(fields=["case", "due_on"], name="deadline_case_due"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.cancelled_on is None

    @property
    def title(self) -> str:
        """What must happen, and by whom when the case has several of this rule."""
        from sendcpp.deadlines import RULES

        title = RULES[self.rule].title
        return f"{title}: {self.for_whom}" if self.for_whom else title

    @property
    def was_met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on

    def is_overdue(self, today: date) -> bool:
        """Open and past its date: a council's or professional's deadline missed. A family's own
        window (comments, mediation contact, appeal) is never overdue: it only closes."""
        return self.is_open and self.due_on < today and not self.is_family_window

    @property
    def is_family_window(self) -> bool:
        """A choice the family may make by this date, not a duty of the council's."""
        from sendcpp.deadlines import FAMILY_WINDOWS

        return self.rule in FAMILY_WINDOWS

    @property
    def who_acts(self) -> str:
        from sendcpp.deadlines import who_acts

        return who_acts(self.rule_info)

    @property
    def rule_info(self):  # -> sendcpp.deadlines.Rule
        from sendcpp.deadlines import RULES

        return RULES[self.rule]


class DeadlineException(models.Model):
    """A lawful exception to a time limit (e.g. the school closed for 4 weeks or more), recorded
    with its reason, evidence and who recorded it. It never overwrites the statutory date; reports
    show timeliness with and without cases that had one."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="exceptions")
    kind = models.CharField(max_length=40)
    reason = models.TextField()
    evidence = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        triggers = [append_only("deadline_exception_append_only")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.deadline}"


class StaffAccountEvent(models.Model):
    """What an administrator did to a staff account (invited, deactivated, reactivated, reset
    two-factor, changed role): who, to whom, when. Append-only; written only by
    ``sendcpp.users``."""

    class Kind(models.TextChoices):
        INVITED = "invited", "Invited"
        PASSWORD_SET = "password_set", "Set their password"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        TWO_FACTOR_RESET = "two_factor_reset", "Reset two-factor authentication"
        ROLE_CHANGED = "role_changed", "Changed role"
        PROFESSION_CHANGED = "profession_changed", "Changed profession or service"

    at = models.DateTimeField(default=timezone.now)
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["local_authority", "-at"], name="staffaccountevent_la_time")
        ]
        triggers = [append_only("staff_account_event_append_only")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class SavedView(CreatedAtModel):
    """A person's own saved filters of their caseload (the page's query string, filters only)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(max_length=60)
    query = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_once")
        ]

    def __str__(self) -> str:
        return self.name
