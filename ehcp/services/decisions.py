"""Requests and the statutory decisions on them: whether to assess, whether to issue (or amend
after a reassessment), reassessment, early reviews asked for by the family, ceasing, reinstating
and closing."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.models import (
    AdviceRequest,
    Assessment,
    AssessmentRequest,
    CeaseReason,
    Decision,
    Plan,
    PlanStatus,
    RequestSource,
    Review,
)
from ehcp.services.casework import (
    acting_user,
    check_date,
    clean_text,
    decide_request,
    end_plan,
    lock_case,
    may_open_case_in,
    move_case,
    open_appeal_window,
    record_decision,
    require,
    set_plan_status,
    tell_family_of_decision,
)
from ehcp.workflow import CASE
from sendcpp import access, clock
from sendcpp import services as core_services
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import (
    Audience,
    Case,
    Child,
    Stage,
    Team,
    User,
)
from sendcpp.timeline import record_case_event, record_family_event

# --- Requests and decisions -----------------------------------------------------------------------


def _open_case_for_request(
    child: Child, *, team: Team | None, coordinator: User | None, received_on: date, by: Actor
) -> Case:
    if team is None and access.is_coordinator(by):
        team = by.staff_profile.team
    if team is None:
        raise DomainError("Choose the team that will handle the request", field="team")
    if not may_open_case_in(by, team):
        raise DomainError("You cannot record requests for this team")
    if child.pk is not None:
        still_open = Case.objects.filter(child=child, closed_on__isnull=True).exclude(
            stage__in=[Stage.NOT_ASSESSED, Stage.NOT_ISSUED, Stage.CEASED]
        )
        if still_open.exists():
            raise DuplicateSubmission("This child already has an open case: record it there")
    return core_services.open_case(
        child,
        team=team,
        by=acting_user(by),
        coordinator=coordinator,
        request_received_on=received_on,
    )


@transaction.atomic
def record_request(
    child_or_case: Child | Case,
    *,
    source: str,
    received_on: date,
    by: Actor,
    details: str = "",
    team: Team | None = None,
    coordinator: User | None = None,
) -> AssessmentRequest:
    """Record a request for an EHC needs assessment, which starts the statutory clock: the
    decision whether to assess is due in 6 weeks and the final plan in 20 (regs 5(1), 13(2)).

    Pass a ``Child`` to open a new case for them (with ``team``, by default the coordinator's
    own, and optionally ``coordinator``), or a ``Case`` already opened at "Request received"
    without a request recorded. A child may have only one open case."""
    if source not in RequestSource.values:
        raise DomainError("Choose who made the request", field="source")
    check_date(received_on, field="received_on", what="The date the request was received")
    if isinstance(child_or_case, Case):
        case = lock_case(child_or_case)
        require(by, Action.EDIT, case, "You cannot record requests on this case")
        if case.stage != Stage.REQUEST:
            raise TransitionNotAllowed(
                "A request can only be recorded on a case at “Request received”"
            )
        if AssessmentRequest.objects.filter(
            case=case, kind=AssessmentRequest.Kind.ASSESSMENT
        ).exists():
            raise DuplicateSubmission("A request has already been recorded on this case")
        Case.objects.filter(pk=case.pk).update(request_received_on=received_on)
        case.request_received_on = received_on
    else:
        case = _open_case_for_request(
            child_or_case, team=team, coordinator=coordinator, received_on=received_on, by=by
        )
    request = AssessmentRequest.objects.create(
        case=case,
        kind=AssessmentRequest.Kind.ASSESSMENT,
        source=source,
        received_on=received_on,
        details=(details or "").strip(),
        recorded_by=acting_user(by),
    )
    record_family_event(
        request,
        "request",
        kind="ehcp_request_recorded",
        by=by,
        summary=f"Request for an EHC needs assessment received on {received_on:%-d %B %Y}",
        source=source,
    )
    clock.start_deadline(
        case, rule="assessment_decision", by=acting_user(by), request_received_on=received_on
    )
    clock.start_deadline(
        case, rule="final_plan", by=acting_user(by), request_received_on=received_on
    )
    return request


def _assessment_request(case: Case) -> AssessmentRequest:
    requests = AssessmentRequest.objects.filter(case=case, kind=AssessmentRequest.Kind.ASSESSMENT)
    request = requests.filter(status=AssessmentRequest.Status.PENDING).first()
    if request is None and case.stage == Stage.NOT_ASSESSED:
        # The decision is being changed after mediation or a tribunal order.
        request = requests.filter(status=AssessmentRequest.Status.REFUSED).first()
    if request is None:
        raise TransitionNotAllowed("Record the request for an assessment first")
    return request


@transaction.atomic
def decide_whether_to_assess(
    case: Case, *, agree: bool, reasons: str, decided_on: date, by: Actor
) -> Case:
    """Decide whether to carry out an EHC needs assessment (reg 5(1): within 6 weeks of the
    request). A refusal is appealable: the decision letter states the rights of appeal and
    mediation, and the mediation app opens the appeal window. A case refused earlier can be
    agreed after mediation or a tribunal order."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    target = Stage.ASSESSMENT if agree else Stage.NOT_ASSESSED
    CASE.check(case.stage, target)
    request = _assessment_request(case)
    check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=request.received_on,
        after_what=", the day the request was received",
    )
    decision = decide_request(
        case, request, agree=agree, reasons=reasons, decided_on=decided_on, by=by
    )
    if agree:
        if case.stage == Stage.REQUEST:
            clock.start_deadline(
                case,
                rule="no_plan_notice",
                by=acting_user(by),
                request_received_on=request.received_on,
            )
    else:
        clock.cancel_deadline(
            case,
            rule="final_plan",
            reason="The council decided not to carry out an assessment",
            on=decided_on,
            by=acting_user(by),
        )
    move_case(case, target)
    summary = (
        "We decided to carry out an EHC needs assessment"
        if agree
        else "We decided not to carry out an EHC needs assessment"
    )
    tell_family_of_decision(
        decision, kind="ehcp_assessment_decided", by=by, summary=summary, agree=agree
    )
    if not agree:
        open_appeal_window(case, decision="refuse_assess", sent_on=decided_on, by=by)
    return case


