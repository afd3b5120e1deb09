"""Consulting a setting on being named in section I of the plan (CFA 2014 s39(2)-(3), s40(3);
CoP 9.83-9.84): sending the consultation and its pack, the setting's answer within 15 days, and
the LA's decision, which names the chosen setting in the plan through ``ehcp.services``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from placements import workflow
from placements.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationReason,
    ConsultationStatus,
    NamingDecision,
    RefusalReason,
    Setting,
    SettingStatus,
)
from placements.services.casework import (
    acting_user,
    check_not_future,
    current_date,
    notify_coordinator,
    notify_setting,
    require,
)
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import EDUCATION_SETTING_KINDS, Case, Document, Organisation, Stage
from sendcpp.timeline import record_family_event

#: The ``sendcpp.deadlines`` rule for the setting's answer (15 calendar days, CoP 9.83-9.84).
DEADLINE_RULE = "setting_consultation"

#: Stages at which nothing more is decided about a setting.
FINISHED_STAGES = frozenset({Stage.NOT_ASSESSED, Stage.NOT_ISSUED, Stage.CEASED, Stage.CLOSED})


def deadline_subject(consultation: Consultation) -> str:
    return f"consultation:{consultation.public_id}"


def _link(consultation: Consultation) -> str:
    return reverse("placements:consultation", kwargs={"consultation_id": consultation.public_id})


def _lock(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("case__child", "case__coordinator", "setting")
        .get(pk=consultation.pk)
    )


def _check_setting(setting: Organisation) -> None:
    if setting.kind not in EDUCATION_SETTING_KINDS:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    status = Setting.objects.filter(organisation=setting).values_list("status", flat=True).first()
    if status == SettingStatus.CLOSED:
        raise DomainError(f"{setting.name} is closed", field="setting")


def _pack(case: Case, documents: Iterable[Document]) -> list[Document]:
    chosen = list(documents)
    shared = list(
        Document.objects.filter(
            case=case, pk__in=[d.pk for d in chosen], status=Document.Status.READY
        )
    )
    if len(shared) != len(chosen):
        raise DomainError("Choose documents of this case that are ready", field="documents")
    return shared


def _begin_consultation_stage(case: Case, by: Actor) -> None:
    """After the draft plan, the case moves to "consulting settings" (ehcp owns the stage)."""
    # The stage as saved: an earlier consultation may have moved this case on already.
    case.refresh_from_db(fields=["stage"])
    if case.stage != Stage.DRAFT_ISSUED:
        return
    from ehcp import services as ehcp_services
    from ehcp.models import Plan

    plan = Plan.objects.filter(case=case).first()
    if plan is not None:
        ehcp_services.begin_setting_consultation(plan, by=by)


@transaction.atomic
def send_consultation(
    case: Case,
    *,
    setting: Organisation,
    reason: str,
    sent_on: date,
    by: Actor,
    message: str = "",
    starts_on: date | None = None,
    documents: Iterable[Document] = (),
) -> Consultation:
    """Ask a setting whether it can meet the child's needs, because the family asked for it or
    the LA proposes it, sharing only the documents chosen for the pack. Starts the 15-day answer
    clock and tells the setting's staff."""
    require(by, Action.TRANSITION, case, "You cannot consult settings on this case")
    if case.stage in FINISHED_STAGES:
        raise TransitionNotAllowed("Settings are consulted only while the case is open")
    if reason not in ConsultationReason.values:
        raise DomainError("Say why this setting is being consulted", field="reason")
    check_not_future(sent_on, field="sent_on", what="The date the consultation was sent")
    _check_setting(setting)
    if Consultation.objects.filter(
        case=case, setting=setting, status__in=workflow.CONSULTATION.live
    ).exists():
        raise DuplicateSubmission(
            f"{setting.name} is already being consulted on this case", field="setting"
        )
    pack = _pack(case, documents)
    consultation = Consultation.objects.create(
        case=case,
        setting=setting,
        reason=reason,
        starts_on=starts_on,
        message=(message or "").strip(),
        sent_on=sent_on,
        due_on=sent_on,  # replaced by the rule's date just below
        sent_by=acting_user(by),
    )
    consultation.documents.set(pack)
    deadline = clock.start_deadline(
        case,
        rule=DEADLINE_RULE,
        consulted_on=sent_on,
        subject=deadline_subject(consultation),
        by=acting_user(by),
        responsible=case.coordinator,
    )
    Consultation.objects.filter(pk=consultation.pk).update(due_on=deadline.due_on)
    consultation.due_on = deadline.due_on
    record_family_event(
        consultation,
        "consultation",
        kind="placements_consultation_sent",
        by=by,
        summary=f"Consultation sent to {setting.name}",
    )
    _begin_consultation_stage(case, by)
    notify_setting(
        setting,
        key=f"placements:consultation-sent:{consultation.pk}",
        subject="The council asks whether you can meet a child's needs",
        body=(
            f"Please read the consultation and answer by {deadline.due_on:%-d %B %Y}: say "
            "whether you can meet the child's needs, with your reasons and costs."
        ),
        link=_link(consultation),
    )
    return consultation


