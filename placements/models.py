"""The setting directory, Advisory Tailored Lists, consultations with settings on being named in
a plan, and placements (including alternative provision in the three-tier model).

A directory entry (``Setting``) extends a shared ``sendcpp.models.Organisation`` one-to-one, so
``Child.setting``, section I of the plan and partner keys all keep pointing at the organisation.
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from sendcpp.modelbase import CreatedAtModel, PublicIdModel, PublicRecord, append_only
from sendcpp.models import Case, Document, Organisation, User
from sendcpp.needs import BroadArea, NeedType

# --- The setting directory ------------------------------------------------------------------------


class Phase(models.TextChoices):
    """Phase of education as GIAS records it. Middle schools "deemed primary" or "deemed
    secondary" are counted with that phase; special schools, pupil referral units and most
    independent schools are "not applicable" in GIAS (their age range says who they take)."""

    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST_16 = "post16", "16 plus"
    NOT_APPLICABLE = "na", "Not applicable"


class ProvisionType(models.TextChoices):
    """The kinds of setting a family may be interested in, and a placement's type.

    - mainstream: a maintained school, academy or free school without specialist provision.
    - resourced: a mainstream school with a resourced provision or SEN unit (SEN2 indicators).
    - special: a maintained or academy special school.
    - independent_special: an independent special school or non-maintained special school
      (CFA s41 approved ones can be requested by families, CoP 9.78).
    - independent: a mainstream independent school.
    - ap: alternative provision (pupil referral unit, AP academy or free school).
    - college: a further education or sixth form college, or a 16-19 school.
    - early_years: a maintained nursery school or other early years setting.
    """

    MAINSTREAM = "mainstream", "Mainstream school"
    RESOURCED = "resourced", "Mainstream school with resourced provision or SEN unit"
    SPECIAL = "special", "Special school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent or non-maintained special school"
    INDEPENDENT = "independent", "Independent school"
    ALTERNATIVE = "ap", "Alternative provision"
    COLLEGE = "college", "College or post-16 provider"
    EARLY_YEARS = "early_years", "Early years setting"


#: Provision that is designed for particular needs (so matching requires a designation).
SPECIALIST_PROVISION = frozenset(
    {ProvisionType.RESOURCED, ProvisionType.SPECIAL, ProvisionType.INDEPENDENT_SPECIAL}
)


class SettingStatus(models.TextChoices):
    """Whether the setting is open (GIAS establishment status)."""

    OPEN = "open", "Open"
    PROPOSED_TO_CLOSE = "closing", "Open, but proposed to close"
    CLOSED = "closed", "Closed"


class LocationSource(models.TextChoices):
    """Where a setting's coordinates came from: GIAS easting/northing, the centroid of its
    postcode district (approximate), or nowhere (distance unknown)."""

    GIAS = "gias", "GIAS easting and northing"
    POSTCODE_DISTRICT = "district", "Centre of the postcode district (approximate)"
    UNKNOWN = "", "Not known"


@pghistory.track()
class Setting(CreatedAtModel):
    """A school, college, early years setting, resourced provision or alternative provision in
    the directory: GIAS facts (type, phase, age range, address, status), location on the British
    National Grid, and the facts the LA maintains (needs it is designed for, places, vacancies,
    contacts). One per organisation; keyed on its URN, or UKPRN when it has no URN."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="directory_entry"
    )
    establishment_type = models.CharField(
        max_length=100, blank=True, help_text="GIAS type of establishment, as GIAS words it"
    )
    provision_type = models.CharField(max_length=20, choices=ProvisionType.choices)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.NOT_APPLICABLE)
    low_age = models.PositiveSmallIntegerField("Statutory lowest age", null=True, blank=True)
    high_age = models.PositiveSmallIntegerField("Statutory highest age", null=True, blank=True)
    has_sixth_form = models.BooleanField(default=False)
    has_sen_unit = models.BooleanField("SEN unit", default=False)
    has_resourced_provision = models.BooleanField("Resourced provision", default=False)
    is_boarding = models.BooleanField("Takes boarders", default=False)
    is_section_41 = models.BooleanField(
        "Approved under section 41", default=False, help_text="CFA 2014 s41 approved institution"
    )
    gender = models.CharField(max_length=20, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=100, blank=True)
    la_name = models.CharField("Local authority", max_length=100, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    location_source = models.CharField(
        max_length=10, choices=LocationSource.choices, default=LocationSource.UNKNOWN, blank=True
    )
    website = models.URLField(max_length=300, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    need_types = ArrayField(
        models.CharField(max_length=4, choices=NeedType.choices),
        default=list,
        blank=True,
        help_text="SEN2 need types the provision is designed for",
    )
    broad_areas = ArrayField(
        models.CharField(max_length=20, choices=BroadArea.choices),
        default=list,
        blank=True,
        help_text="Broad areas of need the provision is designed for",
    )
    places = models.PositiveIntegerField(
        null=True, blank=True, help_text="Commissioned places for children with EHC plans"
    )
    vacancies = models.PositiveIntegerField(null=True, blank=True)
    vacancies_on = models.DateField("Vacancies as at", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SettingStatus.choices, default=SettingStatus.OPEN
    )
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    gias_imported_at = models.DateTimeField(null=True, blank=True)
    la_facts_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low_age__isnull=True)
                | models.Q(high_age__isnull=True)
                | models.Q(low_age__lte=models.F("high_age")),
                name="placements_setting_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(vacancies__isnull=True)
                | models.Q(places__isnull=True)
                | models.Q(vacancies__lte=models.F("places")),
                name="placements_setting_vacancies_within_places",
            ),
            models.CheckConstraint(
                condition=models.Q(easting__isnull=True, northing__isnull=True)
                | models.Q(easting__isnull=False, northing__isnull=False),
                name="placements_setting_both_coordinates",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "provision_type"], name="placements_setting_type"),
            GinIndex(fields=["need_types"], name="placements_setting_needs"),
            GinIndex(fields=["broad_areas"], name="placements_setting_areas"),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def has_location(self) -> bool:
        return self.easting is not None and self.northing is not None

    @property
    def age_range(self) -> str:
        if self.low_age is None or self.high_age is None:
            return "Not recorded"
        return f"{self.low_age} to {self.high_age}"

    @property
    def address(self) -> str:
        parts = [self.street, self.locality, self.town, self.organisation.postcode]
        return ", ".join(p for p in parts if p)

    @property
    def need_type_labels(self) -> list[str]:
        return [NeedType(n).label for n in self.need_types]

    @property
    def broad_area_labels(self) -> list[str]:
        return [BroadArea(a).label for a in self.broad_areas]


