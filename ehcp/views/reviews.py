"""Annual review pages: arranging it, each step, and the family's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ehcp import forms as ehcp_forms
from ehcp import selectors, services
from ehcp.models import (
    Review,
)
from ehcp.views.pages import case_url, decision_page, form_page
from sendcpp import access, evidence
from sendcpp.access import Action

# --- Reviews --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access.get_case_or_404(request.user, case_id, Action.TRANSITION)
    form = ehcp_forms.ScheduleReviewForm(request.POST or None)
    return form_page(
        request,
        form,
        call=lambda data: services.schedule_review(
            case,
            meeting_on=data["meeting_on"],
            phase_transfer=data["phase_transfer"] or "",
            transfer_on=data["transfer_on"],
            by=request.user,
        ),
        success="Review arranged. Send the invitations and papers at least 2 weeks before.",
        next_url=lambda review: reverse("ehcp:review", kwargs={"review_id": review.public_id}),
        context={
            "case": case,
            "title": "Arrange the annual review",
            "deadlines": selectors.open_deadlines(case).order_by("due_on"),
            "submit": "Arrange the review",
            "back_url": case_url(case),
        },
    )


def review_page(request: HttpRequest, review_id: str) -> HttpResponse:
    review = selectors.get_review_or_404(request.user, review_id)
    case = review.case
    is_staff = access.is_la_staff(request.user)
    return render(
        request,
        "ehcp/review.html",
        {
            "review": review,
            "case": case,
            "is_staff": is_staff,
            "can_decide": access.can(request.user, Action.TRANSITION, case),
            "can_contribute": access.can(request.user, Action.CONTRIBUTE, case),
            "contributions": review.contributions.select_related("given_by"),
            "advice": review.advice_requests.select_related("organisation") if is_staff else [],
            "deadlines": selectors.open_deadlines(case).order_by("due_on") if is_staff else [],
            "decision": review.decision,
            "evidence_panels": evidence.panels_for(request.user, case, "review"),
        },
    )


_REVIEW_STEPS: dict[str, tuple[str, type[forms.Form], str]] = {
    "invitations": (
        "Record that the invitations were sent",
        ehcp_forms.SentOnForm,
        "Invitations recorded.",
    ),
    "papers": ("Record that the papers were sent", ehcp_forms.SentOnForm, "Papers recorded."),
    "meeting": ("Record the review meeting", ehcp_forms.ReviewMeetingForm, "Meeting recorded."),
    "report": ("Send the review report", ehcp_forms.ReviewReportForm, "Report recorded."),
    "decision": (
        "Decide after the review",
        ehcp_forms.ReviewDecisionForm,
        "Decision recorded. The family can read the letter in the family portal.",
    ),
}


def _review_call(step: str, review: Review, user: Any) -> Callable[[dict[str, Any]], Any]:
    calls: dict[str, Callable[[dict[str, Any]], Any]] = {
        "invitations": lambda d: services.send_review_invitations(
            review, sent_on=d["sent_on"], by=user
        ),
        "papers": lambda d: services.circulate_review_papers(review, sent_on=d["sent_on"], by=user),
        "meeting": lambda d: services.record_review_meeting(
            review, held_on=d["held_on"], attendees=d["attendees"], notes=d["notes"], by=user
        ),
        "report": lambda d: services.send_review_report(
            review, report=d["report"], sent_on=d["sent_on"], by=user
        ),
        "decision": lambda d: services.decide_after_review(
            review,
            outcome=d["outcome"],
            reasons=d["reasons"],
            decided_on=d["decided_on"],
            cease_reason=d["cease_reason"],
            by=user,
        ),
    }
    return calls[step]


@require_http_methods(["GET", "POST"])
def review_step(request: HttpRequest, review_id: str, step: str) -> HttpResponse:
    """One step of the annual review: invitations, papers, the meeting, the report, the decision."""
    if step not in _REVIEW_STEPS:
        raise Http404("No such step")
    review = selectors.get_review_or_404(request.user, review_id, Action.TRANSITION)
    title, form_class, success = _REVIEW_STEPS[step]
    today = timezone.localdate()
    form = form_class(
        request.POST or None,
        initial={"sent_on": today, "held_on": review.meeting_on, "decided_on": today},
    )
    back = reverse("ehcp:review", kwargs={"review_id": review.public_id})
    # The decision sends the family a letter, which can be previewed before it is recorded.
    page = decision_page if step == "decision" else form_page
    return page(
        request,
        form,
        call=_review_call(step, review, request.user),
        success=success,
        next_url=back,
        context={
            "case": review.case,
            "title": title,
            "deadlines": selectors.open_deadlines(review.case).order_by("due_on"),
            "submit": "Record the decision" if step == "decision" else "Save",
            "back_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def review_contribute(request: HttpRequest, review_id: str) -> HttpResponse:
    """The family's views for the annual review."""
    review = selectors.get_review_or_404(request.user, review_id, Action.CONTRIBUTE)
    form = ehcp_forms.ReviewContributionForm(request.POST or None)
    back = reverse("ehcp:review", kwargs={"review_id": review.public_id})
    return form_page(
        request,
        form,
        call=lambda data: services.contribute_to_review(review, by=request.user, **data),
        success="Thank you. Your views will be shared at the review meeting.",
        next_url=back,
        context={
            "case": review.case,
            "title": "Your views for the annual review",
            "submit": "Send your views",
            "back_url": back,
        },
    )