def _assessment_for_issue(case: Case) -> Assessment:
    assessments = Assessment.objects.filter(case=case).select_related("request")
    assessment = assessments.filter(outcome=Assessment.Outcome.PENDING).first()
    if assessment is None and case.stage == Stage.NOT_ISSUED:
        # The decision is being changed after mediation or a tribunal order.
        assessment = assessments.filter(outcome=Assessment.Outcome.NOT_ISSUE).first()
    if assessment is None:
        raise TransitionNotAllowed("There is no assessment under way on this case")
    return assessment


def _start_drafting(case: Case, *, by: Actor) -> Plan:
    plan, created = Plan.objects.select_for_update().get_or_create(
        case=case, defaults={"updated_by": acting_user(by)}
    )
    if not created:
        set_plan_status(plan.pk, PlanStatus.DRAFTING, family_to_respond=True)
        plan.refresh_from_db()
    return plan


#: (after a reassessment?, issue?) -> (target stage, appealable decision, what the family reads).
_ISSUE_OUTCOMES: dict[tuple[bool, bool], tuple[Stage, str, str]] = {
    (False, True): (Stage.DRAFTING, "", "We decided to write an EHC plan"),
    (False, False): (Stage.NOT_ISSUED, "refuse_issue", "We decided not to issue an EHC plan"),
    (True, True): (Stage.DRAFTING, "", "We decided to amend the plan after the reassessment"),
    (True, False): (
        Stage.MAINTAINED,
        "refuse_amend",
        "We decided not to amend the plan after the reassessment",
    ),
}


def _issue_decision_deadlines(
    case: Case, assessment: Assessment, *, issue: bool, decided_on: date, by: Actor
) -> None:
    user = acting_user(by)
    reassessment = assessment.kind == Assessment.Kind.REASSESSMENT
    if issue:
        clock.cancel_deadline(
            case,
            rule="no_plan_notice",
            reason="The council decided to issue a plan",
            on=decided_on,
            by=user,
        )
        if not reassessment and case.stage == Stage.ASSESSMENT:
            clock.start_deadline(
                case,
                rule="draft_plan_target",
                by=user,
                request_received_on=assessment.request.received_on,
            )
    elif reassessment:
        clock.cancel_deadline(
            case,
            rule="reassessment_final_plan",
            reason="The council decided not to amend the plan after the reassessment",
            on=decided_on,
            by=user,
        )
    else:
        clock.meet_deadline(case, rule="no_plan_notice", met_on=decided_on, by=user)
        clock.cancel_deadline(
            case,
            rule="final_plan",
            reason="The council decided not to issue a plan",
            on=decided_on,
            by=user,
        )