@pghistory.track()
class SettingContact(models.Model):
    """A named person at a setting the SEND team contacts (SENCO, head, admissions). Staff see
    these; they are never on the public directory."""

    class Role(models.TextChoices):
        SENCO = "senco", "SENCO"
        HEAD = "head", "Headteacher or principal"
        ADMISSIONS = "admissions", "Admissions"
        OTHER = "other", "Other"

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SENCO)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["setting", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "role"], name="placements_contact_one_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class SettingImport(models.Model):
    """A record of one directory import: which file, what format, who ran it and what changed.
    Written only when the whole file was valid and applied."""

    class Format(models.TextChoices):
        GIAS = "gias", "GIAS establishments (CSV)"
        LA = "la", "LA-maintained facts (CSV or XLSX)"

    format = models.CharField(max_length=10, choices=Format.choices)
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    skipped = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.filename}"


# --- Advisory Tailored Lists ----------------------------------------------------------------------

#: Said on every tailored list, on the page and in the PDF (DfE: lists are advisory).
NO_GUARANTEE = (
    "This list is advisory. It does not guarantee a place at any of these settings, and being on "
    "it does not mean a setting has agreed to admit your child. You can still ask for any "
    "school or college of the kinds set out in section 38(3) of the Children and Families Act "
    "2014, including ones not on this list; the council must then consult it and decide."
)


