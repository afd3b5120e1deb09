"""HTML input for mediation and appeals: shape and field validation only. Field names are the
keyword arguments of the service each form feeds; the rules live in ``mediation.services``."""

from __future__ import annotations

from typing import Any

from django import forms

from mediation.models import (
    ORDER_STEP_LABELS,
    UNOPPOSED_STEP_LABELS,
    AdviceService,
    AppealableDecision,
    AppealOutcome,
    Attendee,
    Issue,
    Outcome,
    ResponsibleBody,
)
from sendcpp.deadlines import TribunalOrderStep, UnopposedAppealStep
from sendcpp.web.dates import DateField
from sendcpp.web.fields import date_form, radio_field, text_field


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


YES_NO = [("yes", "Yes"), ("no", "No")]

ISSUES_FAMILY = [
    (Issue.EDUCATION, "Education: the support at school or college"),
    (Issue.HEALTH, "Health care, such as therapies"),
    (Issue.SOCIAL_CARE, "Social care"),
]


class AppealWindowForm(forms.Form):
    decision = radio_field(
        "Decision sent to the family", AppealableDecision.choices, error="Choose the decision"
    )
    decision_sent_on = DateField(label="Date the decision letter was sent")


class AskForMediationForm(forms.Form):
    issues = forms.MultipleChoiceField(
        label="What do you disagree about?",
        help_text="Choose all that apply",
        choices=ISSUES_FAMILY,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what you disagree about"},
    )
    issues_summary = text_field(
        "Tell us what you disagree with",
        rows=5,
        max_length=3000,
        help_text="For example, you think your child needs speech and language therapy every week",
    )
    health_provision_sought = text_field(
        "If health care is part of it, what health care do you want in the plan? (optional)",
        required=False,
        rows=3,
        max_length=2000,
    )


class AdviserContactForm(forms.Form):
    contacted_on = DateField(label="Date the family contacted the mediation adviser")
    wants_mediation = forms.TypedChoiceField(
        label="Does the family want mediation?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the family wants mediation"},
    )
    issues = forms.MultipleChoiceField(
        label="Mediation issues",
        choices=Issue.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what the disagreement is about"},
    )
    issues_summary = text_field("What the family disagrees with", required=False, rows=4)
    health_provision_sought = text_field(
        "Health provision the family wants (if health care is in issue)", required=False, rows=3
    )
    la_told_on = DateField(
        label="Date the council was told the family wants mediation",
        required=False,
        help_text="Leave empty if it was the same day. For example, 27 3 2026",
    )


class RegisterAppealForm(forms.Form):
    registered_on = DateField(label="Date the tribunal registered the appeal")
    appeal_sent_to_la_on = DateField(label="Date the tribunal sent the appeal to the council")
    tribunal_reference = text_field("Tribunal reference", required=False, max_length=30)
    about_setting_only = forms.BooleanField(
        label="The appeal is only about the school or type of school named (no certificate needed)",
        required=False,
    )
    extended_appeal = forms.BooleanField(
        label="The family asks for recommendations on health or social care too",
        required=False,
    )


HealthNoticeForm = date_form("told_on", "Date the health services were told")


class ArrangeMediationForm(forms.Form):
    mediation_on = DateField(label="Date of the mediation")
    mediation_provider = text_field("Mediation service", max_length=200)
    mediator_name = text_field("Mediator", required=False, max_length=200)


CannotArrangeForm = date_form("adviser_told_on", "Date the mediation adviser was told")


class MediationHeldForm(forms.Form):
    held_on = DateField(label="Date of the mediation")
    attendees = forms.MultipleChoiceField(
        label="Who took part",
        choices=Attendee.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who took part"},
    )
    la_attendee_had_authority = forms.TypedChoiceField(
        label="Did the council send someone who could agree changes?",
        choices=[*YES_NO, ("unknown", "Not known")],
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the council's representative could agree changes"
        },
    )
    outcome = radio_field("Outcome", Outcome.choices, error="Choose the outcome")
    outcome_summary = text_field(
        "What was agreed (shared with the family)", required=False, rows=4, max_length=3000
    )
    staff_notes = text_field("Notes for staff", required=False, rows=3, max_length=3000)


