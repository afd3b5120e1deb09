"""The council's records as a whole: plans moving in from other councils on the open exchange
format, and the register of every release of a plan or record outside the council."""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils import timezone

from sendcpp.modelbase import PublicRecord, append_only
from sendcpp.models import Case, Child, Organisation, Team, User


class TransferStatus(models.TextChoices):
    """Where a plan arriving from another council is.

    - pending: the document passed every check and waits for a coordinator to read it.
    - accepted: the coordinator accepted it: the case, its plan and its dates were created.
    - declined: the coordinator declined it: nothing was created.
    """

    PENDING = "pending", "Waiting to be checked"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


@pghistory.track()
class PlanTransfer(PublicRecord):
    """A plan exported by another council (the exchange document, validated against the schema),
    waiting for a coordinator here to accept it on a transfer-in. Accepting it opens the case,
    fills the plan and starts the transfer deadlines; ``document`` keeps the earlier history and
    advice so that exporting the plan again reproduces it."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="plan_transfers"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    from_la = models.CharField("Council the plan came from", max_length=200)
    transferred_on = models.DateField()
    document = models.JSONField()
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_transfer"
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(case__isnull=False),
                name="records_accepted_transfer_has_case",
            )
        ]

    def __str__(self) -> str:
        return f"Plan from {self.from_la}"

    @property
    def child_name(self) -> str:
        child = self.document["child"]
        return f"{child['legal_first_name']} {child['legal_last_name']}"


class RecipientKind(models.TextChoices):
    SETTING = "setting", "A school, college or other setting"
    COUNCIL = "council", "Another council"
    TRIBUNAL = "tribunal", "The tribunal"
    HEALTH = "health", "A health body"
    RESEARCHER = "researcher", "A researcher"
    INSPECTOR = "inspector", "An inspectorate (Ofsted or the Care Quality Commission)"
    OMBUDSMAN = "ombudsman", "The ombudsman"
    COURT = "court", "A court or the police"
    GOVERNMENT = "government", "The Department for Education"
    OTHER = "other", "Someone else"


class DisclosurePurpose(models.TextChoices):
    """Why a plan or record was disclosed: with consent, or one of the purposes for which the
    Special Educational Needs and Disability Regulations 2014, regulation 17, allow a plan to be
    disclosed without it."""

    CONSENT = "consent", "The parent or young person consented"
    CHILD_INTERESTS = "interests", "In the child's or young person's interests"
    STATUTORY = "statutory", "The council's special educational needs duties (including a transfer)"
    APPEAL = "appeal", "An appeal to the tribunal"
    RESEARCH = "research", "Educational research"
    OMBUDSMAN = "ombudsman", "An ombudsman's investigation"
    INSPECTION = "inspection", "An inspection"
    SECRETARY_OF_STATE = "secretary_of_state", "A request from the Secretary of State"
    COURT = "court", "A court order or criminal proceedings"


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", "Public task (UK GDPR article 6(1)(e))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (UK GDPR article 6(1)(c))"
    CONSENT = "consent", "Consent (UK GDPR article 6(1)(a))"


class Disclosure(PublicRecord):
    """One release of a plan or record outside the council: to whom, what, why, on what lawful
    basis and when. The register is append-only: a mistaken entry is corrected by a new one."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disclosures"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="disclosures")
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient = models.CharField("Who received it", max_length=200)
    what = models.CharField("What was disclosed", max_length=300)
    purpose = models.CharField(max_length=20, choices=DisclosurePurpose.choices)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    details = models.TextField(blank=True)
    disclosed_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-disclosed_on", "-id"]
        indexes = [models.Index(fields=["local_authority", "-disclosed_on", "-id"])]
        triggers = [append_only("records_disclosure_immutable")]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient} on {self.disclosed_on}"


class MigrationStatus(models.TextChoices):
    """Where an import of the council's existing caseload is.

    - refused: the file failed its checks; the problems are listed; nothing was created.
    - checked: every row passed; the report says what would be created (a dry run).
    - queued: a manager asked for the import; it waits for the background worker.
    - importing: the worker is creating the records (all in one transaction).
    - done: every record was created.
    - failed: the import stopped (say, the same cases were imported meanwhile); nothing was
      created.
    """

    REFUSED = "refused", "Refused: the file has problems"
    CHECKED = "checked", "Checked: ready to import"
    QUEUED = "queued", "Waiting to start"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Stopped: nothing was imported"