def _may_answer(by: Actor, consultation: Consultation) -> bool:
    # The setting's own staff, while they may read the consultation ...
    mine = Consultation.objects.filter(pk=consultation.pk)
    if access.records_for(by, mine, Action.EDIT).exists():
        return True
    # ... or LA staff recording an answer that came by email or post.
    return access.is_la_staff(by) and access.can(by, Action.EDIT, consultation.case)


@transaction.atomic
def answer_consultation(
    consultation: Consultation,
    *,
    answer: str,
    reasons: str,
    by: Actor,
    refusal_reason: str = "",
    annual_cost: Decimal | None = None,
    cost_notes: str = "",
) -> Consultation:
    """The setting says whether it can meet the child's needs, with its reasons and what it
    would cost; this meets the 15-day deadline (late if after it)."""
    consultation = _lock(consultation)
    if not _may_answer(by, consultation):
        raise DomainError("You cannot answer this consultation")
    workflow.CONSULTATION.check(consultation.status, ConsultationStatus.ANSWERED)
    if answer not in ConsultationAnswer.values:
        raise DomainError("Say whether you can meet the child's needs", field="answer")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Give your reasons", field="reasons")
    if answer == ConsultationAnswer.CANNOT_MEET and refusal_reason not in RefusalReason.values:
        raise DomainError(
            "Choose the main reason you cannot meet the needs", field="refusal_reason"
        )
    if annual_cost is not None and annual_cost < 0:
        raise DomainError("The cost must be £0 or more", field="annual_cost")
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.ANSWERED,
        answer=answer,
        answer_reasons=reasons,
        refusal_reason=refusal_reason if answer == ConsultationAnswer.CANNOT_MEET else "",
        annual_cost=annual_cost,
        cost_notes=(cost_notes or "").strip(),
        answered_at=now,
        answered_by=acting_user(by),
    )
    consultation.refresh_from_db()
    case = consultation.case
    clock.meet_deadline(
        case,
        rule=DEADLINE_RULE,
        met_on=current_date(),
        subject=deadline_subject(consultation),
        by=acting_user(by),
    )
    record_family_event(
        consultation,
        "consultation",
        kind="placements_consultation_answered",
        by=by,
        summary=f"{consultation.setting.name} answered the consultation",
    )
    notify_coordinator(
        case,
        key=f"placements:consultation-answered:{consultation.pk}",
        subject=f"{consultation.setting.name} answered the consultation on case {case.reference}",
        body=consultation.get_answer_display(),
        link=_link(consultation),
    )
    return consultation


def _close_deadline(consultation: Consultation, *, reason: str, by: Actor) -> None:
    clock.cancel_deadline(
        consultation.case,
        rule=DEADLINE_RULE,
        reason=reason,
        on=current_date(),
        by=acting_user(by),
        subject=deadline_subject(consultation),
    )


