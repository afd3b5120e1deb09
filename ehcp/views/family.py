"""The family's pages: the journey with what happens next and by when, their views, their
requests, and their response to the draft plan (comments and preferred setting)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ehcp import forms as ehcp_forms
from ehcp import selectors, services
from ehcp.models import (
    Decision,
    FamilyView,
    Plan,
    PlanStatus,
    Review,
)
from ehcp.views.pages import family_relationship, form_page
from ehcp.workflow import PLAN_IN_FORCE_STAGES
from sendcpp import access, evidence
from sendcpp.access import Action
from sendcpp.exceptions import DomainError
from sendcpp.models import FAMILY_STAGE_TEXT, Relationship
from sendcpp.selectors import case_account

# --- The family -----------------------------------------------------------------------------------


def journey(request: HttpRequest, case_id: str) -> HttpResponse:
    """The journey for the family: where things are, what happens next and by when, what has
    happened, the plans and letters sent to them, and what they can do."""
    case = access.get_case_or_404(request.user, case_id)
    title, next_step = FAMILY_STAGE_TEXT[case.stage]
    plan = Plan.objects.filter(case=case).first()
    relationship = family_relationship(request, case)
    return render(
        request,
        "ehcp/journey.html",
        {
            "case": case,
            "stage_title": title,
            "next_step": next_step,
            "steps": selectors.family_journey(case),
            "account": case_account(case),
            "family_views": FamilyView.objects.filter(case=case)
            .select_related("given_by")
            .prefetch_related("attachments")[:20],
            "show_all_steps": True,
            "events": access.timeline_for(request.user, case)[:50],
            "versions": selectors.versions_for(request.user)
            .filter(plan__case=case)
            .order_by("-number"),
            "decisions": Decision.objects.filter(case=case).order_by("-decided_on", "-id")[:20],
            "plan": plan,
            "open_review": Review.objects.filter(case=case, status=Review.Status.SCHEDULED).first(),
            "responding": plan is not None
            and plan.status in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDMENT_ISSUED},
            "may_ask": case.stage in PLAN_IN_FORCE_STAGES,
            "is_young_person": relationship is not None
            and relationship.kind == Relationship.Kind.SELF,
            "is_staff": access.is_la_staff(request.user),
            "can_contribute": access.can(request.user, Action.CONTRIBUTE, case),
            "evidence_panels": evidence.panels_for(request.user, case, "journey"),
        },
    )


@require_http_methods(["GET", "POST"])
def views_new(request: HttpRequest, case_id: str) -> HttpResponse:
    """The child's or young person's views, or the parent's, in their own words."""
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    relationship = family_relationship(request, case)
    young_person = relationship is not None and relationship.kind == Relationship.Kind.SELF
    form = ehcp_forms.FamilyViewForm(
        request.POST or None, request.FILES or None, young_person=young_person
    )
    return form_page(
        request,
        form,
        call=lambda data: services.record_family_view(case, **data, by=request.user),
        success="Thank you. Your views have been sent to your coordinator.",
        next_url=reverse("ehcp:journey", kwargs={"case_id": case.public_id}),
        context={
            "case": case,
            "title": "Tell us your views"
            if young_person
            else "Tell us your child's views and yours",
            "intro": [
                "These go into section A of the plan, in your own words. You can add more at any "
                "time.",
                "You can write them, or add a drawing, a photo, a short recording or a video, or "
                "both.",
            ],
            "multipart": True,
            "submit": "Send your views",
            "back_url": reverse("ehcp:journey", kwargs={"case_id": case.public_id}),
        },
    )


@require_http_methods(["GET", "POST"])
def family_ask(request: HttpRequest, case_id: str) -> HttpResponse:
    """The family asks for an early review or a reassessment."""
    case = access.get_case_or_404(request.user, case_id, Action.CONTRIBUTE)
    form = ehcp_forms.FamilyRequestForm(request.POST or None)

    def call(data: dict[str, Any]) -> Any:
        if data["what"] == "review":
            return services.request_review(case, reasons=data["reasons"], by=request.user)
        return services.request_reassessment(
            case,
            source="parent",
            received_on=timezone.localdate(),
            details=data["reasons"],
            by=request.user,
        )

    return form_page(
        request,
        form,
        call=call,
        success="We have your request. Your coordinator will be in touch.",
        next_url=reverse("ehcp:journey", kwargs={"case_id": case.public_id}),
        context={
            "case": case,
            "title": "Ask for a review or a reassessment",
            "intro": [
                "We must decide within 15 days whether to carry out a reassessment. If we say no, "
                "you can appeal."
            ],
            "submit": "Send your request",
            "back_url": reverse("ehcp:journey", kwargs={"case_id": case.public_id}),
        },
    )


def respond(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The family's page for the draft plan: read it, comment section by section, and say which
    school or college they would like, within the window."""
    plan = selectors.get_plan_for_response_or_404(request.user, plan_id)
    response = selectors.draft_response(plan)
    version = response["version"]
    today = timezone.localdate()
    return render(
        request,
        "ehcp/respond.html",
        {
            "plan": plan,
            "case": plan.case,
            **response,
            "window_open": version is not None
            and version.window_open_on(today)
            and plan.status in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDMENT_ISSUED},
            "comment_form": ehcp_forms.DraftCommentForm(),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def respond_comment(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_for_response_or_404(request.user, plan_id)
    form = ehcp_forms.DraftCommentForm(
        request.POST or None, initial={"section": request.GET.get("section")}
    )
    back = reverse("ehcp:respond", kwargs={"plan_id": plan.public_id})
    return form_page(
        request,
        form,
        call=lambda data: services.comment_on_draft(
            plan, section=data["section"], text=data["text"], by=request.user
        ),
        success="Your comment has been sent to your coordinator.",
        next_url=back,
        context={
            "case": plan.case,
            "title": "Comment on the draft plan",
            "submit": "Send your comment",
            "back_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def respond_preference(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_for_response_or_404(request.user, plan_id)
    form = ehcp_forms.PreferenceForm(request.POST or None)
    back = reverse("ehcp:respond", kwargs={"plan_id": plan.public_id})
    return form_page(
        request,
        form,
        call=lambda data: services.state_setting_preference(plan, **data, by=request.user),
        success="Thank you. We will ask the school or college about a place.",
        next_url=back,
        context={
            "case": plan.case,
            "title": "Which school or college would you like?",
            "intro": [
                "You can ask for a maintained school or nursery, an academy or free school, a "
                "further education or sixth form college, a non-maintained special school or an "
                "approved independent special school or college.",
                "We must name it unless it is unsuitable for your child's age, ability, aptitude "
                "or needs, or would not be an efficient use of resources.",
            ],
            "submit": "Send your answer",
            "back_url": back,
        },
    )


@require_POST
def respond_finished(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.get_plan_for_response_or_404(request.user, plan_id)
    try:
        services.finish_commenting(plan, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Thank you. We have noted that you have finished commenting.")
    return redirect("ehcp:respond", plan_id=plan.public_id)