class MigrationRun(PublicRecord):
    """One upload of the council's caseload from its previous system: the file, the checks'
    problems by row and column or the dry-run report, and then the import itself."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="migration_runs"
    )
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    team_name = models.CharField(
        max_length=100, blank=True, help_text="The team that keeps a SEN2 file's cases"
    )
    status = models.CharField(max_length=10, choices=MigrationStatus.choices)
    rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Caseload import {self.filename}"


class MigratedCase(models.Model):
    """A case created from the council's previous system, under that system's own identifier:
    importing the same identifier again creates nothing."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    council_id = models.CharField(max_length=60)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="migrated_from")
    run = models.ForeignKey(MigrationRun, on_delete=models.PROTECT, related_name="cases")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "council_id"], name="records_migrated_once"
            )
        ]

    def __str__(self) -> str:
        return self.council_id


# --- Retention and disposal -----------------------------------------------------------------------


class LegalHold(PublicRecord):
    """Stops a case being disposed of while it holds (an inquiry, a claim, a complaint to the
    ombudsman). Released with a reason; never deleted."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=300)
    placed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(released_at__isnull=True),
                name="records_one_active_hold_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on case {self.case_id}"


class DisposalStatus(models.TextChoices):
    """Where a month's list of records due for disposal is.

    - listed: the monthly job listed the records past their retention date; nothing happens
      without a named officer's approval.
    - approved: a SEND manager approved the list; the disposal runs in the background.
    - disposed: the records were destroyed, leaving the anonymous remainder and the certificate.
    - rejected: the officer did not approve the list; nothing was destroyed.
    """

    LISTED = "listed", "Waiting for approval"
    APPROVED = "approved", "Approved: being destroyed"
    DISPOSED = "disposed", "Destroyed"
    REJECTED = "rejected", "Not approved"


class DisposalBatch(PublicRecord):
    """The records of one retention class that fell due in a month, for one council; with the
    approval and, once done, the destruction certificate (what class, how many, when, who
    approved)."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_class = models.CharField(max_length=30)
    month = models.DateField(help_text="The first day of the month it was listed in")
    status = models.CharField(
        max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.LISTED
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    disposed_count = models.PositiveIntegerField(default=0)
    held_count = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-month", "record_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "record_class", "month"],
                name="records_one_batch_a_month",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["listed", "rejected"])
                | models.Q(approved_by__isnull=False),
                name="records_disposal_needs_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_class} due {self.month:%B %Y}"


class DisposalItem(models.Model):
    class Outcome(models.TextChoices):
        DUE = "due", "Due"
        DISPOSED = "disposed", "Destroyed"
        HELD = "held", "Kept: legal hold"

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.DUE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "case"], name="records_item_once"),
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} in batch {self.batch_id}"


class DisposedCase(models.Model):
    """The anonymous statistical remainder of a destroyed case: nothing that identifies the
    child, enough to count (year of birth, sex, need, the stage it ended at, years of the plan)."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="remainder")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="disposal")
    record_class = models.CharField(max_length=30)
    birth_year = models.PositiveIntegerField()
    sex = models.CharField(max_length=1)
    primary_need = models.CharField(max_length=4, blank=True)
    final_stage = models.CharField(max_length=20)
    plan_made_year = models.PositiveIntegerField(null=True, blank=True)
    closed_year = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Disposed case {self.case_id}"


# --- Subject access requests ----------------------------------------------------------------------


class SubjectAccessStatus(models.TextChoices):
    """Where a subject access request is.

    - open: received; the one-month clock runs; nothing assembled yet.
    - assembled: the bundle of everything held is built, with the index; staff check it and
      redact third parties' information (assembling again after redacting).
    - released: the bundle was given to the person; the clock is met.
    """

    OPEN = "open", "Received"
    ASSEMBLED = "assembled", "Bundle ready to check"
    RELEASED = "released", "Released"


class SubjectAccessRequest(PublicRecord):
    """A request from a child or young person (or someone acting for them) for a copy of
    everything the council holds about them (UK GDPR Article 15), with the one-month clock, the
    bundle (a PDF index and the files, in a zip), what was withheld or redacted, and the release."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField("Who made the request", max_length=200)
    requester_relationship = models.CharField(
        "Their relationship to the child or young person", max_length=100
    )
    received_on = models.DateField()
    extended = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=SubjectAccessStatus.choices, default=SubjectAccessStatus.OPEN
    )
    bundle = models.FileField(upload_to="subject-access/%Y/%m/", blank=True)
    assembled_at = models.DateTimeField(null=True, blank=True)
    index = models.JSONField(default=list, blank=True)
    withheld = models.JSONField(default=dict, blank=True)
    redact_words = models.TextField(blank=True)
    released_on = models.DateField(null=True, blank=True)
    released_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_method = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Subject access request {self.public_id}"

    @property
    def deadline_subject(self) -> str:
        return f"sar:{self.public_id}"
