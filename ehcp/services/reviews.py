"""Annual reviews (CFA s44; regs 19-22) and amending the plan after one."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp.models import (
    AssessmentRequest,
    CeaseReason,
    Decision,
    Plan,
    PlanStatus,
    PlanVersion,
    Review,
    ReviewContribution,
)
from ehcp.services.casework import (
    acting_user,
    check_date,
    clean_text,
    lock_case,
    lock_case_and_plan,
    move_case,
    notify_family,
    open_appeal_window,
    record_decision,
    require,
    set_plan_status,
    tell_family_of_decision,
)
from ehcp.services.decisions import cease_plan
from ehcp.services.plans import send_plan_for_comments
from ehcp.workflow import CASE
from sendcpp import clock
from sendcpp import deadlines as rules
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import (
    Case,
    Stage,
)
from sendcpp.timeline import record_family_event

# --- Annual reviews -------------------------------------------------------------------------------

_PHASE_TRANSFER_RULES = {
    Review.PhaseTransfer.SCHOOL: "school_phase_transfer",
    Review.PhaseTransfer.POST16: "post16_phase_transfer",
    Review.PhaseTransfer.POST16_MOVE: "post16_move",
}


def _lock_review(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("case", "case__child", "plan")
        .get(pk=review.pk)
    )


@transaction.atomic
def schedule_review(
    case: Case,
    *,
    meeting_on: date,
    by: Actor,
    phase_transfer: str = "",
    transfer_on: date | None = None,
) -> Review:
    """Arrange an annual review meeting (CFA s44; reg 20): invitations and the papers go out at
    least 2 weeks before it. With a phase transfer in the next 12 months, the plan must name the
    next setting by the long-stop date (reg 18)."""
    case = lock_case(case)
    require(by, Action.TRANSITION, case, "You cannot arrange reviews on this case")
    CASE.check(case.stage, Stage.ANNUAL_REVIEW)
    plan = Plan.objects.select_for_update().filter(case=case).first()
    if plan is None or plan.status != PlanStatus.FINAL:
        raise TransitionNotAllowed("A review can be arranged only when a final plan is in force")
    if phase_transfer not in Review.PhaseTransfer.values:
        raise DomainError("Choose whether there is a phase transfer", field="phase_transfer")
    if phase_transfer and transfer_on is None:
        raise DomainError("Enter the date of the move to the next phase", field="transfer_on")
    review = Review.objects.create(
        case=case,
        plan=plan,
        meeting_on=meeting_on,
        phase_transfer=phase_transfer,
        transfer_on=transfer_on if phase_transfer else None,
        created_by=acting_user(by),
        request=AssessmentRequest.objects.filter(
            case=case,
            kind=AssessmentRequest.Kind.REVIEW,
            status=AssessmentRequest.Status.PENDING,
        ).first(),
    )
    if review.request is not None:
        review.request.status = AssessmentRequest.Status.AGREED
        review.request.save(update_fields=["status"])
    for rule in ("review_meeting_notice", "review_papers"):
        clock.start_deadline(case, rule=rule, by=acting_user(by), meeting_on=meeting_on)
    if phase_transfer:
        clock.start_deadline(
            case,
            rule=_PHASE_TRANSFER_RULES[phase_transfer],
            by=acting_user(by),
            transfer_on=transfer_on,
        )
    move_case(case, Stage.ANNUAL_REVIEW)
    record_family_event(
        review,
        "review",
        kind="ehcp_review_scheduled",
        by=by,
        summary=f"Annual review meeting arranged for {meeting_on:%-d %B %Y}",
    )
    notify_family(
        case,
        "review_meeting",
        on=meeting_on,
        key=f"ehcp:review:{review.public_id}",
        link=reverse("ehcp:review", kwargs={"review_id": review.public_id}),
    )
    return review


def _open_review(review: Review, by: Actor, *, held: bool | None = None) -> Review:
    review = _lock_review(review)
    require(by, Action.TRANSITION, review.case, "You cannot change this review")
    if not review.is_open:
        raise TransitionNotAllowed("This review has ended")
    if held is True and review.status != Review.Status.MEETING_HELD:
        raise TransitionNotAllowed("Record the review meeting first")
    if held is False and review.status != Review.Status.SCHEDULED:
        raise TransitionNotAllowed("The review meeting has already been held")
    return review


@transaction.atomic
def send_review_invitations(review: Review, *, sent_on: date, by: Actor) -> Review:
    """Invite the family, the setting, health and social care to the meeting (reg 20(3):
    at least 2 weeks' notice)."""
    review = _open_review(review, by, held=False)
    check_date(sent_on, field="sent_on", what="The date the invitations were sent")
    Review.objects.filter(pk=review.pk).update(invitations_sent_on=sent_on)
    review.invitations_sent_on = sent_on
    clock.meet_deadline(
        review.case, rule="review_meeting_notice", met_on=sent_on, by=acting_user(by)
    )
    record_family_event(review, "review", kind="ehcp_review_invitations_sent", by=by)
    return review


@transaction.atomic
def circulate_review_papers(review: Review, *, sent_on: date, by: Actor) -> Review:
    """Send the advice and information gathered to everyone invited (reg 20(4): at least 2
    weeks before the meeting)."""
    review = _open_review(review, by, held=False)
    check_date(sent_on, field="sent_on", what="The date the papers were sent")
    Review.objects.filter(pk=review.pk).update(papers_sent_on=sent_on)
    review.papers_sent_on = sent_on
    clock.meet_deadline(review.case, rule="review_papers", met_on=sent_on, by=acting_user(by))
    record_family_event(review, "review", kind="ehcp_review_papers_sent", by=by)
    return review


@transaction.atomic
def contribute_to_review(
    review: Review,
    *,
    by: Actor,
    progress: str = "",
    working_well: str = "",
    not_working: str = "",
    changes: str = "",
) -> ReviewContribution:
    """The family's views for the review: progress towards the outcomes, what is and is not
    working, and what should change."""
    review = _lock_review(review)
    require(by, Action.CONTRIBUTE, review.case, "You cannot contribute to this review")
    if review.status != Review.Status.SCHEDULED:
        raise TransitionNotAllowed("The review meeting has been held: contact your coordinator")
    texts = {
        "progress": (progress or "").strip(),
        "working_well": (working_well or "").strip(),
        "not_working": (not_working or "").strip(),
        "changes": (changes or "").strip(),
    }
    if not any(texts.values()):
        raise DomainError("Tell us at least one thing", field="progress")
    contribution = ReviewContribution.objects.create(
        review=review, given_by=acting_user(by), **texts
    )
    record_family_event(review, "review", kind="ehcp_review_contribution", by=by)
    return contribution


@transaction.atomic
def record_review_meeting(
    review: Review, *, held_on: date, attendees: str, notes: str, by: Actor
) -> Review:
    """Record the review meeting. The report is due within 2 weeks and the LA's decision within
    4 weeks of it (regs 20-21; L v Devon)."""
    review = _open_review(review, by, held=False)
    check_date(held_on, field="held_on", what="The date of the meeting")
    attendees = clean_text(attendees, field="attendees", message="Enter who came to the meeting")
    notes = clean_text(notes, field="notes", message="Enter what the meeting discussed")
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.MEETING_HELD, held_on=held_on, attendees=attendees, meeting_notes=notes
    )
    review.refresh_from_db()
    for rule in ("review_meeting_notice", "review_papers"):
        clock.cancel_deadline(
            review.case, rule=rule, reason="The meeting was held", on=held_on, by=acting_user(by)
        )
    clock.start_deadline(review.case, rule="review_report", by=acting_user(by), meeting_on=held_on)
    clock.start_deadline(
        review.case, rule="review_decision", by=acting_user(by), meeting_on=held_on
    )
    record_family_event(
        review,
        "review",
        kind="ehcp_review_meeting_held",
        by=by,
        summary=f"Annual review meeting held on {held_on:%-d %B %Y}",
    )
    return review