@pghistory.track()
class TailoredList(PublicRecord):
    """A child's Advisory Tailored List (spec 4.4): the working copy the coordinator curates with
    the family during the assessment, the criteria it was drawn from (start date, distance, the
    types of setting the family is interested in), what matters to the family, and the family's
    preference once they state one. Families read only published ``TailoredListVersion``s."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="tailored_list")
    starts_on = models.DateField("Expected start date")
    max_distance_km = models.DecimalField(
        "Furthest distance from home (km)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    provision_types = ArrayField(
        models.CharField(max_length=20, choices=ProvisionType.choices), default=list, blank=True
    )
    only_with_vacancies = models.BooleanField(default=False)
    family_priorities = models.TextField("What matters to the family", blank=True)
    preferred_setting = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    preference_reasons = models.TextField(blank=True)
    preference_stated_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_setting__isnull=True)
                | models.Q(preference_stated_at__isnull=False),
                name="placements_list_preference_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"Tailored list for {self.case}"

    @property
    def provision_type_labels(self) -> list[str]:
        return [ProvisionType(t).label for t in self.provision_types]


@pghistory.track()
class TailoredListEntry(PublicIdModel):
    """One setting on a tailored list, with the reasons it is there (from matching, snapshotted
    when it was added), who put it there, and any question the family asked about it."""

    class Source(models.TextChoices):
        MATCHED = "matched", "Suggested by matching"
        COORDINATOR = "coordinator", "Added by the coordinator"
        FAMILY = "family", "Added by the family"

    tailored_list = models.ForeignKey(
        TailoredList, on_delete=models.CASCADE, related_name="entries"
    )
    setting = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    reasons = models.JSONField(default=list, help_text="[{code, text, positive}]")
    distance_km = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    coordinator_note = models.TextField(blank=True)
    family_question = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tailored_list", "setting"], name="placements_entry_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.setting} on {self.tailored_list}"


class TailoredListVersion(PublicIdModel):
    """A published tailored list, frozen as the family received it: criteria, settings with their
    reasons, and the statement that it guarantees no place. The database refuses to change or
    delete it; the accessible PDF is on ``document``."""

    tailored_list = models.ForeignKey(
        TailoredList, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["tailored_list", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tailored_list", "number"], name="placements_list_version_number"
            )
        ]
        triggers = [append_only("placements_list_version_immutable")]

    def __str__(self) -> str:
        return f"Tailored list, version {self.number}"


# --- Consultations --------------------------------------------------------------------------------


class ConsultationStatus(models.TextChoices):
    """Where a consultation with a setting on being named in section I is.

    - sent: the LA has sent the consultation and pack to the setting (CFA s39(2)-(3), s40(3));
      the setting should answer within 15 days (CoP 9.83-9.84).
    - answered: the setting has said whether it can meet the child's needs, with reasons and
      costs.
    - decided: the LA has decided whether to name the setting. It may decide without an answer.
    - withdrawn: the LA withdrew the consultation (e.g. the family changed their preference).
    """

    SENT = "sent", "Sent to the setting"
    ANSWERED = "answered", "Setting has answered"
    DECIDED = "decided", "Council has decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsultationReason(models.TextChoices):
    FAMILY_PREFERENCE = "family", "The family asked for this setting"
    LA_PROPOSAL = "la", "The council proposes this setting"


class ConsultationAnswer(models.TextChoices):
    CAN_MEET = "can_meet", "Can meet the child's needs"
    CANNOT_MEET = "cannot_meet", "Cannot meet the child's needs"


class RefusalReason(models.TextChoices):
    """Why a setting said it could not meet the child's needs (for the sufficiency report). The
    incompatibility grounds are those of CFA s39(4)(b)."""

    NO_PLACES = "no_places", "No places available"
    NEEDS = "needs", "Cannot meet the child's needs"
    EFFICIENT_EDUCATION = "education", "Incompatible with the efficient education of others"
    EFFICIENT_RESOURCES = "resources", "Incompatible with the efficient use of resources"
    OTHER = "other", "Another reason"


class NamingDecision(models.TextChoices):
    NAME = "name", "Name this setting in the plan"
    NOT_NAME = "not_name", "Do not name this setting"


@pghistory.track()
class Consultation(PublicRecord):
    """The LA asking a setting whether it can meet a child's needs, before naming it in section I
    of the plan: what was shared (the pack), the 15-day answer, the setting's reasons and costs,
    and the LA's decision on naming it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    setting = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultations"
    )
    reason = models.CharField(max_length=10, choices=ConsultationReason.choices)
    status = models.CharField(
        max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.SENT
    )
    starts_on = models.DateField("Proposed start date", null=True, blank=True)
    message = models.TextField("Message to the setting", blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="consultation_packs")
    sent_on = models.DateField()
    due_on = models.DateField(help_text="The 15-day answer date (from the deadline rule)")
    sent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=12, choices=ConsultationAnswer.choices, blank=True)
    answer_reasons = models.TextField(blank=True)
    refusal_reason = models.CharField(max_length=12, choices=RefusalReason.choices, blank=True)
    annual_cost = models.DecimalField(
        "Cost per year (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    cost_notes = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=NamingDecision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "setting"],
                condition=models.Q(status__in=["sent", "answered"]),
                name="placements_consultation_one_open_per_setting",
            ),
            models.CheckConstraint(
                condition=models.Q(answer="", answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="placements_consultation_answer_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(answer="cannot_meet") | ~models.Q(refusal_reason=""),
                name="placements_consultation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="decided") & ~models.Q(decision=""))
                | (~models.Q(status="decided") & models.Q(decision="")),
                name="placements_consultation_decided_iff_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["decided", "withdrawn"], closed_at__isnull=False)
                | models.Q(status__in=["sent", "answered"], closed_at__isnull=True),
                name="placements_consultation_closed_iff_closed_at",
            ),
        ]
        indexes = [
            models.Index(fields=["setting", "status", "-sent_on"], name="placements_consult_inbox"),
            models.Index(fields=["case", "-sent_on"], name="placements_consult_case"),
        ]

    def __str__(self) -> str:
        return f"Consultation with {self.setting} on {self.case}"

    @property
    def is_open(self) -> bool:
        return self.status in {ConsultationStatus.SENT, ConsultationStatus.ANSWERED}

    def is_overdue(self, today: date) -> bool:
        return self.status == ConsultationStatus.SENT and self.due_on < today


