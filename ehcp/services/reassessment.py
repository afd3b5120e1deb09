"""Reassessment (CFA s44(2); regs 24-27) and the early review a family may ask for."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.models import (
    AssessmentRequest,
    RequestSource,
    Review,
)
from ehcp.services.casework import (
    acting_user,
    case_link,
    check_date,
    clean_text,
    current_date,
    decide_request,
    lock_case,
    move_case,
    notify_coordinator,
    open_appeal_window,
    require,
    require_decision_maker,
    tell_family_of_decision,
)
from ehcp.workflow import CASE, PLAN_IN_FORCE_STAGES
from sendcpp import clock
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import (
    Case,
    Relationship,
    Stage,
)
from sendcpp.timeline import record_family_event

# --- Requests and decisions -----------------------------------------------------------------------


@transaction.atomic
def request_reassessment(
    case: Case, *, source: str, received_on: date, by: Actor, details: str = ""
) -> AssessmentRequest:
    """Record a request to reassess a child with a plan (CFA s44(2)): from the family, the setting
    or health. The LA decides within 15 days (reg 25)."""
    case = lock_case(case)
    require(by, Action.CONTRIBUTE, case, "You cannot ask for a reassessment on this case")
    relationship = require_decision_maker(by, case, "ask for a reassessment")
    if relationship is not None:
        is_self = relationship.kind == Relationship.Kind.SELF
        source = RequestSource.YOUNG_PERSON if is_self else RequestSource.PARENT
        received_on = current_date()
    if source not in RequestSource.values:
        raise DomainError("Choose who made the request", field="source")
    check_date(received_on, field="received_on", what="The date the request was received")
    if case.stage not in PLAN_IN_FORCE_STAGES:
        raise TransitionNotAllowed("A reassessment can only be asked for when there is a plan")
    if AssessmentRequest.objects.filter(
        case=case,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        status=AssessmentRequest.Status.PENDING,
    ).exists():
        raise DuplicateSubmission("A request for a reassessment is already waiting for a decision")
    request = AssessmentRequest.objects.create(
        case=case,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        source=source,
        received_on=received_on,
        details=(details or "").strip(),
        recorded_by=acting_user(by),
    )
    record_family_event(request, "request", kind="ehcp_reassessment_requested", by=by)
    clock.start_deadline(
        case, rule="reassessment_decision", by=acting_user(by), request_received_on=received_on
    )
    if relationship is not None:
        notify_coordinator(
            case,
            key=f"ehcp:reassessment-request:{request.public_id}",
            subject=f"Reassessment requested on case {case.reference}",
            body="The family asked for a reassessment. Decide within 15 days.",
            link=case_link(case),
        )
    return request


@transaction.atomic
def decide_reassessment(
    case: Case, *, agree: bool, reasons: str, decided_on: date, by: Actor
) -> Case:
    """Decide whether to reassess (reg 25: within 15 days of a request; the LA may also decide on
    its own initiative). A refusal is appealable. Agreeing starts the 14-week clock for the
    final plan (reg 27(2))."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    if case.stage not in PLAN_IN_FORCE_STAGES:
        raise TransitionNotAllowed("Only a case with a plan in force can be reassessed")
    if agree:
        CASE.check(case.stage, Stage.ASSESSMENT)
    request = AssessmentRequest.objects.filter(
        case=case,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        status=AssessmentRequest.Status.PENDING,
    ).first()
    check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=request.received_on if request else None,
        after_what=", the day the request was received",
    )
    if request is None:
        request = AssessmentRequest.objects.create(
            case=case,
            kind=AssessmentRequest.Kind.REASSESSMENT,
            source=RequestSource.OTHER,
            received_on=decided_on,
            details="The council's own decision",
            recorded_by=acting_user(by),
        )
    decision = decide_request(
        case, request, agree=agree, reasons=reasons, decided_on=decided_on, by=by
    )
    if agree:
        clock.start_deadline(
            case,
            rule="reassessment_final_plan",
            by=acting_user(by),
            decided_to_reassess_on=decided_on,
        )
        move_case(case, Stage.ASSESSMENT)
    summary = "We decided to reassess" if agree else "We decided not to reassess"
    tell_family_of_decision(
        decision, kind="ehcp_reassessment_decided", by=by, summary=summary, agree=agree
    )
    if not agree:
        open_appeal_window(case, decision="refuse_reassess", sent_on=decided_on, by=by)
    return case


@transaction.atomic
def request_review(case: Case, *, reasons: str, by: Actor) -> AssessmentRequest:
    """A family asks for an early review of the plan; the coordinator is told and arranges it."""
    case = lock_case(case)
    require(by, Action.CONTRIBUTE, case, "You cannot ask for a review on this case")
    relationship = require_decision_maker(by, case, "ask for a review")
    if case.stage not in PLAN_IN_FORCE_STAGES:
        raise TransitionNotAllowed("A review can only be asked for when there is a plan")
    if Review.objects.filter(
        case=case, status__in=[Review.Status.SCHEDULED, Review.Status.MEETING_HELD]
    ).exists():
        raise DuplicateSubmission("A review of the plan is already under way")
    if AssessmentRequest.objects.filter(
        case=case, kind=AssessmentRequest.Kind.REVIEW, status=AssessmentRequest.Status.PENDING
    ).exists():
        raise DuplicateSubmission("You have already asked for a review. We will be in touch.")
    source = RequestSource.OTHER
    if relationship is not None:
        is_self = relationship.kind == Relationship.Kind.SELF
        source = RequestSource.YOUNG_PERSON if is_self else RequestSource.PARENT
    request = AssessmentRequest.objects.create(
        case=case,
        kind=AssessmentRequest.Kind.REVIEW,
        source=source,
        received_on=current_date(),
        details=clean_text(reasons, field="reasons", message="Tell us why you want a review"),
        recorded_by=acting_user(by),
    )
    record_family_event(request, "request", kind="ehcp_review_requested", by=by)
    notify_coordinator(
        case,
        key=f"ehcp:review-request:{request.public_id}",
        subject=f"Early review requested on case {case.reference}",
        body="The family asked for an early review of the plan.",
        link=case_link(case),
    )
    return request