IcbToldForm = date_form("told_on", "Date the health service told the council")


CertificateForm = date_form("issued_on", "Date of the certificate")


class WithdrawMediationForm(forms.Form):
    withdrawn_on = DateField(label="Date the mediation was stopped")
    reason = text_field("Reason", required=False, rows=3, max_length=1000)


class AgreementTermForm(forms.Form):
    description = text_field("What was agreed", rows=3, max_length=2000)
    responsible_body = radio_field(
        "Who must do it", ResponsibleBody.choices, error="Choose who must do it"
    )
    appealable_step = forms.ChoiceField(
        label="Is it about something that could be appealed?",
        help_text="Appealable matters follow the tribunal-order time limits; others are due "
        "within 2 weeks",
        required=False,
        choices=[
            ("", "No: due within 2 weeks"),
            *((step.value, ORDER_STEP_LABELS[step]) for step in TribunalOrderStep),
        ],
    )
    agreed_due_on = DateField(
        label="Different date agreed in writing",
        required=False,
        help_text="Only if everyone agreed another date in writing. For example, 27 3 2026",
    )


TermDoneForm = date_form("done_on", "Date it was done")


AppealResponseForm = date_form("sent_on", "Date the council's response was sent")


HearingForm = date_form("hearing_on", "Date of the hearing")


class DecisionForm(forms.Form):
    decided_on = DateField(label="Date of the tribunal's decision")
    order_sent_on = DateField(label="Date the decision and order were sent")
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[
            (outcome.value, outcome.label)
            for outcome in AppealOutcome
            if outcome not in {AppealOutcome.CONCEDED, AppealOutcome.WITHDRAWN}
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the tribunal's decision"},
    )
    orders = forms.MultipleChoiceField(
        label="What the tribunal ordered the council to do",
        help_text="Choose all that apply. Each starts its own time limit",
        required=False,
        choices=[(step.value, ORDER_STEP_LABELS[step]) for step in TribunalOrderStep],
        widget=forms.CheckboxSelectMultiple,
    )
    order_details = text_field("Details of the order", required=False, rows=3, max_length=3000)
    outcome_summary = text_field("Summary for the family", required=False, rows=3, max_length=3000)
    recommendations_sent_on = DateField(
        label="Date recommendations on health or social care were sent",
        required=False,
        help_text="Extended appeals only. For example, 27 3 2026",
    )


class ConcedeForm(forms.Form):
    notified_on = DateField(label="Date the council told the tribunal it will not oppose")
    steps = forms.MultipleChoiceField(
        label="What the council must now do",
        choices=[(step.value, UNOPPOSED_STEP_LABELS[step]) for step in UnopposedAppealStep],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what the council must now do"},
    )
    details = text_field("Details", required=False, rows=3, max_length=3000)


class ConcessionForm(forms.Form):
    conceded_on = DateField(label="Date of the concession")
    description = text_field("What the council conceded", rows=3, max_length=2000)


WithdrawAppealForm = date_form("withdrawn_on", "Date the appeal was withdrawn")


RecommendationResponseForm = date_form("responded_on", "Date of the reply")


OrderCompliedForm = date_form("complied_on", "Date it was done")


class DisagreementResolutionForm(forms.Form):
    held_on = DateField(label="Date of the meeting")
    about = text_field("What the disagreement was about", rows=3, max_length=2000)
    parties = text_field("Who took part", max_length=300)
    facilitator = text_field("Disagreement resolution service", required=False, max_length=200)
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[*Outcome.choices, ("", "Not known yet")],
        widget=forms.RadioSelect,
    )
    staff_notes = text_field("Notes for staff", required=False, rows=3, max_length=3000)


class AdviceServiceForm(forms.Form):
    service = radio_field("Service", AdviceService.choices, error="Choose the service")
    service_name = text_field(
        "Name of the service", required=False, max_length=200, help_text="If another adviser"
    )
    started_on = DateField(label="Date the support started")
    ended_on = DateField(label="Date the support ended", required=False)
    support = text_field("What they are helping with", required=False, rows=3, max_length=2000)


class ReportYearForm(forms.Form):
    year = forms.TypedChoiceField(label="Decisions sent in", coerce=int, choices=[])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