@transaction.atomic
def decide_whether_to_issue(
    case: Case, *, issue: bool, reasons: str, decided_on: date, by: Actor
) -> Case:
    """Decide, once the advice is in, whether to issue an EHC plan (reg 10: a decision not to
    issue is notified within 16 weeks of the request, with the rights of appeal). After a
    reassessment, the decision is whether to amend the plan; not amending is appealable too.
    Every advice request must be answered or withdrawn first."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    assessment = _assessment_for_issue(case)
    reassessment = assessment.kind == Assessment.Kind.REASSESSMENT
    target, appeal, summary = _ISSUE_OUTCOMES[(reassessment, issue)]
    CASE.check(case.stage, target)
    if assessment.advice_requests.filter(status=AdviceRequest.Status.REQUESTED).exists():
        raise DomainError(
            "Some advice has not been received. Wait for it, or withdraw those requests, "
            "before deciding."
        )
    check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=assessment.started_on,
        after_what=", the day the assessment started",
    )
    decision = record_decision(
        case,
        kind=Decision.Kind.AMEND if reassessment else Decision.Kind.ISSUE,
        outcome=Decision.Outcome.AGREED if issue else Decision.Outcome.REFUSED,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
        appeal_decision=appeal,
    )
    assessment.outcome = Assessment.Outcome.ISSUE if issue else Assessment.Outcome.NOT_ISSUE
    assessment.decision = decision
    assessment.save(update_fields=["outcome", "decision"])
    _issue_decision_deadlines(case, assessment, issue=issue, decided_on=decided_on, by=by)
    if issue:
        _start_drafting(case, by=by)
    move_case(case, target)
    tell_family_of_decision(
        decision, kind="ehcp_issue_decided", by=by, summary=summary, issue=issue
    )
    if appeal:
        open_appeal_window(case, decision=appeal, sent_on=decided_on, by=by)
    return case


@transaction.atomic
def cease_plan(case: Case, *, reason_code: str, reasons: str, decided_on: date, by: Actor) -> Case:
    """Stop maintaining the plan (CFA s45; regs 29-31), for one of the SEN2 cease reasons.
    Appealable: the letter states the rights of appeal, and the LA keeps securing the provision
    while an appeal can be brought or is pending (the mediation app tracks the window)."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    if reason_code not in CeaseReason.values:
        raise DomainError("Choose the reason the plan is stopping", field="reason_code")
    CASE.check(case.stage, Stage.CEASED)
    plan = Plan.objects.select_for_update().filter(case=case).first()
    check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=plan.made_on if plan else None,
        after_what=", the day the plan was made",
    )
    decision = record_decision(
        case,
        kind=Decision.Kind.CEASE,
        outcome=Decision.Outcome.CEASE,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
        appeal_decision="cease",
        cease_reason=reason_code,
    )
    end_plan(case, plan, decided_on=decided_on, by=by, reason="The plan is stopping")
    move_case(case, Stage.CEASED)
    tell_family_of_decision(
        decision,
        kind="ehcp_plan_ceased",
        by=by,
        summary="We decided to stop maintaining the plan",
        reason_code=reason_code,
    )
    open_appeal_window(case, decision="cease", sent_on=decided_on, by=by)
    return case


@transaction.atomic
def reinstate_plan(case: Case, *, reasons: str, decided_on: date, by: Actor) -> Case:
    """Maintain a ceased plan again (a tribunal ordered it, or the LA changed its decision after
    mediation). The annual review clock runs on from the plan's last review."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    CASE.check(case.stage, Stage.MAINTAINED)
    plan = Plan.objects.select_for_update().get(case=case)
    check_date(decided_on, field="decided_on", what="The date of the decision")
    decision = record_decision(
        case,
        kind=Decision.Kind.REINSTATE,
        outcome=Decision.Outcome.MAINTAIN,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
    )
    set_plan_status(plan.pk, PlanStatus.FINAL)
    last_review = (
        Review.objects.filter(case=case, status=Review.Status.DECIDED)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    clock.start_deadline(
        case,
        rule="annual_review",
        by=acting_user(by),
        plan_made_on=plan.made_on,
        last_review_concluded_on=last_review,
    )
    move_case(case, Stage.MAINTAINED)
    record_family_event(decision, "decision", kind="ehcp_plan_reinstated", by=by)
    return case


@transaction.atomic
def close_case(case: Case, *, reasons: str, closed_on: date, by: Actor) -> Case:
    """Close a case that will go no further: a request withdrawn, a family that moved away before
    a plan was made, or a refused or ceased case once nothing more can happen."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot close this case")
    CASE.check(case.stage, Stage.CLOSED)
    reasons = clean_text(reasons, field="reasons", message="Enter why the case is closing")
    check_date(closed_on, field="closed_on", what="The date the case closed")
    AssessmentRequest.objects.filter(case=case, status=AssessmentRequest.Status.PENDING).update(
        status=AssessmentRequest.Status.WITHDRAWN
    )
    for advice_request in AdviceRequest.objects.filter(
        case=case, status=AdviceRequest.Status.REQUESTED
    ):
        advice_request.status = AdviceRequest.Status.WITHDRAWN
        advice_request.save(update_fields=["status"])
    Assessment.objects.filter(case=case, outcome=Assessment.Outcome.PENDING).update(
        outcome=Assessment.Outcome.NOT_ISSUE
    )
    plan = Plan.objects.filter(case=case).first()
    end_plan(
        case,
        plan if plan and plan.made_on is None else None,
        decided_on=closed_on,
        by=by,
        reason="The case closed",
    )
    move_case(case, Stage.CLOSED)
    Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    case.closed_on = closed_on
    record_case_event(
        case=case,
        kind="ehcp_case_closed",
        by=by,
        summary="The case was closed",
        audience=Audience.FAMILY,
        reasons=reasons[:500],
    )
    return case
