"""API shapes for appeal windows, mediation, appeals and their orders. Output serializers are
read-only; input serializers validate the shape of one workflow move and their field names are
the keyword arguments of the service it calls."""

from __future__ import annotations

from rest_framework import serializers

from mediation.models import (
    DECIDED_OUTCOMES,
    ORDER_STEP_LABELS,
    AdviceService,
    AdviceServiceInvolvement,
    AgreementTerm,
    AppealableDecision,
    AppealWindow,
    Attendee,
    DisagreementResolution,
    Issue,
    MediationCase,
    Outcome,
    ResponsibleBody,
    TribunalAppeal,
    TribunalConcession,
    TribunalOrder,
)
from sendcpp.api.serializers import PublicIdField, PublicRecordSerializer, StaffOnlyFieldsMixin
from sendcpp.deadlines import TribunalOrderStep, UnopposedAppealStep

#: What a tribunal order can require, as the agreed actions of a mediation store it: one choice
#: set (one enum in the schema, ``TribunalOrderStepEnum``) for the input and the output.
TRIBUNAL_ORDER_STEPS = [(step.value, ORDER_STEP_LABELS[step]) for step in TribunalOrderStep]


class AppealWindowSerializer(PublicRecordSerializer):
    case = PublicIdField("case")
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    adviser_contact_due_on = serializers.DateField(read_only=True, allow_null=True)
    appeal_due_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = AppealWindow
        fields = [
            "id",
            "case",
            "decision",
            "decision_label",
            "decision_sent_on",
            "adviser_contact_due_on",
            "appeal_due_on",
            "created_at",
        ]


class MediationCaseSerializer(StaffOnlyFieldsMixin, PublicRecordSerializer):
    case = PublicIdField("case")
    window = PublicIdField("window")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_due_on = serializers.DateField(read_only=True, allow_null=True)
    staff_only_fields = ("staff_notes",)

    class Meta:
        model = MediationCase
        fields = [
            "id",
            "case",
            "window",
            "status",
            "status_label",
            "status_changed_at",
            "wants_mediation",
            "issues",
            "issues_summary",
            "health_provision_sought",
            "adviser_contacted_on",
            "la_told_on",
            "health_bodies_told_on",
            "mediation_on",
            "mediation_provider",
            "mediator_name",
            "adviser_told_cannot_arrange_on",
            "held_on",
            "attendees",
            "la_attendee_had_authority",
            "outcome",
            "outcome_summary",
            "icb_told_la_on",
            "certificate_kind",
            "certificate_issued_on",
            "withdrawn_on",
            "next_due_on",
            "staff_notes",
        ]


class AgreementTermSerializer(PublicRecordSerializer):
    mediation = PublicIdField("mediation")

    class Meta:
        model = AgreementTerm
        fields = [
            "id",
            "mediation",
            "description",
            "responsible_body",
            "appealable_step",
            "agreed_on",
            "agreed_due_on",
            "due_on",
            "done_on",
        ]


class TribunalOrderSerializer(PublicRecordSerializer):
    appeal = PublicIdField("appeal")
    step_label = serializers.CharField(read_only=True)
    rule = serializers.CharField(read_only=True)

    class Meta:
        model = TribunalOrder
        fields = [
            "id",
            "appeal",
            "source",
            "step",
            "step_label",
            "rule",
            "description",
            "starts_on",
            "due_on",
            "complied_on",
        ]


class TribunalConcessionSerializer(PublicRecordSerializer):
    class Meta:
        model = TribunalConcession
        fields = ["id", "conceded_on", "description"]


class TribunalAppealSerializer(PublicRecordSerializer):
    case = PublicIdField("case")
    window = PublicIdField("window")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    response_due_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = TribunalAppeal
        fields = [
            "id",
            "case",
            "window",
            "status",
            "status_label",
            "status_changed_at",
            "tribunal_reference",
            "registered_on",
            "appeal_sent_to_la_on",
            "response_due_on",
            "about_setting_only",
            "extended_appeal",
            "response_sent_on",
            "hearing_on",
            "decided_on",
            "order_sent_on",
            "recommendations_sent_on",
            "conceded_on",
            "withdrawn_on",
            "outcome",
            "outcome_summary",
            "closed_on",
        ]


class DisagreementResolutionSerializer(StaffOnlyFieldsMixin, PublicRecordSerializer):
    case = PublicIdField("case")
    staff_only_fields = ("staff_notes",)

    class Meta:
        model = DisagreementResolution
        fields = [
            "id",
            "case",
            "held_on",
            "about",
            "parties",
            "facilitator",
            "outcome",
            "staff_notes",
        ]


class AdviceServiceSerializer(PublicRecordSerializer):
    case = PublicIdField("case")

    class Meta:
        model = AdviceServiceInvolvement
        fields = ["id", "case", "service", "service_name", "started_on", "ended_on", "support"]


# --- Inputs --------------------------------------------------------------------------------------


