"""The moves every EHC service shares: locking the case (then its plan), moving the case's
stage through the workflow table, recording a decision, checking dates and text, opening an
appeal window, and telling the family or the coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    Assessment,
    AssessmentRequest,
    Decision,
    GridRow,
    Plan,
    PlanStatus,
    Review,
)
from ehcp.workflow import CASE
from letters import services as letter_services
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError
from sendcpp.models import (
    ApiClient,
    Case,
    Child,
    Deadline,
    Relationship,
    Stage,
    Team,
    User,
)
from sendcpp.notifications import notify, notify_family
from sendcpp.timeline import record_family_event

#: The deadline rules this app starts. Closing or ceasing a case cancels those still open (and
#: leaves the mediation app's own deadlines alone).
EHCP_RULES = (
    "assessment_decision",
    "assessment_advice",
    "no_plan_notice",
    "draft_plan_target",
    "draft_plan_comments",
    "final_plan",
    "annual_review",
    "review_meeting_notice",
    "review_papers",
    "review_report",
    "review_decision",
    "amendment_comments",
    "final_amended_plan",
    "school_phase_transfer",
    "post16_phase_transfer",
    "post16_move",
    "reassessment_decision",
    "reassessment_final_plan",
    "la_transfer",
    "transfer_notice",
    "transfer_review",
)

#: The plan's editable sections (other than the grid, section I and the area strengths) and the
#: fields of each.
PLAN_SECTION_FIELDS: Mapping[str, tuple[str, ...]] = {
    "services": (
        "health_professionals",
        "known_to_social_care",
        "looked_after",
        "previously_looked_after",
        "other_professionals",
        "one_page_profile",
        "moving_from_la",
    ),
    "history": ("history", "communication"),
    "views": (
        "views",
        "views_gathered",
        "interests",
        "strengths",
        "aspirations",
        "parent_views",
    ),
    "budget": ("personal_budget", "direct_payments"),
}

PLAN_ROW_FIELDS = ("area", *GridRow.CONTENT_FIELDS)

# --- Helpers --------------------------------------------------------------------------------------


def acting_user(by: Actor) -> User | None:
    """The person to record on a row (partner systems are recorded by the API log instead)."""
    return by if isinstance(by, User) else None


def current_date() -> date:
    return timezone.localdate()


def lock_case(case: Case) -> Case:
    # NO KEY UPDATE, so that timeline events (which reference the case) can still be written.
    return (
        Case.objects.select_for_update(no_key=True, of=("self",))
        .select_related("child", "coordinator")
        .get(pk=case.pk)
    )


def require(by: Actor, action: Action, case: Case, message: str) -> None:
    if not access.can(by, action, case):
        raise DomainError(message)


def move_case(case: Case, target: Stage) -> None:
    """Move the case on the statutory journey (the one place ``Case.stage`` is written)."""
    CASE.check(case.stage, target)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(stage=target, stage_changed_at=now, updated_at=now)
    case.stage = target
    case.stage_changed_at = now


def check_date(
    value: date, *, field: str, what: str, not_before: date | None = None, after_what: str = ""
) -> None:
    if value > current_date():
        raise DomainError(f"{what} must be today or in the past", field=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            f"{what} must be on or after {not_before:%-d %B %Y}{after_what}", field=field
        )


def clean_text(text: str, *, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def open_appeal_window(case: Case, *, decision: str, sent_on: date, by: Actor) -> None:
    from mediation.services import open_appeal_window

    open_appeal_window(case, decision=decision, decision_sent_on=sent_on, by=by)


def record_decision(
    case: Case,
    *,
    kind: str,
    outcome: str,
    reasons: str,
    decided_on: date,
    by: Actor,
    appeal_decision: str = "",
    cease_reason: str = "",
) -> Decision:
    return Decision.objects.create(
        case=case,
        kind=kind,
        outcome=outcome,
        reasons=clean_text(reasons, field="reasons", message="Enter the reasons for the decision"),
        cease_reason=cease_reason,
        decided_on=decided_on,
        decided_by=acting_user(by),
        decided_by_client=by if isinstance(by, ApiClient) else None,
        appeal_decision=appeal_decision,
    )


class RequestDecision(NamedTuple):
    decision_kind: str
    rule: str
    appeal_decision: str
    assessment_kind: str


#: What deciding each kind of request records: the decision, the deadline it meets, the
#: appealable decision a refusal is, and the assessment an agreement starts.
REQUEST_DECISIONS: dict[str, RequestDecision] = {
    AssessmentRequest.Kind.ASSESSMENT: RequestDecision(
        Decision.Kind.ASSESS, "assessment_decision", "refuse_assess", Assessment.Kind.INITIAL
    ),
    AssessmentRequest.Kind.REASSESSMENT: RequestDecision(
        Decision.Kind.REASSESS,
        "reassessment_decision",
        "refuse_reassess",
        Assessment.Kind.REASSESSMENT,
    ),
}


def set_plan_status(plan_id: int, status: str, *, family_to_respond: bool = False) -> None:
    """Move a plan to ``status``. Its lock version goes up, so a form opened before must be
    reloaded; with ``family_to_respond`` the family's response to it starts again."""
    changes: dict[str, object] = {
        "status": status,
        "lock_version": F("lock_version") + 1,
        "updated_at": timezone.now(),
    }
    if family_to_respond:
        changes["family_response_complete_at"] = None
    Plan.objects.filter(pk=plan_id).update(**changes)