@transaction.atomic
def send_review_report(review: Review, *, report: str, sent_on: date, by: Actor) -> Review:
    """Send the review report: recommendations on amendments and any differences of view
    (within 2 weeks of the meeting)."""
    review = _open_review(review, by, held=True)
    report = clean_text(report, field="report", message="Enter the report")
    check_date(
        sent_on,
        field="sent_on",
        what="The date the report was sent",
        not_before=review.held_on,
        after_what=", the day of the meeting",
    )
    Review.objects.filter(pk=review.pk).update(report=report, report_sent_on=sent_on)
    review.refresh_from_db()
    clock.meet_deadline(review.case, rule="review_report", met_on=sent_on, by=acting_user(by))
    record_family_event(review, "review", kind="ehcp_review_report_sent", by=by)
    return review


@transaction.atomic
def decide_after_review(
    review: Review,
    *,
    outcome: str,
    reasons: str,
    decided_on: date,
    by: Actor,
    cease_reason: str = "",
) -> Review:
    """Decide whether to keep, amend or stop the plan (reg 20: within 4 weeks of the meeting).
    The decision concludes the review and restarts the 12-month clock. Keeping the plan
    unchanged is appealable (a decision not to amend); ceasing goes through ``cease_plan``."""
    review = _open_review(review, by, held=True)
    if outcome not in Review.Outcome.values:
        raise DomainError("Choose the decision", field="outcome")
    if review.report_sent_on is None:
        raise TransitionNotAllowed("Send the review report before deciding")
    check_date(
        decided_on,
        field="decided_on",
        what="The date of the decision",
        not_before=review.held_on,
        after_what=", the day of the meeting",
    )
    case = lock_case(review.case)
    if outcome == Review.Outcome.CEASE and cease_reason not in CeaseReason.values:
        raise DomainError("Choose the reason the plan is stopping", field="cease_reason")
    maintain = outcome == Review.Outcome.MAINTAIN
    decision = record_decision(
        case,
        kind=Decision.Kind.REVIEW,
        outcome=outcome,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
        appeal_decision="refuse_amend" if maintain else "",
    )
    Review.objects.filter(pk=review.pk).update(
        status=Review.Status.DECIDED, outcome=outcome, decided_on=decided_on, decision=decision
    )
    for rule in ("review_decision", "annual_review", "transfer_review"):
        clock.meet_deadline(case, rule=rule, met_on=decided_on, by=acting_user(by))
    if outcome != Review.Outcome.CEASE:
        clock.start_deadline(
            case,
            rule="annual_review",
            by=acting_user(by),
            plan_made_on=review.plan.made_on,
            last_review_concluded_on=decided_on,
        )
    tell_family_of_decision(
        decision,
        kind="ehcp_review_decided",
        by=by,
        summary=f"Annual review decision: {Review.Outcome(outcome).label.lower()}",
        subject="Our decision after the annual review",
    )
    if maintain:
        move_case(case, Stage.MAINTAINED)
        open_appeal_window(case, decision="refuse_amend", sent_on=decided_on, by=by)
    elif outcome == Review.Outcome.AMEND:
        set_plan_status(review.plan_id, PlanStatus.AMENDING, family_to_respond=True)
    else:
        cease_plan(case, reason_code=cease_reason, reasons=reasons, decided_on=decided_on, by=by)
    review.refresh_from_db()
    return review