class OpenWindowInput(serializers.Serializer):
    case = serializers.UUIDField()
    decision = serializers.ChoiceField(choices=AppealableDecision.choices)
    decision_sent_on = serializers.DateField()


class AskForMediationInput(serializers.Serializer):
    issues = serializers.ListField(
        child=serializers.ChoiceField(choices=Issue.choices), min_length=1
    )
    issues_summary = serializers.CharField(max_length=3000)
    health_provision_sought = serializers.CharField(max_length=2000, required=False, default="")


class AdviserContactInput(serializers.Serializer):
    contacted_on = serializers.DateField()
    wants_mediation = serializers.BooleanField()
    issues = serializers.ListField(
        child=serializers.ChoiceField(choices=Issue.choices), min_length=1
    )
    issues_summary = serializers.CharField(max_length=3000, required=False, default="")
    health_provision_sought = serializers.CharField(max_length=2000, required=False, default="")
    la_told_on = serializers.DateField(required=False, allow_null=True, default=None)


class RegisterAppealInput(serializers.Serializer):
    registered_on = serializers.DateField()
    appeal_sent_to_la_on = serializers.DateField()
    tribunal_reference = serializers.CharField(max_length=30, required=False, default="")
    about_setting_only = serializers.BooleanField(required=False, default=False)
    extended_appeal = serializers.BooleanField(required=False, default=False)


class MediationToldOnInput(serializers.Serializer):
    told_on = serializers.DateField()


class ArrangeMediationInput(serializers.Serializer):
    mediation_on = serializers.DateField()
    mediation_provider = serializers.CharField(max_length=200)
    mediator_name = serializers.CharField(max_length=200, required=False, default="")


class CannotArrangeInput(serializers.Serializer):
    adviser_told_on = serializers.DateField()


class MediationHeldInput(serializers.Serializer):
    held_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    attendees = serializers.ListField(
        child=serializers.ChoiceField(choices=Attendee.choices), min_length=1
    )
    la_attendee_had_authority = serializers.BooleanField(
        allow_null=True, required=False, default=None
    )
    outcome_summary = serializers.CharField(max_length=3000, required=False, default="")
    staff_notes = serializers.CharField(max_length=3000, required=False, default="")


class MediationCertificateInput(serializers.Serializer):
    issued_on = serializers.DateField()


class WithdrawMediationInput(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    reason = serializers.CharField(max_length=1000, required=False, default="")


class AgreementTermInput(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    responsible_body = serializers.ChoiceField(choices=ResponsibleBody.choices)
    appealable_step = serializers.ChoiceField(
        choices=TRIBUNAL_ORDER_STEPS, required=False, default=""
    )
    agreed_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AgreedActionDoneInput(serializers.Serializer):
    done_on = serializers.DateField()


class AppealResponseInput(serializers.Serializer):
    sent_on = serializers.DateField()


class TribunalHearingInput(serializers.Serializer):
    hearing_on = serializers.DateField()


class TribunalDecisionInput(serializers.Serializer):
    decided_on = serializers.DateField()
    order_sent_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=[outcome.value for outcome in DECIDED_OUTCOMES])
    orders = serializers.ListField(
        child=serializers.ChoiceField(choices=TRIBUNAL_ORDER_STEPS),
        required=False,
        default=list,
    )
    order_details = serializers.CharField(max_length=3000, required=False, default="")
    outcome_summary = serializers.CharField(max_length=3000, required=False, default="")
    recommendations_sent_on = serializers.DateField(required=False, allow_null=True, default=None)


class ConcedeAppealInput(serializers.Serializer):
    notified_on = serializers.DateField()
    steps = serializers.ListField(
        child=serializers.ChoiceField(choices=[step.value for step in UnopposedAppealStep]),
        min_length=1,
    )
    details = serializers.CharField(max_length=3000, required=False, default="")


class TribunalConcessionInput(serializers.Serializer):
    conceded_on = serializers.DateField()
    description = serializers.CharField(max_length=2000)


class WithdrawAppealInput(serializers.Serializer):
    withdrawn_on = serializers.DateField()


class RecommendationResponseInput(serializers.Serializer):
    responded_on = serializers.DateField()


class OrderCompliedInput(serializers.Serializer):
    complied_on = serializers.DateField()


class DisagreementResolutionInput(serializers.Serializer):
    case = serializers.UUIDField()
    held_on = serializers.DateField()
    about = serializers.CharField(max_length=2000)
    parties = serializers.CharField(max_length=300)
    facilitator = serializers.CharField(max_length=200, required=False, default="")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, default="")
    staff_notes = serializers.CharField(max_length=3000, required=False, default="")


class AdviceServiceInput(serializers.Serializer):
    case = serializers.UUIDField()
    service = serializers.ChoiceField(choices=AdviceService.choices)
    service_name = serializers.CharField(max_length=200, required=False, default="")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    support = serializers.CharField(max_length=2000, required=False, default="")
