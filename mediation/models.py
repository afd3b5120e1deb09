"""Disagreement resolution, mediation and First-tier Tribunal (SEND) appeals (domain spec 1.10,
1.11 and 4.6).

An appealable decision opens an ``AppealWindow`` on the case. From it the family may go to
mediation (``MediationCase``, with agreement terms that carry their own deadlines) and appeal to
the tribunal (``TribunalAppeal``, with the orders the tribunal makes and the LA's concessions).
Disagreement resolution meetings and the family's use of the independent information, advice and
support service (SENDIASS) are recorded on the case beside them.

Every time limit here is a ``sendcpp.models.Deadline`` started through ``sendcpp.clock`` with a
subject naming the record it belongs to (``deadline_subject``), so reminders are automatic.
"""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sendcpp.deadlines import TribunalOrderStep, UnopposedAppealStep
from sendcpp.modelbase import PublicRecord
from sendcpp.models import Case, User


class AppealableDecision(models.TextChoices):
    """The LA decisions a family can take to mediation and appeal to the First-tier Tribunal
    (SEND) (Children and Families Act 2014, section 51; domain spec 1.10).

    - refuse_assess: the LA decided not to carry out an EHC needs assessment.
    - refuse_issue: the LA assessed but decided not to issue an EHC plan.
    - plan_contents: the contents of a final (or amended) plan: the special educational needs
      (section B), the provision (section F) or the school or type of school named (section I).
    - refuse_amend: after a review or reassessment, the LA decided not to amend the plan.
    - refuse_reassess: the LA decided not to carry out a reassessment.
    - cease: the LA decided to stop maintaining the plan.
    """

    REFUSE_ASSESS = "refuse_assess", "Refusal to assess"
    REFUSE_ISSUE = "refuse_issue", "Refusal to issue a plan"
    PLAN_CONTENTS = "plan_contents", "Contents of the plan"
    REFUSE_AMEND = "refuse_amend", "Refusal to amend the plan"
    REFUSE_REASSESS = "refuse_reassess", "Refusal to reassess"
    CEASE = "cease", "Decision to cease the plan"


#: What the family reads about each decision: "We decided ..."
FAMILY_DECISION_TEXT: dict[str, str] = {
    AppealableDecision.REFUSE_ASSESS: "not to carry out an EHC needs assessment",
    AppealableDecision.REFUSE_ISSUE: "not to issue an EHC plan after the assessment",
    AppealableDecision.PLAN_CONTENTS: "what to put in the EHC plan",
    AppealableDecision.REFUSE_AMEND: "not to change the EHC plan after the review",
    AppealableDecision.REFUSE_REASSESS: "not to carry out a reassessment",
    AppealableDecision.CEASE: "to stop the EHC plan",
}


class Issue(models.TextChoices):
    """What a disagreement is about: the mediation issues (Regs reg 32-36)."""

    EDUCATION = "education", "Education"
    HEALTH = "health", "Health care"
    SOCIAL_CARE = "social_care", "Social care"


class Outcome(models.TextChoices):
    """How a mediation or disagreement resolution meeting ended."""

    RESOLVED = "resolved", "Resolved"
    PARTLY = "partly", "Partly resolved"
    NOT_RESOLVED = "not_resolved", "Not resolved"


class CertificateKind(models.TextChoices):
    """The three mediation certificates (Regs regs 34, 38-41; domain spec 1.10 and 4.6)."""

    NO_MEDIATION = "no_mediation", "Family did not want mediation"
    AFTER_MEDIATION = "after_mediation", "After mediation"
    DEEMED = "deemed", "Mediation could not be arranged in time"


