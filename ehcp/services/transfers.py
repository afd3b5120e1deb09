"""Plans moving between local authorities (SEND Regulations 2014, regulation 15)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.models import (
    CeaseReason,
    Decision,
    Plan,
    PlanStatus,
)
from ehcp.services.casework import (
    acting_user,
    check_date,
    clean_text,
    end_plan,
    lock_case,
    may_open_case_in,
    move_case,
    record_decision,
    require,
)
from ehcp.workflow import CASE, PLAN_IN_FORCE_STAGES
from sendcpp import access, clock
from sendcpp import services as core_services
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import (
    Audience,
    Case,
    Child,
    Deadline,
    Stage,
    Team,
    User,
)
from sendcpp.timeline import record_case_event, record_family_event

# --- Transfers between local authorities (reg 15) -------------------------------------------------


@transaction.atomic
def record_transfer_in(
    child: Child,
    *,
    from_la: str,
    plan_made_on: date,
    transferred_on: date,
    by: Actor,
    last_reviewed_on: date | None = None,
    team: Team | None = None,
    coordinator: User | None = None,
) -> Case:
    """A plan transferred from another LA (reg 15): it is treated as made by this LA on its
    original date. The LA must write to the family within 6 weeks and review the plan by the
    later of 12 months from the plan or last review and 3 months from the transfer."""
    from_la = clean_text(from_la, field="from_la", message="Enter the council the plan came from")
    check_date(transferred_on, field="transferred_on", what="The date of the transfer")
    check_date(plan_made_on, field="plan_made_on", what="The date the plan was made")
    if last_reviewed_on is not None:
        check_date(
            last_reviewed_on,
            field="last_reviewed_on",
            what="The date of the last review",
            not_before=plan_made_on,
            after_what=", the day the plan was made",
        )
    if team is None and access.is_coordinator(by):
        team = by.staff_profile.team
    if team is None or not may_open_case_in(by, team):
        raise DomainError("Choose a team you work in", field="team")
    if child.pk is not None and Case.objects.filter(child=child, closed_on__isnull=True).exists():
        raise DuplicateSubmission("This child already has an open case")
    case = core_services.open_case(
        child, team=team, by=acting_user(by), coordinator=coordinator, stage=Stage.MAINTAINED
    )
    Plan.objects.create(
        case=case,
        status=PlanStatus.FINAL,
        made_on=plan_made_on,
        moving_from_la=from_la,
        updated_by=acting_user(by),
    )
    Case.objects.filter(pk=case.pk).update(plan_issued_on=plan_made_on)
    record_case_event(
        case=case,
        kind="ehcp_transfer_in",
        by=by,
        summary=f"Plan transferred from {from_la}",
        audience=Audience.FAMILY,
    )
    clock.start_deadline(
        case, rule="transfer_notice", by=acting_user(by), transferred_on=transferred_on
    )
    clock.start_deadline(
        case,
        rule="transfer_review",
        by=acting_user(by),
        plan_made_or_last_reviewed_on=last_reviewed_on or plan_made_on,
        transferred_on=transferred_on,
    )
    return case


@transaction.atomic
def send_transfer_notice(
    case: Case, *, sent_on: date, proposes_assessment: bool, by: Actor
) -> Case:
    """Tell the family the plan has transferred, whether the LA proposes an assessment, and when
    it will review the plan (reg 15(4): within 6 weeks of the transfer)."""
    case = lock_case(case)
    require(by, Action.EDIT, case, "You cannot change this case")
    check_date(sent_on, field="sent_on", what="The date the letter was sent")
    if (
        clock.meet_deadline(case, rule="transfer_notice", met_on=sent_on, by=acting_user(by))
        is None
    ):
        raise TransitionNotAllowed("There is no transferred plan waiting for this letter")
    record_case_event(
        case=case,
        kind="ehcp_transfer_notice_sent",
        by=by,
        audience=Audience.FAMILY,
        proposes_assessment=proposes_assessment,
    )
    return case


@transaction.atomic
def record_move_out(
    case: Case, *, moved_on: date, became_aware_on: date, new_la: str, by: Actor
) -> Deadline:
    """The family is moving to another LA in England: the plan must be transferred on the day of
    the move, or within 15 working days of this LA becoming aware of it (reg 15(2))."""
    case = lock_case(case)
    require(by, Action.EDIT, case, "You cannot change this case")
    if case.stage not in PLAN_IN_FORCE_STAGES:
        raise TransitionNotAllowed("Only a plan in force can be transferred")
    new_la = clean_text(new_la, field="new_la", message="Enter the council the family is moving to")
    check_date(became_aware_on, field="became_aware_on", what="The date we found out")
    deadline = clock.start_deadline(
        case,
        rule="la_transfer",
        by=acting_user(by),
        audience=Audience.STAFF,
        moved_on=moved_on,
        became_aware_on=became_aware_on,
    )
    record_case_event(case=case, kind="ehcp_move_out_recorded", by=by, new_la=new_la[:200])
    return deadline


@transaction.atomic
def transfer_plan_out(case: Case, *, transferred_on: date, by: Actor) -> Case:
    """The plan has been sent to the new LA: this LA stops maintaining it (SEN2 cease reason 5).
    Not an appealable decision: the new LA maintains the plan."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    CASE.check(case.stage, Stage.CEASED)
    check_date(transferred_on, field="transferred_on", what="The date the plan was sent")
    if (
        clock.meet_deadline(case, rule="la_transfer", met_on=transferred_on, by=acting_user(by))
        is None
    ):
        raise TransitionNotAllowed("Record the family's move first")
    decision = record_decision(
        case,
        kind=Decision.Kind.CEASE,
        outcome=Decision.Outcome.CEASE,
        reasons="The plan was transferred to the family's new local authority.",
        decided_on=transferred_on,
        by=by,
        cease_reason=CeaseReason.TRANSFERRED,
    )
    plan = Plan.objects.filter(case=case).first()
    end_plan(case, plan, decided_on=transferred_on, by=by, reason="The plan was transferred")
    move_case(case, Stage.CEASED)
    record_family_event(decision, "decision", kind="ehcp_transferred_out", by=by)
    return case