def decide_request(
    case: Case,
    request: AssessmentRequest,
    *,
    agree: bool,
    reasons: str,
    decided_on: date,
    by: Actor,
) -> Decision:
    """Decide a request for an EHC needs assessment or a reassessment: record the decision on
    the request, meet its decision deadline and, if agreed, start the assessment."""
    rules = REQUEST_DECISIONS[request.kind]
    decision = record_decision(
        case,
        kind=rules.decision_kind,
        outcome=Decision.Outcome.AGREED if agree else Decision.Outcome.REFUSED,
        reasons=reasons,
        decided_on=decided_on,
        by=by,
        appeal_decision="" if agree else rules.appeal_decision,
    )
    request.status = AssessmentRequest.Status.AGREED if agree else AssessmentRequest.Status.REFUSED
    request.decision = decision
    request.save(update_fields=["status", "decision"])
    clock.meet_deadline(case, rule=rules.rule, met_on=decided_on, by=acting_user(by))
    if agree:
        Assessment.objects.create(
            case=case, request=request, kind=rules.assessment_kind, started_on=decided_on
        )
    return decision


def tell_family_of_decision(
    decision: Decision,
    *,
    kind: str,
    by: Actor,
    summary: str,
    subject: str = "",
    **data: object,
) -> None:
    """Put a decision on the family's timeline, send its letter (the council's wording, with the
    rights of appeal and mediation when it can be appealed; a tagged PDF on the case) and tell the
    family to read it: the notification names the decision (``subject``, else the summary) and
    the day it was made."""
    record_family_event(decision, "decision", kind=kind, by=by, summary=summary, **data)
    if letter_services.decision_letter_wanted():
        _send_decision_letter(decision, summary=summary, by=by)
    notify_family(
        decision.case,
        "decision",
        on=decision.decided_on,
        key=f"ehcp:decision:{decision.public_id}",
        link=decision_link(decision),
        decision=subject or summary,
    )


def _send_decision_letter(decision: Decision, *, summary: str, by: Actor) -> None:
    """The decision's letter in the council's wording, with the rights of appeal and mediation
    when it can be appealed, kept as a tagged PDF on the case."""
    letter_services.send_letter(
        decision.case,
        kind=f"decision_{decision.kind}",
        values=letter_services.decision_values(
            decision=f"{summary}.",
            reasons=decision.reasons,
            decided_on=decision.decided_on,
            appealable=decision.is_appealable,
        ),
        by=by,
        source=str(decision.public_id),
        sent_on=decision.decided_on,
    )


def notify_coordinator(case: Case, *, key: str, subject: str, body: str, link: str) -> None:
    if case.coordinator_id is not None:
        notify(
            key=key,
            recipient=case.coordinator,
            subject=subject,
            body=body,
            case=case,
            link=link,
        )


def family_relationship(by: Actor, case: Case) -> Relationship | None:
    if not access.is_family(by):
        return None
    return Relationship.objects.filter(child_id=case.child_id, user=by).first()


def require_decision_maker(by: Actor, case: Case, what: str) -> Relationship | None:
    """A family member acts on the case only if they make its decisions (a young person 16+ makes
    their own; a parent may be limited)."""
    relationship = family_relationship(by, case)
    if relationship is not None and not relationship.is_decision_maker:
        raise DomainError(f"Only the person who makes decisions on the case can {what}")
    return relationship


def cancel_open_deadlines(case: Case, *, reason: str, on: date, by: Actor) -> None:
    open_deadlines = Deadline.objects.filter(
        case=case, rule__in=EHCP_RULES, met_on__isnull=True, cancelled_on__isnull=True
    ).values_list("rule", "subject")
    for rule, subject in list(open_deadlines):
        clock.cancel_deadline(
            case, rule=rule, subject=subject, reason=reason, on=on, by=acting_user(by)
        )


def case_link(case: Case) -> str:
    return reverse("ehcp:case", kwargs={"case_id": case.public_id})


def decision_link(decision: Decision) -> str:
    return reverse("ehcp:decision", kwargs={"decision_id": decision.public_id})


def _school_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def is_year_9_or_above(child: Child, today: date) -> bool:
    """Whether the child is in Year 9 or above: 13 or older on 31 August before this school year
    (from Year 9 the plan must prepare for adulthood, CoP 9.69)."""
    start = _school_year_start(today)
    return child.age_on(date(start.year, 8, 31)) >= 13


def may_open_case_in(by: Actor, team: Team) -> bool:
    if access.is_manager(by):
        return by.organisation_id == team.local_authority_id
    profile = getattr(by, "staff_profile", None) if access.is_coordinator(by) else None
    return profile is not None and profile.team_id == team.pk


def lock_plan(plan: Plan) -> Plan:
    return (
        Plan.objects.select_for_update(no_key=True, of=("self",))
        .select_related("case", "case__child", "case__coordinator", "updated_by")
        .get(pk=plan.pk)
    )


def lock_case_and_plan(plan: Plan) -> tuple[Case, Plan]:
    """Lock the case, then its plan (always in this order, so two services cannot deadlock)."""
    case = lock_case(Case(pk=plan.case_id))
    plan = lock_plan(plan)
    plan.case = case
    return case, plan


def end_plan(case: Case, plan: Plan | None, *, decided_on: date, by: Actor, reason: str) -> None:
    if plan is not None:
        set_plan_status(plan.pk, PlanStatus.CEASED)
    Review.objects.filter(
        case=case, status__in=[Review.Status.SCHEDULED, Review.Status.MEETING_HELD]
    ).update(status=Review.Status.CANCELLED)
    cancel_open_deadlines(case, reason=reason, on=decided_on, by=by)