def _name_in_plan(consultation: Consultation, *, by: Actor, placement_pattern: str) -> None:
    from ehcp import services as ehcp_services
    from ehcp.models import Plan

    plan = Plan.objects.filter(case=consultation.case).first()
    if plan is None:
        raise TransitionNotAllowed("There is no plan on this case to name the setting in yet")
    directory = Setting.objects.filter(organisation=consultation.setting).first()
    ehcp_services.name_setting_in_plan(
        plan,
        setting=consultation.setting,
        by=by,
        placement_type=directory.get_provision_type_display() if directory else "",
        placement_pattern=placement_pattern,
    )


@transaction.atomic
def decide_consultation(
    consultation: Consultation,
    *,
    decision: str,
    by: Actor,
    reasons: str = "",
    placement_pattern: str = "",
) -> Consultation:
    """The LA decides whether to name the setting (it may decide without an answer). Naming it
    puts it into section I of the plan (``ehcp.services.name_setting_in_plan``), in the same
    transaction: if the plan cannot take it, nothing is recorded."""
    consultation = _lock(consultation)
    case = consultation.case
    require(by, Action.TRANSITION, case, "You cannot decide on this consultation")
    workflow.CONSULTATION.check(consultation.status, ConsultationStatus.DECIDED)
    if decision not in NamingDecision.values:
        raise DomainError("Choose whether to name the setting", field="decision")
    reasons = (reasons or "").strip()
    if decision == NamingDecision.NOT_NAME and not reasons:
        raise DomainError("Give the reasons for not naming the setting", field="reasons")
    if decision == NamingDecision.NAME:
        _name_in_plan(consultation, by=by, placement_pattern=(placement_pattern or "").strip())
    if consultation.status == ConsultationStatus.SENT:
        _close_deadline(consultation, reason="The council decided before the answer", by=by)
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.DECIDED,
        decision=decision,
        decision_reasons=reasons,
        decided_at=now,
        decided_by=acting_user(by),
        closed_at=now,
    )
    consultation.refresh_from_db()
    named = decision == NamingDecision.NAME
    setting = consultation.setting
    record_family_event(
        consultation,
        "consultation",
        kind="placements_consultation_decided",
        by=by,
        summary=f"Decided to name {setting.name} in the plan"
        if named
        else f"Decided not to name {setting.name} in the plan",
        decision=decision,
    )
    notify_setting(
        setting,
        key=f"placements:consultation-decided:{consultation.pk}",
        subject=(
            "The council will name your setting in a child's plan"
            if named
            else "The council will not name your setting in a child's plan"
        ),
        body="Read the council's decision on the consultation.",
        link=_link(consultation),
    )
    return consultation


@transaction.atomic
def withdraw_consultation(consultation: Consultation, *, reason: str, by: Actor) -> Consultation:
    """The LA no longer needs the setting's answer (e.g. the family changed their preference)."""
    consultation = _lock(consultation)
    case = consultation.case
    require(by, Action.TRANSITION, case, "You cannot withdraw this consultation")
    workflow.CONSULTATION.check(consultation.status, ConsultationStatus.WITHDRAWN)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reason for withdrawing the consultation", field="reason")
    if consultation.status == ConsultationStatus.SENT:
        _close_deadline(consultation, reason="The consultation was withdrawn", by=by)
    Consultation.objects.filter(pk=consultation.pk).update(
        status=ConsultationStatus.WITHDRAWN, decision_reasons=reason, closed_at=timezone.now()
    )
    consultation.refresh_from_db()
    record_family_event(
        consultation,
        "consultation",
        kind="placements_consultation_withdrawn",
        by=by,
        summary=f"Consultation with {consultation.setting.name} withdrawn",
    )
    notify_setting(
        consultation.setting,
        key=f"placements:consultation-withdrawn:{consultation.pk}",
        subject="The council has withdrawn a consultation",
        body="You no longer need to answer it.",
        link=_link(consultation),
    )
    return consultation
