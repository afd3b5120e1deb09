"""Pages for requests and the statutory decisions: whether to assess, to issue a plan, to
reassess; ceasing, closing, transfers between councils; the decision letters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ehcp import forms as ehcp_forms
from ehcp import selectors, services
from ehcp.models import (
    AssessmentRequest,
    PlanStatus,
)
from ehcp.views.pages import (
    CaseStep,
    case_step,
    case_url,
    form_page,
    take_step,
)
from ehcp.workflow import CASE, PLAN_IN_FORCE_STAGES
from sendcpp import access, evidence
from sendcpp.access import Action
from sendcpp.children import CHILD_FIELDS, clean_child_values
from sendcpp.models import Case, Child, Stage, Team

# --- Requests and decisions -----------------------------------------------------------------------


def _new_child(data: dict[str, Any], user: Any) -> Child:
    """The child a new request is for, with their details checked by the same rules as the
    child's record page (a ``DomainError`` names the field that is wrong)."""
    values = clean_child_values(
        {name: data.get(name, "") for name in CHILD_FIELDS if name in data},
        today=timezone.localdate(),
    )
    return Child(
        **values,
        primary_need=data.get("primary_need") or "",
        setting=data.get("setting"),
        responsible_la_id=user.organisation_id,
    )


def _teams_for(user: Any) -> Any:
    """The teams a manager chooses from when recording a request; None for a coordinator."""
    if not access.is_manager(user):
        return None
    return Team.objects.filter(local_authority_id=user.organisation_id).order_by("name")


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Record a request for an assessment for a child new to the service."""
    access.require(access.is_coordinator(request.user) or access.is_manager(request.user))
    form = ehcp_forms.NewChildRequestForm(request.POST or None, teams=_teams_for(request.user))
    return form_page(
        request,
        form,
        call=lambda data: services.record_request(
            _new_child(data, request.user),
            source=data["source"],
            received_on=data["received_on"],
            details=data["details"],
            by=request.user,
            team=data.get("team"),
            coordinator=request.user if access.is_coordinator(request.user) else None,
        ),
        success="Request recorded. The decision whether to assess is due in 6 weeks.",
        next_url=lambda result: case_url(result.case),
        context={
            "title": "Record a request for an EHC needs assessment",
            "intro": [
                "The statutory clock starts on the day the council received the request: the "
                "decision whether to assess is due within 6 weeks and the final plan within 20."
            ],
            "submit": "Record the request",
            "back_url": reverse("sendcpp:home"),
        },
    )


@require_http_methods(["GET", "POST"])
def transfer_in(request: HttpRequest) -> HttpResponse:
    """Record a plan transferred from another council (reg 15)."""
    access.require(access.is_coordinator(request.user) or access.is_manager(request.user))
    form = ehcp_forms.TransferInForm(request.POST or None, teams=_teams_for(request.user))
    return form_page(
        request,
        form,
        call=lambda data: services.record_transfer_in(
            _new_child(data, request.user),
            team=data.get("team"),
            from_la=data["from_la"],
            plan_made_on=data["plan_made_on"],
            last_reviewed_on=data.get("last_reviewed_on"),
            transferred_on=data["transferred_on"],
            by=request.user,
            coordinator=request.user if access.is_coordinator(request.user) else None,
        ),
        success="Transferred plan recorded. Write to the family within 6 weeks.",
        next_url=case_url,
        context={
            "title": "Record a plan transferred from another council",
            "submit": "Record the transfer",
            "back_url": reverse("sendcpp:home"),
        },
    )


def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    """The EHCP page of a case for LA staff: where the journey is, what to do next, deadlines,
    advice, decisions, the plan and reviews."""
    case = access.get_case_or_404(request.user, case_id)
    if not access.is_la_staff(request.user):
        return redirect("ehcp:journey", case_id=case.public_id)
    overview = selectors.case_overview(case)
    can_transition_case = access.can(request.user, Action.TRANSITION, case)
    return render(
        request,
        "ehcp/case.html",
        {
            "case": case,
            "o": overview,
            "today": timezone.localdate(),
            "can_edit": access.can(request.user, Action.EDIT, case),
            "can_decide": can_transition_case,
            "has_request": any(
                r.kind == AssessmentRequest.Kind.ASSESSMENT for r in overview.requests
            ),
            "pending_reassessment": any(
                r.kind == AssessmentRequest.Kind.REASSESSMENT and r.status == "pending"
                for r in overview.requests
            ),
            "plan_in_force": case.stage in PLAN_IN_FORCE_STAGES,
            "evidence_panels": evidence.panels_for(request.user, case, "ehcp"),
            "open_review": next((r for r in overview.reviews if r.is_open), None),
            "may_close": CASE.allows(case.stage, Stage.CLOSED),
            "may_cease": CASE.allows(case.stage, Stage.CEASED),
            "may_review": CASE.allows(case.stage, Stage.ANNUAL_REVIEW)
            and overview.plan is not None
            and overview.plan.status == PlanStatus.FINAL,
        },
    )


@require_http_methods(["GET", "POST"])
def request_record(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.EDIT)
    return take_step(
        request,
        case,
        CaseStep(
            form=ehcp_forms.RequestForm,
            service=services.record_request,
            title="Record the request for an assessment",
            submit="Record the request",
            success="Request recorded. The decision whether to assess is due in 6 weeks.",
        ),
        initial={"received_on": case.request_received_on},
    )


def _decide_whether_to_issue(case: Case, *, agree: bool, **decision: Any) -> Case:
    return services.decide_whether_to_issue(case, issue=agree, **decision)


def _decision(service: Callable[..., Case], title: str, yes: str, no: str, rights: str) -> CaseStep:
    return CaseStep(
        form=ehcp_forms.DecisionForm,
        form_kwargs={"yes": yes, "no": no},
        service=service,
        title=title,
        intro=(rights,),
        submit="Record the decision",
        success="Decision recorded. The family can read the letter in the family portal.",
        action=Action.TRANSITION,
        dated="decided_on",
        deadlines=True,
    )


_DECISIONS = {
    "assess": _decision(
        services.decide_whether_to_assess,
        "Decide whether to carry out an EHC needs assessment",
        "Yes, carry out an assessment",
        "No, do not assess",
        "A decision not to assess can be appealed: the letter will explain the family's rights of "
        "appeal and mediation.",
    ),
    "issue": _decision(
        _decide_whether_to_issue,
        "Decide whether to issue an EHC plan",
        "Yes, write a plan",
        "No, do not issue a plan",
        "A decision not to issue a plan can be appealed: the letter will explain the family's "
        "rights of appeal and mediation.",
    ),
    "reassess": _decision(
        services.decide_reassessment,
        "Decide whether to reassess",
        "Yes, reassess",
        "No, do not reassess",
        "A decision not to reassess can be appealed.",
    ),
}


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, case_id: str, what: str) -> HttpResponse:
    """One of the statutory decisions: whether to assess, to issue a plan, or to reassess."""
    if what not in _DECISIONS:
        raise Http404("No such decision")
    case = access.get_case_or_404(request.user, case_id, Action.TRANSITION)
    # Each sends the family a letter, which can be previewed first.
    return take_step(request, case, _DECISIONS[what], letter=True)


reassessment_request = case_step(
    CaseStep(
        form=ehcp_forms.RequestForm,
        service=services.request_reassessment,
        title="Record a request for a reassessment",
        submit="Record the request",
        success="Request for a reassessment recorded. Decide within 15 days.",
    )
)

cease = case_step(
    CaseStep(
        form=ehcp_forms.CeaseForm,
        service=services.cease_plan,
        title="Stop maintaining the plan",
        intro=(
            "The family can appeal. The council keeps securing the provision while an appeal "
            "can be brought or is under way.",
        ),
        submit="Record the decision",
        success="Decision to stop maintaining the plan recorded.",
        action=Action.TRANSITION,
        dated="decided_on",
    ),
    letter=True,
)

close = case_step(
    CaseStep(
        form=ehcp_forms.CloseForm,
        service=services.close_case,
        title="Close the case",
        submit="Close the case",
        success="Case closed.",
        action=Action.TRANSITION,
        dated="closed_on",
    )
)

transfer_notice = case_step(
    CaseStep(
        form=ehcp_forms.TransferNoticeForm,
        service=services.send_transfer_notice,
        title="Write to the family about the transferred plan",
        intro=(
            "Tell the family the plan has transferred, whether the council proposes an "
            "assessment, and when it will review the plan.",
        ),
        submit="Record the letter",
        success="Letter about the transferred plan recorded.",
    )
)

move_out = case_step(
    CaseStep(
        form=ehcp_forms.MoveOutForm,
        service=services.record_move_out,
        title="Record a move to another council",
        submit="Record the move",
        success="Move recorded. Send the plan to the new council by the date shown.",
    )
)

transfer_out = case_step(
    CaseStep(
        form=ehcp_forms.TransferOutForm,
        service=services.transfer_plan_out,
        title="Record that the plan was sent to the new council",
        submit="Record the transfer",
        success="Plan transferred. This council no longer maintains it.",
        action=Action.TRANSITION,
        deadlines=True,
    )
)


def decision(request: HttpRequest, decision_id: str) -> HttpResponse:
    """A decision letter: what was decided and why, and the family's rights."""
    found = selectors.get_decision_or_404(request.user, decision_id)
    from sendcpp.deadlines import appeal_due, mediation_adviser_contact_due

    context: dict[str, Any] = {"decision": found, "case": found.case}
    if found.is_appealable:
        from sendcpp.calendar import bank_holidays

        context["mediation_by"] = mediation_adviser_contact_due(found.decided_on)
        context["appeal_by"] = appeal_due(
            decision_sent_on=found.decided_on, certificate_issued_on=None, holidays=bank_holidays()
        )
    context["back_url"] = (
        case_url(found.case)
        if access.is_la_staff(request.user)
        else reverse("ehcp:journey", kwargs={"case_id": found.case.public_id})
    )
    return render(request, "ehcp/decision.html", context)