# --- Placements -----------------------------------------------------------------------------------


class SenSetting(models.TextChoices):
    """SEN2 SENsetting codes, used only when no establishment (URN/UKPRN) applies."""

    OLA = "OLA", "Other arrangements by the LA (EOTAS, CFA s61)"
    OPA = "OPA", "Other arrangements by parents or young person (CFA s42(5))"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider with no URN"
    OTH = "OTH", "Other: type of setting specified, none named"
    NEET = "NEET", "Not in education, employment or training (16 to 25)"
    NIEC = "NIEC", "Not in education or training: notice to cease issued"
    NIEO = "NIEO", "Not in education or training: other"


class ResidentialPattern(models.TextChoices):
    """Day or residential (SEN2 PlanRes: A = 38 to 51 weeks, B = 52 weeks)."""

    DAY = "day", "Day placement"
    TERM_TIME = "A", "Residential, 38 to 51 weeks"
    ALL_YEAR = "B", "Residential, 52 weeks"


class ApTier(models.IntegerChoices):
    """The alternative provision three-tier model (SEND and AP Improvement Plan, spec 4.10).

    - 1: targeted support in mainstream, so the pupil stays in their school.
    - 2: a time-limited placement in AP to assess and address needs, aiming to return to the
      home school by a planned date.
    - 3: a longer-term, transitional placement in AP for a pupil moving to a new school or a
      post-16 destination.
    """

    TARGETED_SUPPORT = 1, "Tier 1: targeted support in mainstream"
    TIME_LIMITED = 2, "Tier 2: time-limited placement in alternative provision"
    TRANSITIONAL = 3, "Tier 3: transitional placement in alternative provision"


@pghistory.track()
class Placement(PublicRecord):
    """Where a child is educated: a setting (or a SEN2 SENsetting code when none applies), from
    and to which dates, its type and residential pattern, and its rank (1 = main; dual placements
    are ranked). Alternative provision carries its tier, the home school, the planned return date
    and the next reintegration review."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    setting = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    sen_setting = models.CharField(
        "SENsetting code", max_length=4, choices=SenSetting.choices, blank=True
    )
    rank = models.PositiveSmallIntegerField(default=1, help_text="1 = main placement")
    provision_type = models.CharField(max_length=20, choices=ProvisionType.choices, blank=True)
    sen_unit = models.BooleanField("In an SEN unit", default=False)
    resourced_provision = models.BooleanField("In a resourced provision", default=False)
    residential = models.CharField(
        max_length=4, choices=ResidentialPattern.choices, default=ResidentialPattern.DAY
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    ap_tier = models.PositiveSmallIntegerField(choices=ApTier.choices, null=True, blank=True)
    home_setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For alternative provision: the school the pupil stays on roll at or returns to",
    )
    planned_return_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField("Next reintegration review", null=True, blank=True)
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["rank", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(setting__isnull=True) ^ models.Q(sen_setting=""),
                name="placements_placement_setting_xor_code",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="placements_placement_dates",
            ),
            models.CheckConstraint(
                condition=~models.Q(ap_tier=2) | models.Q(planned_return_on__isnull=False),
                name="placements_tier2_has_return_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(ap_tier__in=[2, 3]) | models.Q(next_review_on__isnull=False),
                name="placements_ap_has_review_date",
            ),
            models.UniqueConstraint(
                fields=["case", "rank"],
                condition=models.Q(ends_on__isnull=True),
                name="placements_one_current_per_rank",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_review_on", "id"],
                condition=models.Q(ends_on__isnull=True, ap_tier__isnull=False),
                name="placements_ap_review_due",
            ),
            models.Index(fields=["case", "rank"], name="placements_placement_case"),
        ]

    def __str__(self) -> str:
        where = self.setting.name if self.setting_id else self.get_sen_setting_display()
        return f"{where} from {self.starts_on:%-d %B %Y}"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None

    @property
    def is_alternative_provision(self) -> bool:
        return self.ap_tier is not None

    def review_is_overdue(self, today: date) -> bool:
        return self.is_current and self.next_review_on is not None and self.next_review_on < today

    def return_is_overdue(self, today: date) -> bool:
        return (
            self.is_current
            and self.planned_return_on is not None
            and self.planned_return_on < today
        )


class ReintegrationReview(CreatedAtModel):
    """A review of an alternative provision placement: how the pupil is doing, whether they
    return, stay or move tier, and when the next review is. Append-only."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue the placement"
        RETURN = "return", "Return to the home school"
        EXTEND = "extend", "Extend the placement to a new return date"
        MOVE_ON = "move_on", "Move to a new school or post-16 destination"

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        triggers = [append_only("placements_review_append_only")]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%-d %B %Y}: {self.get_outcome_display()}"