class Attendee(models.TextChoices):
    """Who took part in a mediation."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Child or young person"
    LA = "la", "Council (SEND service)"
    HEALTH = "health", "Health service (ICB)"
    SOCIAL_CARE = "social_care", "Social care"
    SETTING = "setting", "School or college"
    SENDIASS = "sendiass", "SENDIASS or other adviser"
    OTHER = "other", "Someone else"


class ResponsibleBody(models.TextChoices):
    """Who must carry out a term of a mediation agreement."""

    LA = "la", "The council"
    HEALTH = "health", "Health service (ICB)"
    SOCIAL_CARE = "social_care", "Social care"


class MediationStatus(models.TextChoices):
    """Where a mediation case is (Children and Families Act 2014 ss52-57; SEND Regulations 2014
    regs 32-42; Code of Practice chapter 11). Moves are in ``mediation.workflow``.

    - not_wanted: the family told the mediation adviser they do not want mediation; the adviser
      must issue a certificate within 3 working days (reg 34) so that they can appeal.
    - requested: the family wants mediation. The LA must arrange it within 30 days of being told
      and, if health care is in dispute, tell the health commissioners (ICBs) within 3 working
      days.
    - arranged: the date, mediator and venue are fixed.
    - cannot_arrange: the LA could not arrange mediation within 30 days and told the adviser, who
      must issue a certificate within 3 working days.
    - held: the mediation took place and its outcome is recorded; the mediator must issue a
      certificate within 3 working days of it ending.
    - certificate_issued: the family has a mediation certificate and may appeal within 1 month of
      it (or 2 months of the decision letter, if later). Finished.
    - withdrawn: the family no longer wants mediation, or settled the disagreement first.
      Finished.
    """

    NOT_WANTED = "not_wanted", "Mediation not wanted"
    REQUESTED = "requested", "Mediation requested"
    ARRANGED = "arranged", "Mediation arranged"
    CANNOT_ARRANGE = "cannot_arrange", "Could not be arranged in 30 days"
    HELD = "held", "Mediation held"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: What the family reads about their mediation at each status.
FAMILY_MEDIATION_TEXT: dict[str, str] = {
    MediationStatus.NOT_WANTED: (
        "You told the mediation adviser you do not want mediation. They will send you a "
        "certificate so that you can appeal."
    ),
    MediationStatus.REQUESTED: "You asked for mediation. We are arranging it.",
    MediationStatus.ARRANGED: "Your mediation has been arranged.",
    MediationStatus.CANNOT_ARRANGE: (
        "We could not arrange mediation in time. The mediation adviser will send you a "
        "certificate so that you can appeal if you want to."
    ),
    MediationStatus.HELD: (
        "The mediation has taken place. The mediator will send you a certificate so that you "
        "can appeal if you want to."
    ),
    MediationStatus.CERTIFICATE_ISSUED: (
        "You have a mediation certificate. You can use it to appeal to the tribunal."
    ),
    MediationStatus.WITHDRAWN: "The mediation was stopped.",
}


class AppealStatus(models.TextChoices):
    """Where a First-tier Tribunal (SEND) appeal is (CFA s51; tribunal rules; Regs regs 43-45).
    Moves are in ``mediation.workflow``.

    - registered: the tribunal registered the appeal and sent it to the LA, which must respond
      within 30 working days.
    - response_sent: the LA sent its response.
    - hearing_listed: the tribunal fixed a hearing date.
    - decided: the tribunal decided (or made a consent order); the LA must carry out each order
      within its time limit (reg 44).
    - conceded: the LA told the tribunal it will not oppose the appeal before its response; the
      appeal is treated as decided for the family, and the LA must act within reg 45's limits.
    - withdrawn: the family withdrew the appeal. Finished.
    - closed: every order (or conceded step) has been carried out, or there was none. Finished.
    """

    REGISTERED = "registered", "Registered"
    RESPONSE_SENT = "response_sent", "Council response sent"
    HEARING_LISTED = "hearing_listed", "Hearing listed"
    DECIDED = "decided", "Decided"
    CONCEDED = "conceded", "Conceded by the council"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


class AppealOutcome(models.TextChoices):
    """How a tribunal appeal ended, as the tribunal statistics count them."""

    UPHELD = "upheld", "Upheld (decided for the family)"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    DISMISSED = "dismissed", "Dismissed (decided for the council)"
    CONSENT_ORDER = "consent_order", "Settled by consent order"
    CONCEDED = "conceded", "Not opposed by the council"
    WITHDRAWN = "withdrawn", "Withdrawn by the family"


#: Outcomes the tribunal decides (the others come from concessions and withdrawals).
DECIDED_OUTCOMES = [
    AppealOutcome.UPHELD,
    AppealOutcome.PARTLY_UPHELD,
    AppealOutcome.DISMISSED,
    AppealOutcome.CONSENT_ORDER,
]


class OrderSource(models.TextChoices):
    """Why the LA must act: a tribunal order (reg 44) or a conceded appeal (reg 45)."""

    ORDER = "order", "Tribunal order"
    UNOPPOSED = "unopposed", "Conceded appeal"


ORDER_STEP_LABELS: dict[str, str] = {
    TribunalOrderStep.CEASE: "Stop the plan",
    TribunalOrderStep.CONTINUE_TO_MAINTAIN: "Keep the plan",
    TribunalOrderStep.ASSESS_NOTIFY: "Tell the family the council will assess or reassess",
    TribunalOrderStep.ASSESS_NO_PLAN: "Tell the family no plan will be issued after assessing",
    TribunalOrderStep.ASSESS_FINAL_PLAN: "Issue the final plan after the assessment",
    TribunalOrderStep.MAKE_PLAN_DRAFT: "Send a draft plan",
    TribunalOrderStep.MAKE_PLAN_FINAL: "Issue the final plan",
    TribunalOrderStep.AMEND_CONTENTS: "Amend the contents of the plan",
    TribunalOrderStep.AMEND_SETTING: "Change only the school or type of school named",
}

UNOPPOSED_STEP_LABELS: dict[str, str] = {
    UnopposedAppealStep.ASSESS_OR_REVIEW: "Carry out the assessment, review or reassessment",
    UnopposedAppealStep.AMEND_CONTENTS: "Issue the plan with the contents amended",
    UnopposedAppealStep.AMEND_SETTING: "Change only the school or type of school named",
}


class AdviceService(models.TextChoices):
    """Independent information, advice and support the family used (CoP 2.17-2.22)."""

    SENDIASS = "sendiass", "SENDIASS (local information, advice and support service)"
    IPSEA = "ipsea", "IPSEA (Independent Provider of Special Education Advice)"
    OTHER = "other", "Another independent adviser or advocate"


@pghistory.track()
class AppealWindow(PublicRecord):
    """An appealable decision sent to the family, and the time they have to challenge it: contact
    the mediation adviser within 2 months (reg 33), appeal within 2 months of the letter or
    1 month of a mediation certificate, whichever is later. Opened once per case, decision and
    letter date by ``mediation.services.open_appeal_window``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeal_windows")
    decision = models.CharField(max_length=20, choices=AppealableDecision.choices)
    decision_sent_on = models.DateField(help_text="The date the decision letter was sent")
    opened_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decision_sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "decision", "decision_sent_on"], name="appeal_window_once"
            )
        ]
        indexes = [
            models.Index(fields=["case", "-decision_sent_on"], name="appeal_window_case"),
            models.Index(fields=["decision_sent_on"], name="appeal_window_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decision_sent_on:%-d %B %Y})"

    @property
    def deadline_subject(self) -> str:
        return f"appeal-window:{self.public_id}"

    @property
    def family_decision_text(self) -> str:
        return FAMILY_DECISION_TEXT[self.decision]


@pghistory.track()
class MediationCase(PublicRecord):
    """A family's mediation about one appealable decision: the issues, contact with the mediation
    adviser, whether they wanted mediation, the health commissioners told, the mediation arranged
    and held, who attended, the outcome and the certificate (domain spec 1.10 and 4.6). The
    status is written only by ``mediation.services`` through ``mediation.workflow``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="mediation_cases")
    window = models.ForeignKey(AppealWindow, on_delete=models.PROTECT, related_name="mediations")
    status = models.CharField(max_length=20, choices=MediationStatus.choices)
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wants_mediation = models.BooleanField()
    issues = ArrayField(
        models.CharField(max_length=20, choices=Issue.choices), default=list, blank=True
    )
    issues_summary = models.TextField(
        blank=True, help_text="What the family disagrees with, in their words"
    )
    health_provision_sought = models.TextField(
        blank=True, help_text="The health care the family wants in the plan (reg 32)"
    )
    adviser_contacted_on = models.DateField(
        help_text="The day the family told the mediation adviser (or the council) what they want"
    )
    requested_in_portal = models.BooleanField(default=False)
    la_told_on = models.DateField(
        null=True, blank=True, help_text="The day the council heard the family wants mediation"
    )
    health_bodies_told_on = models.DateField(null=True, blank=True)
    mediation_on = models.DateField(null=True, blank=True, help_text="The date arranged")
    mediation_provider = models.CharField(max_length=200, blank=True)
    mediator_name = models.CharField(max_length=200, blank=True)
    adviser_told_cannot_arrange_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = ArrayField(
        models.CharField(max_length=20, choices=Attendee.choices), default=list, blank=True
    )
    la_attendee_had_authority = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether the council sent someone who could agree changes (national standards)",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(blank=True)
    icb_told_la_on = models.DateField(null=True, blank=True)
    certificate_kind = models.CharField(max_length=20, choices=CertificateKind.choices, blank=True)
    certificate_issued_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    staff_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-adviser_contacted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window"],
                condition=~Q(status="withdrawn"),
                name="mediation_one_live_per_window",
            ),
            models.CheckConstraint(
                condition=Q(status="certificate_issued", certificate_issued_on__isnull=False)
                | (~Q(status="certificate_issued") & Q(certificate_issued_on__isnull=True)),
                name="mediation_certificate_date_with_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(held_on__isnull=False) & ~Q(outcome="")),
                name="mediation_held_has_date_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(wants_mediation=True)
                | Q(status__in=["not_wanted", "certificate_issued", "withdrawn"]),
                name="mediation_not_wanted_statuses",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-adviser_contacted_on"], name="mediation_case"),
            models.Index(fields=["adviser_contacted_on"], name="mediation_contacted"),
        ]

    def __str__(self) -> str:
        return f"Mediation about {self.window}"

    @property
    def deadline_subject(self) -> str:
        return f"mediation:{self.public_id}"

    @property
    def has_health_issues(self) -> bool:
        return Issue.HEALTH in self.issues

    @property
    def family_status_text(self) -> str:
        return FAMILY_MEDIATION_TEXT[self.status]

    def get_issues_display(self) -> str:
        labels = dict(Issue.choices)
        return ", ".join(str(labels[issue]) for issue in self.issues) or "Not recorded"

    def get_attendees_display(self) -> str:
        labels = dict(Attendee.choices)
        return ", ".join(str(labels[who]) for who in self.attendees) or "Not recorded"


@pghistory.track()
class AgreementTerm(PublicRecord):
    """One thing a mediation agreement says someone will do, with its own time limit: within
    2 weeks for matters that cannot be appealed (reg 42(3)), or the tribunal-order limit for
    appealable matters (reg 42 applying reg 44), unless the parties agreed another date in
    writing."""

    mediation = models.ForeignKey(MediationCase, on_delete=models.PROTECT, related_name="terms")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    responsible_body = models.CharField(max_length=20, choices=ResponsibleBody.choices)
    appealable_step = models.CharField(
        max_length=30,
        choices=[(step.value, ORDER_STEP_LABELS[step]) for step in TribunalOrderStep],
        blank=True,
        help_text="For an appealable matter: what the agreement requires, as a tribunal order would",
    )
    agreed_on = models.DateField()
    agreed_due_on = models.DateField(
        null=True, blank=True, help_text="Another date the parties agreed in writing"
    )
    due_on = models.DateField(help_text="The statutory date, as the clock computed it")
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def rule(self) -> str:
        if self.appealable_step:
            return f"tribunal_order_{self.appealable_step}"
        return "mediation_agreement_action"

    @property
    def deadline_subject(self) -> str:
        return f"agreement-term:{self.public_id}"


@pghistory.track()
class TribunalAppeal(PublicRecord):
    """A family's appeal to the First-tier Tribunal (SEND) against one appealable decision: its
    registration, the LA's response (30 working days), the hearing, the outcome and the orders.
    The status is written only by ``mediation.services`` through ``mediation.workflow``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tribunal_appeals")
    window = models.ForeignKey(AppealWindow, on_delete=models.PROTECT, related_name="appeals")
    mediation = models.ForeignKey(
        MediationCase, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    status = models.CharField(max_length=20, choices=AppealStatus.choices)
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tribunal_reference = models.CharField(max_length=30, blank=True)
    registered_on = models.DateField()
    appeal_sent_to_la_on = models.DateField()
    about_setting_only = models.BooleanField(
        default=False,
        help_text="Only about the school or type of school named: no certificate needed (s55)",
    )
    extended_appeal = models.BooleanField(
        default=False, help_text="Asks for recommendations on health or social care too"
    )
    response_sent_on = models.DateField(null=True, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    order_sent_on = models.DateField(null=True, blank=True)
    recommendations_sent_on = models.DateField(null=True, blank=True)
    conceded_on = models.DateField(
        null=True, blank=True, help_text="The day the council told the tribunal it will not oppose"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AppealOutcome.choices, blank=True)
    outcome_summary = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window"],
                condition=~Q(status="withdrawn"),
                name="appeal_one_live_per_window",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided", "conceded", "withdrawn"]) | ~Q(outcome=""),
                name="appeal_outcome_with_status",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-registered_on"], name="appeal_case"),
            models.Index(fields=["registered_on"], name="appeal_registered"),
        ]

    def __str__(self) -> str:
        return f"Appeal {self.tribunal_reference or ''} about {self.window}".replace("  ", " ")

    @property
    def deadline_subject(self) -> str:
        return f"appeal:{self.public_id}"


@pghistory.track()
class TribunalOrder(PublicRecord):
    """One thing the LA must do because of a tribunal order (reg 44) or because it conceded the
    appeal (reg 45), with its compliance deadline: a task on the case."""

    appeal = models.ForeignKey(TribunalAppeal, on_delete=models.PROTECT, related_name="orders")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=OrderSource.choices)
    step = models.CharField(max_length=30)
    description = models.TextField(blank=True)
    starts_on = models.DateField(help_text="The date the order was sent, or the tribunal told")
    due_on = models.DateField(help_text="The statutory date, as the clock computed it")
    complied_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.step_label

    @property
    def step_label(self) -> str:
        labels = ORDER_STEP_LABELS if self.source == OrderSource.ORDER else UNOPPOSED_STEP_LABELS
        return labels.get(self.step, self.step)

    @property
    def rule(self) -> str:
        prefix = "tribunal_order" if self.source == OrderSource.ORDER else "unopposed_appeal"
        return f"{prefix}_{self.step}"

    @property
    def deadline_subject(self) -> str:
        return f"tribunal-order:{self.public_id}"


@pghistory.track()
class TribunalConcession(PublicRecord):
    """A point of an appeal the LA conceded (for example agreeing to specify speech and language
    therapy), whether or not the appeal as a whole went on."""

    appeal = models.ForeignKey(TribunalAppeal, on_delete=models.PROTECT, related_name="concessions")
    conceded_on = models.DateField()
    description = models.TextField()
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["conceded_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]


@pghistory.track()
class DisagreementResolution(PublicRecord):
    """A disagreement resolution meeting (CoP 11.6-11.10): an independent, facilitated meeting
    about a wider disagreement (with a school, the LA, health or social care), separate from
    mediation."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="disagreement_resolutions"
    )
    held_on = models.DateField()
    about = models.TextField(help_text="What the disagreement was about")
    parties = models.CharField(max_length=300, help_text="Who took part")
    facilitator = models.CharField(
        max_length=200, blank=True, help_text="The independent disagreement resolution service"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    staff_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Disagreement resolution meeting on {self.held_on:%-d %B %Y}"


@pghistory.track()
class AdviceServiceInvolvement(PublicRecord):
    """The family's use of independent information, advice and support: the local SENDIASS,
    IPSEA or another adviser (CoP 2.17-2.22)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="advice_services")
    service = models.CharField(max_length=20, choices=AdviceService.choices)
    service_name = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    support = models.TextField(blank=True, help_text="What the service is helping with")
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="advice_service_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.service_name or self.get_service_display()