def _phase_transfer_long_stop(case: Case) -> date | None:
    review = (
        Review.objects.filter(case=case, status=Review.Status.DECIDED)
        .exclude(phase_transfer="")
        .order_by("-decided_on")
        .first()
    )
    if review is None:
        return None
    function = rules.RULES[_PHASE_TRANSFER_RULES[review.phase_transfer]].function
    return function(transfer_on=review.transfer_on)


@transaction.atomic
def issue_amendment_notice(plan: Plan, *, sent_on: date, by: Actor) -> PlanVersion:
    """Send the proposed amendments with the evidence (reg 22(2)): the family has at least 15
    days to comment and ask for a setting; the final amended plan is due within 8 weeks (and by
    the phase-transfer long-stop, reg 18)."""
    case, plan = lock_case_and_plan(plan)
    require(by, Action.TRANSITION, case, "You cannot issue plans on this case")
    if plan.status != PlanStatus.AMENDING:
        raise TransitionNotAllowed("Decide to amend the plan after a review first")
    check_date(sent_on, field="sent_on", what="The date the notice is sent")
    window = clock.start_deadline(
        case, rule="amendment_comments", by=acting_user(by), notice_served_on=sent_on
    )
    clock.start_deadline(
        case,
        rule="final_amended_plan",
        by=acting_user(by),
        notice_sent_on=sent_on,
        long_stop_on=_phase_transfer_long_stop(case),
    )
    return send_plan_for_comments(
        plan,
        kind=PlanVersion.Kind.AMENDMENT_NOTICE,
        sent_on=sent_on,
        comments_close_on=window.due_on,
        status=PlanStatus.AMENDMENT_ISSUED,
        by=by,
        event_kind="ehcp_amendment_notice_issued",
        summary=f"Proposed amendments sent: comments by {window.due_on:%-d %B %Y}",
        key="ehcp:amendments",
        notice="proposed_changes",
    )


@transaction.atomic
def decide_not_to_amend(plan: Plan, *, reasons: str, decided_on: date, by: Actor) -> Plan:
    """After proposing amendments (and hearing the family), the LA decides not to amend after
    all (reg 22(4)): appealable; the plan in force stays as it was."""
    case, plan = lock_case_and_plan(plan)
    require(by, Action.TRANSITION, case, "You cannot make decisions on this case")
    if plan.status not in {PlanStatus.AMENDING, PlanStatus.AMENDMENT_ISSUED}:
        raise TransitionNotAllowed("The plan is not being amended")
    CASE.check(case.stage, Stage.MAINTAINED)
    check_date(decided_on, field="decided_on", what="The date of the decision")
    decision = record_decision(
        case,
        kind=Decision.Kind.AMEND,
        outcome=Decision.Outcome.REFUSED,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
        appeal_decision="refuse_amend",
    )
    for rule in ("amendment_comments", "final_amended_plan"):
        clock.cancel_deadline(
            case,
            rule=rule,
            reason="The council decided not to amend the plan",
            on=decided_on,
            by=acting_user(by),
        )
    set_plan_status(plan.pk, PlanStatus.FINAL)
    move_case(case, Stage.MAINTAINED)
    record_family_event(decision, "decision", kind="ehcp_not_amended", by=by)
    open_appeal_window(case, decision="refuse_amend", sent_on=decided_on, by=by)
    plan.refresh_from_db()
    return plan
